# logging for threadlab: basicConfig, the level functions, named loggers and
# %-style formats with %(threadName)s, as the tutorials use them;
# logging.exception() and exc_info= add the traceback after the message.
import sys
import threading
import time

CRITICAL = 50
FATAL = CRITICAL
ERROR = 40
WARNING = 30
WARN = WARNING
INFO = 20
DEBUG = 10
NOTSET = 0

_names = {CRITICAL: "CRITICAL", ERROR: "ERROR", WARNING: "WARNING", INFO: "INFO", DEBUG: "DEBUG", NOTSET: "NOTSET"}
_lock = threading.RLock()

BASIC_FORMAT = "%(levelname)s:%(name)s:%(message)s"


def getLevelName(level):
    return _names.get(level, f"Level {level}")


class LogRecord:
    def __init__(self, name, level, msg, args, exc_info=None):
        self.name = name
        self.exc_info = exc_info
        self.exc_text = None
        self.levelno = level
        self.levelname = getLevelName(level)
        self.msg = msg
        self.args = args
        self.created = time.time()
        self.msecs = int((self.created - int(self.created)) * 1000)
        t = threading.current_thread()
        self.threadName = t.name
        self.thread = t.ident
        self.process = 4242
        self.processName = "MainProcess"

    def getMessage(self):
        msg = str(self.msg)
        if self.args:
            msg = msg % self.args
        return msg


class Formatter:
    def __init__(self, fmt=None, datefmt=None):
        self._fmt = fmt or "%(message)s"
        self.datefmt = datefmt

    def format(self, record):
        record.message = record.getMessage()
        values = dict(record.__dict__)
        if "%(asctime)" in self._fmt:
            stamp = time.strftime(self.datefmt or "%Y-%m-%d %H:%M:%S")
            if self.datefmt is None:
                stamp = f"{stamp},{record.msecs:03d}"
            values["asctime"] = stamp
        s = self._fmt % values
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            if s[-1:] != "\n":
                s = s + "\n"
            s = s + record.exc_text
        return s

    def formatException(self, ei):
        import traceback
        s = "".join(traceback.format_exception(ei[0], ei[1], ei[2]))
        if s[-1:] == "\n":
            s = s[:-1]
        return s


class Handler:
    def __init__(self, level=NOTSET):
        self.level = level
        self.formatter = None

    def setLevel(self, level):
        self.level = level

    def setFormatter(self, fmt):
        self.formatter = fmt

    def handle(self, record):
        if record.levelno >= self.level:
            with _lock:
                self.emit(record)


class StreamHandler(Handler):
    def __init__(self, stream=None):
        Handler.__init__(self)
        self.stream = stream if stream is not None else sys.stderr

    def emit(self, record):
        fmt = self.formatter or Formatter(BASIC_FORMAT)
        self.stream.write(fmt.format(record) + "\n")


class Logger:
    def __init__(self, name, level=NOTSET):
        self.name = name
        self.level = level
        self.handlers = []
        self.parent = None
        self.propagate = True

    def setLevel(self, level):
        self.level = level

    def addHandler(self, h):
        self.handlers.append(h)

    def getEffectiveLevel(self):
        logger = self
        while logger is not None:
            if logger.level:
                return logger.level
            logger = logger.parent
        return NOTSET

    def isEnabledFor(self, level):
        return level >= self.getEffectiveLevel()

    def _log(self, level, msg, args, exc_info=None):
        if not self.isEnabledFor(level):
            return
        if exc_info:
            if isinstance(exc_info, BaseException):
                exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
            elif not isinstance(exc_info, tuple):
                exc_info = sys.exc_info()
        record = LogRecord(self.name, level, msg, args, exc_info)
        logger = self
        while logger is not None:
            for h in logger.handlers:
                h.handle(record)
            if not logger.propagate:
                break
            logger = logger.parent

    def debug(self, msg, *args, exc_info=None, **kwargs):
        self._log(DEBUG, msg, args, exc_info)

    def info(self, msg, *args, exc_info=None, **kwargs):
        self._log(INFO, msg, args, exc_info)

    def warning(self, msg, *args, exc_info=None, **kwargs):
        self._log(WARNING, msg, args, exc_info)

    warn = warning

    def error(self, msg, *args, exc_info=None, **kwargs):
        self._log(ERROR, msg, args, exc_info)

    def exception(self, msg, *args, exc_info=True, **kwargs):
        self._log(ERROR, msg, args, exc_info)

    def critical(self, msg, *args, exc_info=None, **kwargs):
        self._log(CRITICAL, msg, args, exc_info)

    fatal = critical

    def log(self, level, msg, *args, exc_info=None, **kwargs):
        self._log(level, msg, args, exc_info)


root = Logger("root", WARNING)
_loggers = {}


def getLogger(name=None):
    if not name or name == "root":
        return root
    with _lock:
        if name not in _loggers:
            lg = Logger(name)
            lg.parent = root
            _loggers[name] = lg
        return _loggers[name]


def basicConfig(level=None, format=None, datefmt=None, stream=None, force=False, **kwargs):
    with _lock:
        if force:
            root.handlers = []
        if not root.handlers:
            h = StreamHandler(stream)
            h.setFormatter(Formatter(format or BASIC_FORMAT, datefmt))
            root.addHandler(h)
            # As CPython: basicConfig does nothing once root has a handler.
            if level is not None:
                root.setLevel(level)


def _ensure():
    if not root.handlers:
        basicConfig()


def debug(msg, *args, **kwargs):
    _ensure()
    root.debug(msg, *args, **kwargs)


def info(msg, *args, **kwargs):
    _ensure()
    root.info(msg, *args, **kwargs)


def warning(msg, *args, **kwargs):
    _ensure()
    root.warning(msg, *args, **kwargs)


warn = warning


def error(msg, *args, **kwargs):
    _ensure()
    root.error(msg, *args, **kwargs)


def exception(msg, *args, exc_info=True, **kwargs):
    _ensure()
    root.error(msg, *args, exc_info=exc_info, **kwargs)


def critical(msg, *args, **kwargs):
    _ensure()
    root.critical(msg, *args, **kwargs)


def log(level, msg, *args, **kwargs):
    _ensure()
    root.log(level, msg, *args, **kwargs)
