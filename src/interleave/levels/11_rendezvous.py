import threading

a_arrived = threading.Semaphore(0)
b_arrived = threading.Semaphore(0)
arrived = [False, False]


def a():
    arrived[0] = True
    b_arrived.acquire()
    a_arrived.release()
    assert arrived[1], "a left before b arrived"


def b():
    arrived[1] = True
    a_arrived.acquire()
    b_arrived.release()
    assert arrived[0], "b left before a arrived"


ta = threading.Thread(target=a)
tb = threading.Thread(target=b)
ta.start()
tb.start()
ta.join()
tb.join()
