# A Manager's list, dict, Value and Namespace live in a server process;
# children get proxies, so what a child changes the parent sees (unlike a
# plain list, which a child gets a copy of).
import multiprocessing as mp


def record(shared, scores, total, info, lock, name, points):
    shared.append(name)
    scores[name] = points
    with lock:
        total.value += points
    info.last = name


def bump(args):
    counts, key = args
    counts[key] = counts.get(key, 0) + 1
    return key


if __name__ == "__main__":
    plain = []
    with mp.Manager() as manager:
        shared = manager.list()
        scores = manager.dict()
        total = manager.Value("i", 0)
        info = manager.Namespace()
        info.last = None
        lock = manager.Lock()
        runners = [mp.Process(target=record, args=(shared, scores, total, info, lock, f"p{i}", i * 10))
                   for i in range(4)]
        for r in runners:
            r.start()
        for r in runners:
            r.join()
        print("names:", sorted(shared), "len", len(shared))
        print("scores:", sorted(scores.items()))
        print("total:", total.value, "last set:", info.last in ("p0", "p1", "p2", "p3"))
        print("managed list printed:", manager.list([3, 1, 2]))
        print("dict keys:", sorted(scores.keys()), "p2" in scores, scores.get("zz", -1))

        nums = manager.list(range(5))
        nums.append(5)
        nums += [6, 7]
        nums[0] = 100
        del nums[1]
        print(nums, nums[0], nums[-1], nums[1:3], 7 in nums, list(nums)[:3])
        print([n * 2 for n in nums][:4], nums.pop(), nums.index(3), len(nums))
        try:
            nums[50]
        except IndexError as e:
            print("IndexError:", e)
        try:
            scores["nobody"]
        except KeyError as e:
            print("KeyError:", e)

        # Pool workers share the dict through the manager too; one key
        # each, so no two updates race.
        counts = manager.dict()
        with mp.Pool(2) as pool:
            keys = pool.map(bump, [(counts, k) for k in "abcd"])
        print("pool:", keys, sorted(counts.items()))
        print("manager process:", [p.name for p in mp.active_children()])
    print("after with:", mp.active_children())
    print("a plain list stays empty in the parent:", plain)
