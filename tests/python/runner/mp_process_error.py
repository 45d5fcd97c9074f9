# A child that raises prints its traceback under "Process <name>:" and ends
# with exit code 1; the parent goes on. sys.exit(3) in a child is code 3.
import multiprocessing as mp
import sys


def parse(text):
    return int(text)


def leave():
    sys.exit(3)


if __name__ == "__main__":
    p = mp.Process(target=parse, args=("twelve",), name="Parser")
    p.start()
    p.join()
    print("exit code:", p.exitcode, flush=True)
    q = mp.Process(target=leave)
    q.start()
    q.join()
    print("exit code:", q.exitcode)
