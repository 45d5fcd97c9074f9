import threading

stock = 0
lock = threading.Lock()


def restock():
    global stock
    with lock:
        stock += 1


def buy():
    global stock
    with lock:
        if stock == 0:
            return False
        stock -= 1
        return True


buyer = threading.Thread(target=buy)
supplier = threading.Thread(target=restock)
buyer.start()
supplier.start()
buyer.join()
supplier.join()
