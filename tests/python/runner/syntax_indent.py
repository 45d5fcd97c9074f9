# A block that lost its indentation while being pasted.
import threading


def work(n):
total = 0
    for i in range(n):
        total += i
    return total


threading.Thread(target=work, args=(10,)).start()
