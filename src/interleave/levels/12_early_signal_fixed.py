import threading

ready = threading.Event()
config = None


def worker():
    ready.wait()
    assert config is not None, "config was not loaded yet"
    print("using", config["mode"])


t = threading.Thread(target=worker)
t.start()
config = {"mode": "fast"}
ready.set()
t.join()
