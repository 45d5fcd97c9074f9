import threading

printer = threading.RLock()
pages = []
page_done = threading.Event()


def finish_job():
    pages.append("page 2")
    page_done.set()


printer.acquire()
pages.append("page 1")
t = threading.Thread(target=finish_job)
t.start()
page_done.wait()
printer.release()
t.join()
with printer:
    pages.append("next job")
