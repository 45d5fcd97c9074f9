import threading

class Account:
    def __init__(self, lock):
        self.lock = lock
        self.balance = 0

    def deposit(self, amount):
        with self.lock:             # the second acquire, by the same thread
            self.balance += amount

    def transfer(self, amount):
        with self.lock:             # the first acquire
            self.deposit(amount)

plain = Account(threading.Lock())
ok = plain.lock.acquire()           # what transfer() does…
print(plain.lock.acquire(timeout=0.5))   # …then deposit(): False, it waited for itself
plain.lock.release()

safe = Account(threading.RLock())   # owner + depth: may be taken again by its owner
safe.transfer(10)
print(safe.balance)                 # 10
