"""Pass-1 throughput on clean text, single core: the cleaning chain, and the spam
scan that runs beside it (split candidates and sentence-end hashes).

Clean text is the common case and must pay almost nothing: the target for the
cleaning stage is >= 5 MB/s per core. The baseline, measured in the same run on
the same text, is plain ``ftfy.fix_text`` with its defaults, the usual first step
of a cleaning pipeline. Input: the clean Simplified seeds (000, 003), repeated.

    python benchmarks/clean_throughput.py [--mb 20]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import ftfy

from cleaners import clean_text
from cleaners.lm import char_model
from cleaners.mojibake import looks_like_mojibake
from cleaners.spam import split_candidates
from cleaners.spliced import document_tail_hashes

ROOT = Path(__file__).resolve().parents[1]


def corpus(megabytes: float) -> list[str]:
    docs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("00[03]_*.txt"))]
    size = sum(len(d.encode()) for d in docs)
    return docs * max(1, int(megabytes * 1e6 / size))


def throughput(fn, docs: list[str]) -> float:
    started = time.perf_counter()
    for doc in docs:
        fn(doc)
    return sum(len(d.encode()) for d in docs) / 1e6 / (time.perf_counter() - started)


def spam_candidates(text: str) -> None:
    """The spam work of pass 1 for one document (flows.steps.clean_and_spool)."""
    split_candidates(text)
    document_tail_hashes(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=20.0)
    args = parser.parse_args()
    docs = corpus(args.mb)
    char_model()
    looks_like_mojibake("预热")  # build the model and tables before timing
    split_candidates("预热一下")
    baseline = throughput(ftfy.fix_text, docs)
    ours = throughput(clean_text, docs)
    spam_scan = throughput(spam_candidates, docs)
    unchanged = clean_text(docs[0]).text == docs[0]  # seed 000 is clean; 003 has a boilerplate line
    print(f"{len(docs)} documents, {sum(len(d.encode()) for d in docs) / 1e6:.1f} MB of clean Chinese")
    print(f"ftfy.fix_text (baseline): {baseline:6.2f} MB/s")
    print(f"qingxi clean_text:        {ours:6.2f} MB/s  ({ours / baseline:.2f}x baseline)  seed 000 unchanged: {unchanged}")
    print(f"spam candidates:           {spam_scan:6.2f} MB/s  ({spam_scan / baseline:.2f}x baseline); "
          f"pass 1 together: {1 / (1 / ours + 1 / spam_scan):.2f} MB/s")


if __name__ == "__main__":
    main()
