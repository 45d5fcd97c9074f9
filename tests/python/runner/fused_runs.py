# Runs of instructions the interpreter fuses (runner/fuse.rs) whenever
# their operands leave the small-int and float fast path: big ints, strings,
# lists, a zero divisor, an unbound local, a jump into the middle of a run.


def grow_past_64_bits():
    i = 9223372036854775806
    steps = 0
    while i < 9223372036854775809:
        i += 1
        steps = steps + 1
    return i, steps


def strings_and_lists():
    s = "ab"
    s += "c"
    words = []
    words += ["x"]
    total = 0
    for k in range(3):
        words = words + [k]
        total = total + k
    return s, words, total


def mixed_numbers():
    x = 3
    y = x * 0.5
    z = x // 2
    w = -7 % 3
    v = 2 ** 70
    v = v - 1
    return y, z, w, v


def divide(a):
    q = a / 0.0
    return q


def late_binding(flag):
    if flag:
        b = 1
    a = 2
    return a + b


def compare_mixed(n):
    count = 0
    while n < 3.5:
        n += 1
        count += 1
    while "a" < "b" and count < 10:
        count += 1
    return n, count


def loop_with_continue(n):
    kept = []
    for i in range(n):
        if i % 3 == 0:
            continue
        j = i
        kept.append(j)
    return kept


print(grow_past_64_bits())
print(strings_and_lists())
print(mixed_numbers())
print(compare_mixed(0))
print(loop_with_continue(10))
try:
    divide(1.0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    late_binding(False)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
print(late_binding(True))


# Two locals and an operator (`a * b`): ints that overflow, floats, mixed,
# strings and lists, a zero divisor, an unbound operand.
def two_locals(a, b):
    return a * b, a + b, a - b, a // b, a % b, a / b


print(two_locals(3, 4), two_locals(-7, 2), two_locals(2.5, 4))
print(two_locals(3037000500, 3037000500)[0], two_locals(-(2**62), 2**62)[2])
print([i * i for i in range(3037000498, 3037000502)])
print(sum(x * y for x, y in [(1, 2), (2.5, 2), (2**40, 2**40)]))
s, t = "ab", "cd"
print(s + t, [1] + [2], s * 2)
try:
    two_locals(1, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)


def unbound_operand(flag):
    if flag:
        y = 2
    x = 3
    return x * y


print(unbound_operand(True))
try:
    unbound_operand(False)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
print(divide(2.0))
