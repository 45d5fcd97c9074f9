import atexit
import sys

atexit.register(lambda: print("exit function after sys.exit"))
sys.exit(0)
