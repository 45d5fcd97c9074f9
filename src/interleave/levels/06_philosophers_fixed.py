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
# The last philosopher reaches right first: forks are always taken in
# number order (0 before 2), so no cycle of waits can form.
p2 = threading.Thread(target=philosopher, args=(2, fork0, fork2))
p0.start()
p1.start()
p2.start()
p0.join()
p1.join()
p2.join()
