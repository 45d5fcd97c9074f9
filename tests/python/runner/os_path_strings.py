# os.path as string work, os.urandom, os.getcwd, os.sched_getaffinity.
import os
import os.path
from os.path import join, splitext

print(os.path.join("data", "raw", "file.txt"), join("/a", "/b", "c"), join("a/", "b"), join("", "x"))
print(os.path.split("/usr/lib/python3/"), os.path.split("file"), os.path.split("/"))
print(splitext("report.final.pdf"), splitext(".bashrc"), splitext("dir.d/name"), splitext("a/..b"))
print(os.path.basename("/tmp/out.csv"), os.path.dirname("/tmp/out.csv"), os.path.dirname("//x"))
for p in ("a//b/./c/..", "/../x", "../../y", "", "//srv/", "///z", "a/b/../../.."):
    print(repr(p), "->", repr(os.path.normpath(p)))
print(os.path.isabs("/x"), os.path.isabs("x"), os.path.abspath("/a/b/../c"), os.path.abspath("/q/"))
# A relative path is made absolute from the working directory (here "/").
print(os.path.abspath("x/y").endswith("/x/y"), os.path.isabs(os.path.abspath("z")))
print(os.path.sep, os.sep, os.path.curdir, os.pardir)
print(os.path.commonprefix(["/usr/lib", "/usr/local"]), repr(os.path.commonprefix([])))
print(os.path.exists("data.csv"), os.path.isfile("data.csv"), os.path.isdir("data"))
try:
    os.path.getsize("data.csv")
except FileNotFoundError as e:
    print("FileNotFoundError", e)
for bad in ((1, "a"), ("a", None)):
    try:
        os.path.join(*bad)
    except TypeError as e:
        print("TypeError", e)
try:
    os.path.splitext(3)
except TypeError as e:
    print("TypeError", e)

print(os.path.isabs(os.getcwd()))
r = os.urandom(16)
print(type(r).__name__, len(r), len(os.urandom(0)), os.urandom(3) != os.urandom(3) or "same")
try:
    os.urandom(-1)
except ValueError as e:
    print("ValueError", e)
try:
    os.urandom("8")
except TypeError as e:
    print("TypeError", e)
cpus = os.sched_getaffinity(0)
print(type(cpus).__name__, cpus == set(range(len(cpus))), len(cpus) >= 1)
