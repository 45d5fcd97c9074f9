"""os.path: path strings taken apart and put together as on Linux. There
is no file system here (open() refuses too), so exists(), isfile() and
isdir() say False and getsize() finds no file; the working directory is
'/'. Tutorials build output names with join() and splitext()."""

sep = "/"
curdir = "."
pardir = ".."
extsep = "."
altsep = None
pathsep = ":"
devnull = "/dev/null"


def _check(fname, *parts):
    for p in parts:
        if not isinstance(p, str):
            raise TypeError(
                f"{fname}() argument must be str, bytes, or os.PathLike object, "
                f"not '{type(p).__name__}'")


def _fspath(p):
    if isinstance(p, str):
        return p
    raise TypeError(f"expected str, bytes or os.PathLike object, not {type(p).__name__}")


def join(a, *p):
    a = _fspath(a)
    _check("join", a, *p)
    path = a
    for b in p:
        if b.startswith("/"):
            path = b
        elif not path or path.endswith("/"):
            path += b
        else:
            path += "/" + b
    return path


def split(p):
    p = _fspath(p)
    i = p.rfind("/") + 1
    head, tail = p[:i], p[i:]
    if head and head != "/" * len(head):
        head = head.rstrip("/")
    return head, tail


def basename(p):
    p = _fspath(p)
    return p[p.rfind("/") + 1:]


def dirname(p):
    return split(p)[0]


def splitext(p):
    p = _fspath(p)
    sep_index = p.rfind("/")
    dot_index = p.rfind(".")
    if dot_index > sep_index:
        # Leading dots make a hidden name (".bashrc"), not an extension.
        i = sep_index + 1
        while i < dot_index:
            if p[i] != ".":
                return p[:dot_index], p[dot_index:]
            i += 1
    return p, ""


def isabs(s):
    return _fspath(s).startswith("/")


def normpath(path):
    path = _fspath(path)
    if path == "":
        return "."
    slashes = 0
    if path.startswith("/"):
        # POSIX keeps exactly two leading slashes; one or three-plus become one.
        slashes = 2 if path.startswith("//") and not path.startswith("///") else 1
    parts = []
    for comp in path.split("/"):
        if comp in ("", "."):
            continue
        if comp != ".." or (not slashes and not parts) or (parts and parts[-1] == ".."):
            parts.append(comp)
        elif parts:
            parts.pop()
    path = "/" * slashes + "/".join(parts)
    return path or "."


def abspath(path):
    path = _fspath(path)
    if not path.startswith("/"):
        path = join("/", path)
    return normpath(path)


def commonprefix(m):
    if not m:
        return ""
    s1 = min(m)
    s2 = max(m)
    for i, c in enumerate(s1):
        if c != s2[i]:
            return s1[:i]
    return s1


def exists(path):
    _fspath(path)
    return False


def isfile(path):
    _fspath(path)
    return False


def isdir(path):
    _fspath(path)
    return False


def getsize(filename):
    raise FileNotFoundError(f"[Errno 2] No such file or directory: {_fspath(filename)!r}")


def expanduser(path):
    path = _fspath(path)
    if path == "~" or path.startswith("~/"):
        return "/home/user" + path[1:]
    return path
