import threading

printer = threading.RLock()
pages = []


def finish_job():
    pages.append("page 2")
    printer.release()


printer.acquire()
pages.append("page 1")
t = threading.Thread(target=finish_job)
t.start()
t.join()
with printer:
    pages.append("next job")
