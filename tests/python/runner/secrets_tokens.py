import secrets
import string

t = secrets.token_hex(16)
print(len(t), all(c in "0123456789abcdef" for c in t))
print(len(secrets.token_hex()), len(secrets.token_bytes()), type(secrets.token_bytes(5)).__name__)
for n in (1, 2, 3, 16, 32):
    u = secrets.token_urlsafe(n)
    print(n, len(u), all(c in string.ascii_letters + string.digits + "-_" for c in u))
print(all(0 <= secrets.randbelow(10) < 10 for _ in range(200)))
print(sorted({secrets.randbelow(3) for _ in range(300)}))
print(all(secrets.randbits(5) < 32 for _ in range(100)), secrets.randbits(0))
alphabet = string.ascii_letters + string.digits
password = "".join(secrets.choice(alphabet) for _ in range(12))
print(len(password), all(c in alphabet for c in password))
print(secrets.compare_digest("abc", "abc"), secrets.compare_digest("abc", "abd"),
      secrets.compare_digest(b"abc", b"ab"), secrets.compare_digest(b"x", bytearray(b"x")))
for bad in (lambda: secrets.randbelow(0), lambda: secrets.randbelow(-3),
            lambda: secrets.choice([]), lambda: secrets.compare_digest("a", b"a"),
            lambda: secrets.compare_digest(1, 2), lambda: secrets.randbelow(2.5)):
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
