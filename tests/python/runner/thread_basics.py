# Thread names, arguments, join, and the main thread's name.
import threading
import time

results = {}


def worker(name, delay):
    me = threading.current_thread()
    time.sleep(delay)
    results[name] = me.name


print("main is", threading.current_thread().name, threading.main_thread().name)
t1 = threading.Thread(target=worker, args=("1", 0.02))
t2 = threading.Thread(target=worker, args=("2", 0.01))
t3 = threading.Thread(target=worker, kwargs={"name": "3", "delay": 0}, name="custom")
print(t1.name, t2.name, t3.name, t1.is_alive())
for t in (t1, t2, t3):
    t.start()
for t in (t1, t2, t3):
    t.join()
print(sorted(results.items()), t1.is_alive(), threading.active_count())
anonymous = threading.Thread(target=lambda: None)
print(anonymous.name, anonymous.daemon, threading.Thread(target=worker, daemon=True).daemon)


class Greeter(threading.Thread):
    def __init__(self, who):
        super().__init__()
        self.who = who
        self.greeting = None

    def run(self):
        self.greeting = f"hello {self.who} from {self.name}"


g = Greeter("reader")
g.start()
g.join()
print(g.greeting)
named = Greeter("x")
print(named.name.startswith("Thread-"))
print("All threads completed")
