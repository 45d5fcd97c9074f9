# pickle for threadlab: its exceptions. Values cross between processes by
# the runner's own pickle-like encoding (runner/process/pickle.rs), whose
# bytes are not pickle's, so dumps/loads are not offered.


class PickleError(Exception):
    pass


class PicklingError(PickleError):
    # CPython raises the C pickler's class, `_pickle.PicklingError`.
    __module__ = "_pickle"


class UnpicklingError(PickleError):
    __module__ = "_pickle"
