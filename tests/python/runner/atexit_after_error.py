import atexit


def cleanup(what):
    print("cleaning up", what)


atexit.register(cleanup, "files")
atexit.register(print, "printed by print itself", 1, 2, sep="/")
print("about to fail")
raise RuntimeError("the program fails; exit functions still run")
