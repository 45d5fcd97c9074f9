# logging: basicConfig with a format naming the thread, levels, loggers.
import logging
import threading

logging.basicConfig(
    level=logging.DEBUG,
    format="%(levelname)-8s [%(threadName)s] %(name)s: %(message)s",
)
log = logging.getLogger("app")


def worker(n):
    log.debug("worker %d starting", n)
    log.info("worker %s done", n)


log.info("starting %d workers", 2)
for i in range(2):
    t = threading.Thread(target=worker, args=(i,), name=f"w{i}")
    t.start()
    t.join()
logging.warning("a warning with %s and %r", "args", "repr")
logging.getLogger("quiet").setLevel(logging.ERROR)
logging.getLogger("quiet").warning("not shown")
logging.getLogger("quiet").error("shown")
try:
    1 / 0
except ZeroDivisionError:
    log.error("failed")
print(logging.INFO, logging.getLevelName(logging.WARNING), log.name, log.level, log.getEffectiveLevel())
