"""Pass-1 throughput on clean text, single core: the cleaning chain, the cleaning stage
as the flow runs it (the chain and the page verdict), and the spam scan that runs beside
it (split candidates and sentence-end hashes).

Clean text is the common case and must pay almost nothing: #17 asks >= 8 MB/s per core
of the cleaning stage on clean news. The baseline, measured in the same run on the same
text, is plain ``ftfy.fix_text`` with its defaults, the usual first step of a cleaning
pipeline. Input: the clean Simplified seeds (000, 003), repeated. Cleaners remember the
lines they have judged (furniture recurs across a site's pages); repeated documents would
be all remembered lines, so the cleaning stage is timed twice: with every document a first
sight (what cleaners remember forgotten before each, the cost of a crawl of distinct
pages) and with lines remembered (the cost of a page made of lines seen before).

    python benchmarks/clean_throughput.py [--mb 20]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import ftfy

from cleaners import CleanConfig, clean_text, warm_up
from cleaners.document import forget_lines
from cleaners.spam import split_candidates
from cleaners.spliced import document_tail_hashes
from flows.records import Document
from flows.steps import clean_document

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


def stage_throughput(docs: list[str], first_sight: bool, repeat: int = 3) -> float:
    """The cleaning stage (``clean_document``) in MB/s, best of ``repeat`` walks; with
    ``first_sight``, what cleaners remember is forgotten before each document, untimed."""
    best = 0.0
    for _ in range(repeat):
        forget_lines()
        seconds = 0.0
        for text in docs:
            if first_sight:
                forget_lines()
            started = time.perf_counter()
            clean_document(Document("bench", "bench", text), CleanConfig())
            seconds += time.perf_counter() - started
        best = max(best, sum(len(d.encode()) for d in docs) / 1e6 / seconds)
    return best


def spam_candidates(text: str) -> None:
    """The spam work of pass 1 for one document (flows.steps.clean_and_spool)."""
    split_candidates(text)
    document_tail_hashes(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=20.0)
    args = parser.parse_args()
    docs = corpus(args.mb)
    warm_up()  # build the model and tables before timing
    baseline = throughput(ftfy.fix_text, docs)
    ours = throughput(clean_text, docs)
    spam_scan = throughput(spam_candidates, docs)
    stage_first, stage_remembered = stage_throughput(docs, True), stage_throughput(docs, False)
    unchanged = clean_text(docs[0]).text == docs[0]  # seed 000 is clean; 003 has a boilerplate line
    print(f"{len(docs)} documents, {sum(len(d.encode()) for d in docs) / 1e6:.1f} MB of clean Chinese")
    print(f"ftfy.fix_text (baseline): {baseline:6.2f} MB/s")
    print(f"qingxi clean_text:        {ours:6.2f} MB/s  ({ours / baseline:.2f}x baseline)  seed 000 unchanged: {unchanged}")
    print(f"cleaning stage (clean_document, best of 3), every document a first sight: {stage_first:6.2f} MB/s "
          f"({stage_first / baseline:.2f}x baseline); its lines remembered: {stage_remembered:6.2f} MB/s")
    print(f"spam candidates:           {spam_scan:6.2f} MB/s  ({spam_scan / baseline:.2f}x baseline); "
          f"pass 1 together: {1 / (1 / ours + 1 / spam_scan):.2f} MB/s")


if __name__ == "__main__":
    main()
