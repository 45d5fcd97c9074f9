# hashlib in the tutorials' CPU-bound examples: hash passwords in a thread
# pool and in a process pool, print the hex digests (the same whichever
# worker computed them), and the hash objects' own API.
import hashlib
import multiprocessing as mp
from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor

PASSWORDS = ["hunter2", "correct horse battery staple", "letmein", "", "pässwörd"]


def hash_password(password):
    return password, hashlib.sha256(password.encode()).hexdigest()


def stretch(password, rounds=1000):
    digest = password.encode()
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return password, digest.hex()


def every_algorithm(data):
    return [(name, hashlib.new(name, data).hexdigest()) for name in
            ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s"]]


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=4) as ex:
        for pw, h in ex.map(hash_password, PASSWORDS):
            print("thread", repr(pw), h)
        for pw, h in ex.map(stretch, PASSWORDS[:3]):
            print("thread stretch", repr(pw), h)

    with mp.Pool(2) as pool:
        for pw, h in pool.map(hash_password, PASSWORDS):
            print("pool", repr(pw), h)
        for pw, h in pool.map(stretch, PASSWORDS[:3]):
            print("pool stretch", repr(pw), h)
        for name, h in pool.apply_async(every_algorithm, (b"abc",)).get(timeout=30):
            print("pool", name, h)

    with ProcessPoolExecutor(max_workers=2) as ex:
        for pw, h in ex.map(hash_password, PASSWORDS[:2]):
            print("executor", repr(pw), h)
