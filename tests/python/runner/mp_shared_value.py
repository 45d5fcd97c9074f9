# Value and Array live in memory every process shares; with the lock every
# increment counts, as in CPython.
import multiprocessing as mp


def deposit(balance, tally, slot, times):
    for _ in range(times):
        with balance.get_lock():
            balance.value += 1
    with tally.get_lock():
        tally[slot] = tally[slot] + times


if __name__ == "__main__":
    balance = mp.Value("i", 0)
    tally = mp.Array("d", 4)
    workers = [mp.Process(target=deposit, args=(balance, tally, i, 500)) for i in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print("balance:", balance.value)
    print("tally:", tally[:], "sum:", sum(tally))
    print(len(tally), mp.Value("d", 1.5).value)
