"""secrets for threadlab: random tokens and choices for passwords, keys
and reset links, drawn from os.urandom (the host's secure random source)
rather than the random module's seeded generator, as CPython 3.11's."""

import os

__all__ = ["choice", "randbelow", "randbits", "token_bytes", "token_hex",
           "token_urlsafe", "compare_digest"]

DEFAULT_ENTROPY = 32
_URLSAFE = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            "0123456789-_")


def _index(n, what):
    if not isinstance(n, int):
        raise TypeError("'%s' object cannot be interpreted as an integer"
                        % type(n).__name__)
    return int(n)


def randbits(k):
    """A non-negative int of k random bits."""
    k = _index(k, "k")
    if k < 0:
        raise ValueError("number of bits must be non-negative")
    if k == 0:
        return 0
    n = int.from_bytes(os.urandom((k + 7) // 8), "big")
    return n >> ((k + 7) // 8 * 8 - k)


def randbelow(exclusive_upper_bound):
    """A random int in range(exclusive_upper_bound)."""
    n = exclusive_upper_bound
    if n <= 0:
        raise ValueError("Upper bound must be positive.")
    k = n.bit_length()
    r = randbits(k)
    while r >= n:
        r = randbits(k)
    return r


def choice(seq):
    """A random item of a non-empty sequence."""
    if not len(seq):
        raise IndexError("Cannot choose from an empty sequence")
    return seq[randbelow(len(seq))]


def token_bytes(nbytes=None):
    """nbytes random bytes (32 when None)."""
    if nbytes is None:
        nbytes = DEFAULT_ENTROPY
    return os.urandom(nbytes)


def token_hex(nbytes=None):
    """Random bytes as a hex string, two digits a byte."""
    return token_bytes(nbytes).hex()


def token_urlsafe(nbytes=None):
    """Random bytes in URL-safe base64, without '=' padding."""
    data = token_bytes(nbytes)
    out = []
    for i in range(0, len(data), 3):
        group = data[i:i + 3]
        n = int.from_bytes(group + b"\0" * (3 - len(group)), "big")
        chars = [_URLSAFE[(n >> s) & 63] for s in (18, 12, 6, 0)]
        out.append("".join(chars[:len(group) + 1]))
    return "".join(out)


def compare_digest(a, b):
    """a == b for two str (ASCII) or two bytes-like values, in time that
    does not depend on where they differ."""
    if isinstance(a, str) and isinstance(b, str):
        for s in (a, b):
            if not s.isascii():
                raise TypeError("comparing strings with non-ASCII characters is not supported")
        a, b = a.encode(), b.encode()
    elif not (isinstance(a, (bytes, bytearray)) and isinstance(b, (bytes, bytearray))):
        if isinstance(a, (str, bytes, bytearray)) and isinstance(b, (str, bytes, bytearray)):
            raise TypeError("a bytes-like object is required, not 'str'")
        raise TypeError("unsupported operand types(s) or combination of types: '%s' and '%s'"
                        % (type(a).__name__, type(b).__name__))
    diff = len(a) ^ len(b)
    for x, y in zip(a, b + bytes(max(0, len(a) - len(b)))):
        diff |= x ^ y
    return diff == 0
