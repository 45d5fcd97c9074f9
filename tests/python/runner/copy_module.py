# copy.copy and copy.deepcopy: what a thread should be handed when it must
# not see the caller's later changes, and what cannot be copied at all.
import collections
import copy
import queue
import threading
import multiprocessing as mp


def show(label, f, x):
    try:
        y = f(x)
    except (TypeError, RuntimeError) as e:
        print(f"{label}: {type(e).__name__}: {e}")
        return None
    print(f"{label}: {type(y).__name__}, same object: {y is x}")
    return y


# -- containers: a shallow copy shares the items, a deep copy does not.
board = {"rows": [[0, 0], [0, 0]], "name": "start"}
flat = copy.copy(board)
deep = copy.deepcopy(board)
board["rows"][0][0] = 9
board["name"] = "changed"
print("original:", board)
print("shallow :", flat, flat["rows"] is board["rows"])
print("deep    :", deep, deep["rows"] is board["rows"])

nums = [1, [2, 3], {4}]
print("list.copy:", nums.copy(), nums.copy() is nums, nums.copy()[1] is nums[1])
print("dict.copy:", {"a": [1]}.copy(), "set.copy:", sorted({3, 1, 2}.copy()))
grid = [[0] * 2] * 2
g2 = copy.deepcopy(grid)
g2[0][0] = 5
print("one row twice stays one row twice:", g2, g2[0] is g2[1], grid)

# -- shared and self-referencing structures keep their shape.
shared = [1, 2]
pair = [shared, shared, (shared,)]
pc = copy.deepcopy(pair)
print("shared:", pc[0] is pc[1], pc[2][0] is pc[0], pc[0] is shared)
loop = [1, 2]
loop.append(loop)
lc = copy.deepcopy(loop)
print("self-list:", lc, lc[2] is lc, lc is loop)
node = {"name": "n"}
node["self"] = node
nc = copy.deepcopy(node)
print("self-dict:", nc["self"] is nc, nc is node)

# -- what is returned as itself.
def work():
    return 1


class Box:
    def __init__(self, items, label="box"):
        print("  __init__ ran")
        self.items = items
        self.label = label

    def total(self):
        return sum(self.items)

    def __repr__(self):
        return f"Box({self.items!r}, {self.label!r})"


for name, x in [("int", 10 ** 30), ("str", "text"), ("None", None), ("float", 2.5),
                ("bool", True), ("function", work), ("class", Box), ("builtin", len),
                ("range", range(3)), ("type", int)]:
    print(name, copy.copy(x) is x, copy.deepcopy(x) is x)

t_flat = (1, "a", None)
t_nested = (1, [2])
print("tuple:", copy.copy(t_nested) is t_nested, copy.deepcopy(t_flat) is t_flat,
      copy.deepcopy(t_nested) is t_nested, copy.deepcopy(t_nested))
fs = frozenset([1, 2])
print("frozenset:", copy.copy(fs) is fs, copy.deepcopy(fs) is fs, copy.deepcopy(fs) == fs)
s = {1, (2, 3)}
print("set:", copy.copy(s) is s, copy.deepcopy(s) == s)
sl = slice(1, [2])
print("slice:", copy.copy(sl) is sl, copy.deepcopy(sl) is sl, copy.deepcopy(sl))

# -- instances: rebuilt without __init__, __dict__ copied.
b = Box([1, 2])
b2 = copy.copy(b)
b3 = copy.deepcopy(b)
b.items.append(3)
print("instances:", b, b2, b3, type(b3).__name__, b3.total())
print("shallow shares items:", b2.items is b.items, "deep does not:", b3.items is b.items)
m = copy.deepcopy(b.total)
print("bound method:", m(), m.__self__ is b, copy.copy(b.total)() == b.total())


class Tracked:
    # __copy__ and __deepcopy__ take over when a class defines them.
    copies = 0

    def __init__(self, data):
        self.data = data

    def __copy__(self):
        Tracked.copies += 1
        return Tracked(self.data)

    def __deepcopy__(self, memo):
        Tracked.copies += 10
        clone = Tracked(None)
        memo[id(self)] = clone
        clone.data = copy.deepcopy(self.data, memo)
        return clone


tr = Tracked([1, [2]])
tr_list = [tr, tr]
out = copy.deepcopy(tr_list)
print("custom:", out[0] is out[1], out[0].data, out[0].data is tr.data,
      copy.copy(tr).data is tr.data, Tracked.copies)


class Stateful:
    # __getstate__ / __setstate__: copying goes through them too.
    def __init__(self):
        self.value = 1
        self.cache = {"big": list(range(3))}

    def __getstate__(self):
        state = dict(self.__dict__)
        del state["cache"]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.cache = {}


st = copy.deepcopy(Stateful())
print("state:", st.value, st.cache, copy.copy(Stateful()).cache)

memo = {}
a = [1]
first = copy.deepcopy(a, memo)
second = copy.deepcopy([a, a], memo)
print("memo given:", second[0] is first, second[1] is first, copy.deepcopy(a, memo=None) is first)
memo = {}
pair_of_lists = [[1], [2]]
copy.deepcopy(pair_of_lists, memo)
kept = memo.pop(id(memo))
print("memo holds:", len(memo), "copies, and keeps", len(kept), "originals alive:",
      sorted(map(str, kept)))

# -- the library's own containers.
dd = collections.defaultdict(list)
dd["a"].append(1)
dd2 = copy.deepcopy(dd)
dd2["b"].append(2)
print("defaultdict:", dict(dd), dict(dd2), dd2.default_factory is list)
ctr = copy.copy(collections.Counter("hello"))
print("Counter:", ctr.most_common(2))
dq = collections.deque([1, [2]], maxlen=3)
dq2 = copy.deepcopy(dq)
dq[1].append(3)
print("deque:", dq, dq2, dq2.maxlen)
Point = collections.namedtuple("Point", "x y")
p = Point(1, [2])
print("namedtuple:", copy.deepcopy(p), copy.deepcopy(p) == p)
err = copy.deepcopy(ValueError("bad", 2))
print("exception:", type(err).__name__, err.args, err)

# -- what cannot be copied: locks and what holds them.
show("Lock copy", copy.copy, threading.Lock())
show("Lock deepcopy", copy.deepcopy, threading.Lock())
show("RLock deepcopy", copy.deepcopy, threading.RLock())
show("Event copy", copy.copy, threading.Event())
show("Event deepcopy", copy.deepcopy, threading.Event())
show("Condition deepcopy", copy.deepcopy, threading.Condition())
show("Semaphore deepcopy", copy.deepcopy, threading.Semaphore())
show("Thread copy", copy.copy, threading.Thread(target=work))
show("Thread deepcopy", copy.deepcopy, threading.Thread(target=work))
show("queue.Queue copy", copy.copy, queue.Queue())
show("queue.Queue deepcopy", copy.deepcopy, queue.Queue())
show("generator", copy.deepcopy, (i for i in range(3)))
show("module", copy.copy, copy)
show("mp.Lock", copy.deepcopy, mp.Lock())
show("mp.RLock", copy.copy, mp.RLock())
show("mp.Queue", copy.copy, mp.Queue())
show("mp.Value", copy.deepcopy, mp.Value("i", 1))
show("mp.Array", copy.copy, mp.Array("i", 3))
show("mp.Semaphore", copy.deepcopy, mp.Semaphore(2))
show("mp.Event copy", copy.copy, mp.Event())
show("mp.Event deepcopy", copy.deepcopy, mp.Event())


class Account:
    def __init__(self):
        self.balance = 0
        self.lock = threading.Lock()


acct = Account()
twin = copy.copy(acct)
print("shallow copy shares the lock:", twin.lock is acct.lock)
show("deepcopy of an object holding a lock", copy.deepcopy, acct)

nested = []
for _ in range(5000):
    nested = [nested]
try:
    copy.deepcopy(nested)
except RecursionError as e:
    print("RecursionError:", e)
print("copy.error is copy.Error:", copy.error is copy.Error, issubclass(copy.Error, Exception))

# -- the tutorials' use: each worker gets its own copy of the settings.
settings = {"retries": [1, 2], "name": "base"}
results = []
results_lock = threading.Lock()


def worker(i, conf):
    conf["retries"].append(i)
    with results_lock:
        results.append((i, len(conf["retries"])))


threads = [threading.Thread(target=worker, args=(i, copy.deepcopy(settings))) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("each worker saw its own copy:", sorted(results), settings)
for call in (lambda: copy.deepcopy(), lambda: copy.copy(), lambda: copy.copy(1, 2),
             lambda: copy.deepcopy(1, {}, [], 4)):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
