# logging with basicConfig(level=INFO) and the default format.
import logging

logging.info("before basicConfig is not shown")
logging.basicConfig(level=logging.INFO)
logging.info("info shown")
logging.debug("debug hidden")
logging.error("Unexpected error: %s", "boom")
logging.getLogger(__name__).warning("from %s", __name__)
logging.critical("critical")
print("done")
