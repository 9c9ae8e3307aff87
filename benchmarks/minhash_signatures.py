"""MinHash signatures per second: qingxi's bulk numpy path vs datasketch's default.

Baseline, in the same run on the same documents: ``datasketch.MinHash()`` (128
permutations, default SHA-1 shingle hash, affine32 scheme) with
``update_batch`` over each document's 5-character shingles, which are computed
beforehand and not timed. qingxi's time includes shingling. Both estimates are
compared with the true Jaccard similarity of document pairs. Then the whole
dedup stage (signatures, LSH clustering) in MB/s.

    python benchmarks/minhash_signatures.py [--docs 2000]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import numpy as np
from datasketch import MinHash

from cleaners import normalised_key
from cleaners.near_duplicates import SHINGLE, estimated_jaccard, shingle_count, signatures
from flows.dedup import find_duplicates

ROOT = Path(__file__).resolve().parents[1]


def documents(count: int, rng: random.Random) -> list[str]:
    text = "".join(normalised_key(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt")))
    docs = []
    for _ in range(count):
        start = rng.randrange(len(text) - 2000)
        docs.append(text[start:start + rng.randrange(500, 2000)])
    return docs


def shingle_set(key: str) -> set[str]:
    return {key[i:i + SHINGLE] for i in range(len(key) - SHINGLE + 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(11)
    keys = documents(args.docs, rng)
    shingles = [[s.encode("utf-8") for s in shingle_set(k)] for k in keys]

    started = time.perf_counter()
    baseline = []
    for doc in shingles:
        m = MinHash()
        m.update_batch(doc)
        baseline.append(m.hashvalues)
    baseline_rate = len(keys) / (time.perf_counter() - started)

    started = time.perf_counter()
    ours = signatures(keys)
    ours_rate = len(keys) / (time.perf_counter() - started)

    pairs = [(rng.randrange(len(keys)), rng.randrange(len(keys))) for _ in range(3000)]
    pairs = [(i, j) for i, j in pairs if i != j and shingle_set(keys[i]) & shingle_set(keys[j])][:500]
    true = np.array([len(shingle_set(keys[i]) & shingle_set(keys[j])) / len(shingle_set(keys[i]) | shingle_set(keys[j]))
                     for i, j in pairs])
    err_base = np.array([estimated_jaccard(baseline[i], baseline[j]) for i, j in pairs]) - true
    err_ours = np.array([estimated_jaccard(ours[i], ours[j]) for i, j in pairs]) - true

    print(f"{len(keys)} documents, {sum(map(len, shingles)):,} shingles")
    print(f"datasketch update_batch (baseline): {baseline_rate:10,.0f} signatures/s")
    print(f"qingxi bulk numpy signatures:       {ours_rate:10,.0f} signatures/s  ({ours_rate / baseline_rate:.1f}x)")
    print(f"estimate error vs true Jaccard on {len(pairs)} overlapping pairs: "
          f"baseline bias {err_base.mean():+.4f} sd {err_base.std():.4f}; "
          f"qingxi bias {err_ours.mean():+.4f} sd {err_ours.std():.4f}")

    megabytes = sum(len(k.encode()) for k in keys) / 1e6
    started = time.perf_counter()
    batch = (0, list(range(len(keys))), keys, [0] * len(keys), [len(k) for k in keys], [shingle_count(k) for k in keys],
             signatures(keys))
    duplicates = find_duplicates([batch]).by_id
    seconds = time.perf_counter() - started
    print(f"dedup stage (signatures + LSH clustering): {megabytes / seconds:.2f} MB/s "
          f"({len(duplicates)} near-duplicates among overlapping random slices)")


if __name__ == "__main__":
    main()
