# ThreadError, get_native_id, stack_size, the old camelCase names and a
# program's own threading.excepthook.
import threading

lock = threading.Lock()
try:
    lock.release()
except threading.ThreadError as e:
    print(type(e).__name__, e, threading.ThreadError is RuntimeError)

ids = []


def work():
    ids.append(threading.get_native_id())


t = threading.Thread(target=work)
t.start()
t.join()
main_id = threading.get_native_id()
print(isinstance(main_id, int), ids[0] != main_id, ids[0] == t.native_id)

print(threading.stack_size())
print(threading.stack_size(1 << 20), threading.stack_size(), threading.stack_size(0))
for bad in (1, 32767, -1, "big", 2.0):
    try:
        threading.stack_size(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

# Called from library code, so CPython shows no DeprecationWarning (it
# shows one for calls written in the program's own file; the runner never does).
from concurrent.futures import ThreadPoolExecutor
with ThreadPoolExecutor(max_workers=1) as pool:
    print(pool.submit(threading.currentThread).result().name)
    print(pool.submit(threading.activeCount).result())

caught = []


def hook(args):
    caught.append((args.exc_type.__name__, str(args.exc_value), args.thread.name))


def boom(n):
    raise ValueError(f"bad input {n}")


threading.excepthook = hook
workers = [threading.Thread(target=boom, args=(i,), name=f"w{i}") for i in range(3)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(sorted(caught))
threading.excepthook = threading.__excepthook__
args = threading.ExceptHookArgs([KeyError, KeyError("k"), None, None])
print(args.exc_type.__name__, args.exc_value, len(args), args[2])
try:
    threading.ExceptHookArgs([1, 2])
except TypeError as e:
    print("TypeError", e)
