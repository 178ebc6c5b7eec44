#!/usr/bin/env python3
"""The reference for `twinarm benchmark retrieval`: exact top-k retrieval in numpy.

Reads pool.f32 (n × d) and users.f32 (m × d), raw little-endian float32 rows, from FOLDER; scores
blocks of users against the whole pool with numpy's matmul (its OpenBLAS sgemm, on every core) and
takes each user's top k with argpartition. Prints one line: `seconds S checksum C`, where C sums
the found positions (ties and last-bit rounding may make it differ from TwinArm's by a few items).

    python3 scripts/retrieval-reference.py FOLDER D K
"""
import sys
import time

import numpy as np


def main() -> None:
    folder, d, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    pool = np.fromfile(f"{folder}/pool.f32", dtype="<f4").reshape(-1, d)
    users = np.fromfile(f"{folder}/users.f32", dtype="<f4").reshape(-1, d)
    block = 1024
    checksum = 0
    start = time.perf_counter()
    pool_t = np.ascontiguousarray(pool.T)
    for first in range(0, users.shape[0], block):
        scores = users[first:first + block] @ pool_t
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        checksum += int(top.sum())
    seconds = time.perf_counter() - start
    print(f"seconds {seconds:.4f} checksum {checksum}")


if __name__ == "__main__":
    main()
