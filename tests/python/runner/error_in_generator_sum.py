# An uncaught exception raised inside a generator while sum() consumes it:
# the traceback goes through the generator's own line.
def ratio(a, b):
    return a / b


def ratios(pairs):
    for a, b in pairs:
        yield ratio(a, b)


def total(pairs):
    return sum(ratios(pairs))


def main():
    print(total([(1, 2), (3, 4)]))
    print(total([(1, 2), (3, 0), (5, 6)]))


main()
