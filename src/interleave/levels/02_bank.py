import threading

balance = 100


def withdraw(amount):
    global balance
    if balance >= amount:
        balance -= amount


t1 = threading.Thread(target=withdraw, args=(80,))
t2 = threading.Thread(target=withdraw, args=(70,))
t1.start()
t2.start()
t1.join()
t2.join()
assert balance >= 0, f"overdrawn: {balance}"
