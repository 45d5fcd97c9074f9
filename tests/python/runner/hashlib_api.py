# hashlib's objects: update, digest, hexdigest, copy, name, digest_size,
# block_size; hashlib.new; blake2's parameters; large buffers (hashed with
# the GIL released) give the same digests; and the errors, in CPython's words.
import hashlib
import threading


def attempt(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)


h = hashlib.sha256()
print(h.name, h.digest_size, h.block_size, h.hexdigest())
h.update(b"hello ")
h.update(bytearray(b"world"))
print(h.hexdigest(), h.digest()[:4], len(h.digest()))
c = h.copy()
c.update(b"!")
print(h.hexdigest() == hashlib.sha256(b"hello world").hexdigest(), c.hexdigest())
print(hashlib.sha256(string=b"kw").hexdigest(), hashlib.sha256(b"x", usedforsecurity=False).name)

for name in ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s"]:
    x = hashlib.new(name, b"The quick brown fox")
    y = getattr(hashlib, name)(b"The quick brown fox")
    print(name, x.name, x.digest_size, x.block_size, x.hexdigest() == y.hexdigest(), x.hexdigest()[:24])
print(hashlib.new("SHA256", b"x").name, hashlib.new("sha256", data=b"x").hexdigest()[:16])

print(hashlib.blake2b(b"x", digest_size=16).hexdigest(), hashlib.blake2b(digest_size=20).digest_size)
print(hashlib.blake2b(b"x", key=b"secret").hexdigest()[:32])
print(hashlib.blake2b(b"x", salt=b"salty", person=b"me").hexdigest()[:32])
print(hashlib.blake2s(b"x", key=b"k", digest_size=8).hexdigest())
print(hashlib.md5(b"a" * 1000).hexdigest(), hashlib.sha1(b"").hexdigest())

# Large buffers, in one piece and in parts: the same digest either way.
big = bytes(range(256)) * 4096
one = hashlib.sha256(big).hexdigest()
parts = hashlib.sha256()
for i in range(0, len(big), 5000):
    parts.update(big[i:i + 5000])
print(len(big), one, one == parts.hexdigest())
print(hashlib.sha512(bytearray(big)).hexdigest()[:32], hashlib.blake2b(big).hexdigest()[:32])

# Four threads feed one object at once: every byte is hashed once.
shared = hashlib.sha256()
chunk = b"z" * 10000


def feed():
    for _ in range(25):
        shared.update(chunk)


threads = [threading.Thread(target=feed) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(shared.hexdigest() == hashlib.sha256(chunk * 100).hexdigest())

attempt(lambda: hashlib.sha256("text"))
attempt(lambda: hashlib.sha256().update("text"))
attempt(lambda: hashlib.md5("text"))
attempt(lambda: hashlib.blake2b("text"))
attempt(lambda: hashlib.sha256(1))
attempt(lambda: hashlib.sha256(None))
attempt(lambda: hashlib.sha256().update())
attempt(lambda: hashlib.sha256(b"x", b"y"))
attempt(lambda: hashlib.sha256(data=b"x"))
attempt(lambda: hashlib.sha256(b"x").hexdigest(1))
attempt(lambda: hashlib.new("foo"))
attempt(lambda: hashlib.new(b"sha256"))
attempt(lambda: hashlib.new())
attempt(lambda: hashlib.blake2b(b"x", digest_size=100))
attempt(lambda: hashlib.blake2b(b"x", key=b"k" * 65))
attempt(lambda: hashlib.sha256().nope)
attempt(lambda: hash(hashlib.sha256()) is not None)
attempt(lambda: hashlib.sha256() == hashlib.sha256())

# An uncaught one: a str passed where bytes are needed.
print(hashlib.sha256("password").hexdigest())
