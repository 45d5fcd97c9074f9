# sys.set_int_max_str_digits: the limit on str(int) is the run's, for
# every thread, and 0 lifts it.
import sys
import threading

big = 7 ** 6000
print(sys.get_int_max_str_digits())
try:
    str(big)
except ValueError as e:
    print("ValueError", e)
sys.set_int_max_str_digits(0)
print(len(str(big)), sys.get_int_max_str_digits())
sys.set_int_max_str_digits(maxdigits=1000)
try:
    print(big)
except ValueError as e:
    print("ValueError", e)
out = []
t = threading.Thread(target=lambda: out.append(len(str(10 ** 999))))
t.start()
t.join()
print(out, sys.get_int_max_str_digits())
for bad in (100, -1, "5", 2.0):
    try:
        sys.set_int_max_str_digits(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
try:
    sys.set_int_max_str_digits()
except TypeError as e:
    print("TypeError", e)
