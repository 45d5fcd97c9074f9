# An uncaught exception: traceback through nested calls.
def parse(text):
    return int(text)


def load(values):
    return [parse(v) for v in values]


def main():
    print(load(["1", "2"]))
    print(load(["3", "four"]))


if __name__ == "__main__":
    main()
