import threading

alice = threading.Lock()
bob = threading.Lock()
accounts = {"alice": 50, "bob": 50}


def transfer(src, src_lock, dst, dst_lock, amount):
    # Every thread takes the locks in the same global order: by name.
    if src < dst:
        first, second = src_lock, dst_lock
    else:
        first, second = dst_lock, src_lock
    with first:
        with second:
            accounts[src] -= amount
            accounts[dst] += amount


t1 = threading.Thread(target=transfer, args=("alice", alice, "bob", bob, 10))
t2 = threading.Thread(target=transfer, args=("bob", bob, "alice", alice, 20))
t1.start()
t2.start()
t1.join()
t2.join()
print(accounts)
