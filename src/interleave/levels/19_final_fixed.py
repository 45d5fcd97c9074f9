import threading

checking = 100
savings = 100
checking_lock = threading.Lock()
savings_lock = threading.Lock()


def to_savings(amount):
    global checking, savings
    with checking_lock:
        with savings_lock:
            checking -= amount
            savings += amount


def to_checking(amount):
    global checking, savings
    with checking_lock:
        with savings_lock:
            savings -= amount
            checking += amount


def audit():
    with checking_lock:
        with savings_lock:
            total = checking + savings
    assert total == 200, f"the bank counted {total}"


t1 = threading.Thread(target=to_savings, args=(30,))
t2 = threading.Thread(target=to_checking, args=(20,))
t3 = threading.Thread(target=audit)
t1.start()
t2.start()
t3.start()
t1.join()
t2.join()
t3.join()
