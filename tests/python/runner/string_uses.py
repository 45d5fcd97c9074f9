# string: the character classes a password or ID generator uses, and
# capwords.
import random
import string

for name in ("ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits",
             "octdigits", "punctuation", "whitespace", "printable"):
    value = getattr(string, name)
    print(name, len(value), repr(value))
random.seed(42)
alphabet = string.ascii_letters + string.digits
print("".join(random.choice(alphabet) for _ in range(12)))
print(string.capwords("hello   world  from threads"), string.capwords("a-b-c", "-"),
      string.capwords(" x "), repr(string.capwords("")), string.capwords("ÉCOLE élève"))
print(sum(c in string.punctuation for c in "Hi, there! (ok?)"))
print(all(c in string.printable for c in "abc 123\n"), "\x00" in string.printable)
