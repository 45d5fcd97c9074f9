"""platform for threadlab: what a program can ask about the interpreter it
runs on. The version is the runner's own (`sys.version_info`), so
`platform.python_version()` agrees with `sys.version`; the system and
machine name the place programs run here (WebAssembly, or the native
test binary standing in for it), not the computer's operating system."""

import sys

__all__ = ["python_version", "python_version_tuple", "python_implementation",
           "system", "machine", "platform", "node", "release", "version",
           "processor", "architecture", "uname", "python_compiler",
           "python_build"]


def python_version():
    """'3.x.y', the version this runner behaves as."""
    return "%d.%d.%d" % tuple(sys.version_info[:3])


def python_version_tuple():
    return tuple(str(n) for n in sys.version_info[:3])


def python_implementation():
    """The runner imitates CPython's behaviour, so it answers 'CPython'."""
    return "CPython"


def python_compiler():
    return "threadlab (Rust)"


def python_build():
    return ("threadlab", "")


def system():
    return "threadlab"


def machine():
    return "wasm32"


def processor():
    return ""


def node():
    return ""


def release():
    return ""


def version():
    return ""


def architecture(executable=None, bits="", linkage=""):
    return ("64bit", "")


def platform(aliased=False, terse=False):
    return "threadlab-wasm32"


class uname_result:
    """uname()'s answer: five named fields that also index and unpack."""
    _fields = ("system", "node", "release", "version", "machine")

    def __init__(self, system, node, release, version, machine):
        self._values = (system, node, release, version, machine)

    system = property(lambda self: self._values[0])
    node = property(lambda self: self._values[1])
    release = property(lambda self: self._values[2])
    version = property(lambda self: self._values[3])
    machine = property(lambda self: self._values[4])

    @property
    def processor(self):
        return processor()

    # As CPython's since 3.9: the processor is a sixth item.
    def __getitem__(self, i):
        return (self._values + (processor(),))[i]

    def __len__(self):
        return 6

    def __iter__(self):
        return iter(self._values + (processor(),))

    def __eq__(self, other):
        return tuple(self) == tuple(other)

    def __repr__(self):
        return ("uname_result(system=%r, node=%r, release=%r, version=%r, "
                "machine=%r)" % self._values)


def uname():
    return uname_result(system(), node(), release(), version(), machine())
