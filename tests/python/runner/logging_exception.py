# logging.exception() and exc_info= in worker error handling: the message,
# then the traceback, on stderr (compared with CPython's).
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

logging.basicConfig(level=logging.INFO, format="%(levelname)s [%(threadName)s] %(message)s")
log = logging.getLogger("jobs")


def parse(text):
    return int(text)


def worker(text):
    try:
        return parse(text)
    except ValueError:
        log.exception("could not parse %r", text)
        return None


t = threading.Thread(target=worker, args=("x1",), name="parser")
t.start()
t.join()
try:
    {}["k"]
except KeyError as e:
    logging.error("lookup failed", exc_info=True)
    log.warning("as an instance", exc_info=e)
    log.info("no traceback here")
logging.exception("outside a handler")
log.error("plain error", exc_info=False)
with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pool") as pool:
    print(list(pool.map(worker, ["1", "two"])))
print("done")
