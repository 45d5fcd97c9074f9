import threading

fork0 = threading.Lock()
fork1 = threading.Lock()
fork2 = threading.Lock()
fed = [False, False, False]


def philosopher(i, left, right):
    with left:
        with right:
            fed[i] = True


p0 = threading.Thread(target=philosopher, args=(0, fork0, fork1))
p1 = threading.Thread(target=philosopher, args=(1, fork1, fork2))
p2 = threading.Thread(target=philosopher, args=(2, fork2, fork0))
p0.start()
p1.start()
p2.start()
p0.join()
p1.join()
p2.join()
