"""The Mandelbrot set, one row per task: uneven tasks on a process pool."""
import sys
from concurrent.futures import ProcessPoolExecutor

MAX_ITER = 1000
MASK = (1 << 64) - 1


def escape_time(c_re, c_im):
    re = im = 0.0
    n = 0
    while n < MAX_ITER:
        re2, im2 = re * re, im * im
        if re2 + im2 > 4.0:                      # left the circle of radius 2
            break
        im = 2.0 * re * im + c_im
        re = re2 - im2 + c_re
        n += 1
    return n


def row(y, width, height):
    c_im = -1.0 + 2.0 * (y + 0.5) / height
    return [escape_time(-2.2 + 3.0 * (x + 0.5) / width, c_im) for x in range(width)]


def fnv1a(digest, value):
    # a fingerprint of the image, to compare with threadlab's
    for byte in value.to_bytes(8, "little"):
        digest = ((digest ^ byte) * 0x100000001B3) & MASK
    return digest


def mandelbrot(width, pool):
    height = max(width * 2 // 3, 1)
    # one row per task: rows through the set cost far more than rows outside
    return list(pool.map(row, range(height), [width] * height, [height] * height))


if __name__ == "__main__":
    width = int(sys.argv[1]) if len(sys.argv) > 1 else 1200
    with ProcessPoolExecutor(max_workers=4) as pool:
        rows = mandelbrot(width, pool)
    image_hash = 0xCBF29CE484222325
    for counts in rows:
        row_hash = 0xCBF29CE484222325
        for n in counts:
            row_hash = fnv1a(row_hash, n)
        image_hash = fnv1a(image_hash, row_hash)
    iterations = sum(sum(counts) for counts in rows)
    print(f"{iterations} iterations, image hash {image_hash:016x}")
