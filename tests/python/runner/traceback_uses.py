# traceback in worker error handling: print_exc inside a thread and a pool
# task, format_exc, print_exception (one and three arguments), chains.
import sys
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor


def parse(text):
    return int(text)


def worker(text):
    try:
        return parse(text)
    except ValueError:
        traceback.print_exc()
        return None


t = threading.Thread(target=worker, args=("x1",))
t.start()
t.join()

with ThreadPoolExecutor(max_workers=2) as pool:
    print(list(pool.map(worker, ["1", "two", "3"])))

# format_exc: the last line is the exception's.
try:
    {}["missing"]
except KeyError:
    text = traceback.format_exc()
print(text.splitlines()[0])
print(text.splitlines()[-1])
print(repr(traceback.format_exc()))


def report():
    # Called from an except body: the exception is still being handled.
    print("exc_info:", sys.exc_info()[0].__name__, sys.exc_info()[1])
    traceback.print_exc(file=sys.stderr)


try:
    1 / 0
except ZeroDivisionError:
    report()
print(sys.exc_info())
print(sys.exception())

# One-argument form (3.10+) and the three-argument form.
try:
    parse("seven")
except ValueError as e:
    err = e
traceback.print_exception(err)
traceback.print_exception(type(err), err, err.__traceback__)
lines = traceback.format_exception(err)
print(len(lines), lines[0], end="")
print(lines[-1], end="")
print(traceback.format_exception_only(err))
print(traceback.format_exception_only(type(err), err))

# extract_tb: frames with file, line, function and source.
for frame in traceback.extract_tb(err.__traceback__):
    print(frame.filename.rsplit("/", 1)[-1], frame.lineno, frame.name, frame.line)
last = traceback.extract_tb(err.__traceback__)[-1]
print(repr(last).replace(last.filename, "FILE"), list(last)[1:], last == tuple(last))
print([f.name for f in traceback.extract_tb(err.__traceback__, limit=1)])
print([f.name for f in traceback.extract_tb(err.__traceback__, limit=-1)])
for line in traceback.format_tb(err.__traceback__):
    print(line.splitlines()[0].split(",", 1)[1])
print(err.__traceback__.tb_lineno, err.__traceback__.tb_next.tb_lineno)


# Chained exceptions: context, cause, and 'from None'.
def load(key):
    try:
        return {}[key]
    except KeyError:
        raise LookupError(f"no {key}")


def load_cause(key):
    try:
        return {}[key]
    except KeyError as e:
        raise RuntimeError("lookup failed") from e


def load_quiet(key):
    try:
        return {}[key]
    except KeyError:
        raise RuntimeError("quiet") from None


for f in (load, load_cause, load_quiet):
    try:
        f("k")
    except Exception:
        traceback.print_exc()
        print(repr(traceback.format_exc().splitlines()[-1]))

# A builtin's error inside an except body has the handled one as context.
try:
    try:
        raise ValueError("first")
    except ValueError:
        [][1]
except IndexError as e:
    print(repr(e.__context__), e.__suppress_context__, e.__cause__)
    traceback.print_exc()
    print(traceback.format_exc(chain=False).count("Traceback"))

# limit: the first frames, or the last with a negative limit.
def a(): b()
def b(): c()
def c(): raise OSError("deep")
try:
    a()
except OSError:
    traceback.print_exc(limit=2)
    traceback.print_exc(limit=-1)
    print(len(traceback.format_exc(limit=0).splitlines()))

# Nothing handled.
print(repr(traceback.format_exc()))
traceback.print_exc()
te = traceback.TracebackException.from_exception(err)
print(str(te), te.exc_type.__name__, len(te.stack))
print("".join(te.format_exception_only()), end="")
print("done")
