"""C = A @ B by bands of rows on a process pool (i-k-j loop order)."""
import sys
from concurrent.futures import ProcessPoolExecutor


def a_entry(i, j): return (i * 31 + j * 17) % 101 / 101 - 0.5
def b_entry(i, j): return (i * 13 + j * 29 + 7) % 97 / 97 - 0.5


def band(first, last, n):
    # rebuilt in each process here; the tutorials pickle A and B to every worker
    b = [[b_entry(i, j) for j in range(n)] for i in range(n)]
    rows = []
    for i in range(first, last):
        c_row = [0.0] * n
        for k, b_row in enumerate(b):            # i-k-j: along rows of B
            a_ik = a_entry(i, k)
            for j in range(n):
                c_row[j] += a_ik * b_row[j]
        rows.append(c_row)
    return rows


def matrix_multiply(n, pool, band_rows=16):
    firsts = range(0, n, band_rows)
    lasts = [min(f + band_rows, n) for f in firsts]
    bands = pool.map(band, firsts, lasts, [n] * len(lasts))
    return [row for rows in bands for row in rows]


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    with ProcessPoolExecutor(max_workers=4) as pool:
        c = matrix_multiply(n, pool)
    checksum = 0.0
    for row in c:                                # fixed order: same bits every time
        row_sum = 0.0
        for x in row:
            row_sum += x
        checksum += row_sum
    print(f"checksum {checksum!r}, C[0][0] {c[0][0]!r}, C[n-1][n-1] {c[-1][-1]!r}")
