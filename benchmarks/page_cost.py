"""What each real crawled page costs to clean, single core: the slowest pages, not only the mean.

Input: the shared real pages (``../shared/bench/real/pages.jsonl``, 153 pages as crawlers
served them) or any ``.jsonl`` of pages. Each page goes through what the flow's per-document
stages run (the manifest's ``clean``, every pass's ``observe`` and ``apply``): ``clean_document``
(the cleaning chain and the page verdict), then the corpus passes over the cleaned pages in
memory (``run_passes``: spam, near-duplicates, paragraph furniture; their decisions, made once
on the driver, are counted too). Models and tables are built before timing (``warm_up``); what
cleaners remember of lines is forgotten before each repeat, so every repeat is a first sight of
the pages. The baseline, on the same pages in the same run, is what a user writes in an
afternoon: ``ftfy.fix_text`` and OpenCC's t2s.

    python benchmarks/page_cost.py [PAGES.jsonl] [--repeat 3]

Prints MB/s for both, the ratio, and ms per KB for the median, the slowest 1% and the
slowest pages by name. A page's time is its fastest of ``--repeat`` runs (timer noise on a
shared machine only ever adds).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import ftfy
from opencc import OpenCC

from cleaners import CleanConfig, warm_up
from cleaners.document import forget_lines
from cleaners.passes import ParagraphFurniture, Spam, run_passes
from flows.dedup import NearDuplicates
from flows.records import Document
from flows.steps import clean_document

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "bench" / "real" / "pages.jsonl"


def cleaned_text(page: dict) -> str | None:
    """The page as the clean stage leaves it (None when rejected)."""
    result = clean_document(Document(page["id"], "bench", page["text"]), CleanConfig())
    return result.text if isinstance(result, Document) else None


def afternoon(page: dict, t2s=OpenCC("t2s")) -> str:
    return t2s.convert(ftfy.fix_text(page["text"]))


def page_seconds(fn, pages: list[dict], repeat: int) -> tuple[list[float], list]:
    """Each page's fastest time over ``repeat`` walks, and the last walk's results."""
    best = [float("inf")] * len(pages)
    results: list = []
    for _ in range(repeat):
        forget_lines()
        results = []
        for k, page in enumerate(pages):
            started = time.perf_counter()
            results.append(fn(page))
            best[k] = min(best[k], time.perf_counter() - started)
    return best, results


def passes_seconds(texts: dict, repeat: int) -> float:
    """The corpus passes over the cleaned pages, fastest of ``repeat``."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run_passes([[Spam()], [NearDuplicates(), ParagraphFurniture()]], dict(texts))
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="?", default=str(PAGES))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pages = [json.loads(line) for line in open(args.pages, encoding="utf-8")]
    kb = [len(p["text"].encode("utf-8", "surrogatepass")) / 1024 for p in pages]
    warm_up()
    for fn in (cleaned_text, afternoon):  # warm
        page_seconds(fn, pages[:5], 1)
    mine, texts = page_seconds(cleaned_text, pages, args.repeat)
    corpus = passes_seconds({k: t for k, t in enumerate(texts) if t is not None}, args.repeat)
    base, _ = page_seconds(afternoon, pages, args.repeat)
    mb = sum(kb) / 1024
    print(f"{len(pages)} pages, {mb:.2f} MB, best of {args.repeat}, caches forgotten before each")
    print(f"afternoon baseline (ftfy.fix_text + OpenCC t2s):  {mb / sum(base):6.2f} MB/s")
    print(f"qingxi clean stage (clean_document):              {mb / sum(mine):6.2f} MB/s")
    print(f"qingxi corpus passes (observe, decide, apply):    {mb / corpus:6.2f} MB/s")
    both = sum(mine) + corpus
    print(f"qingxi per-document stages and passes together:   {mb / both:6.2f} MB/s "
          f"({sum(base) / both:.2f}x baseline speed)")
    cost = sorted(((s * 1e3 / k, k, p["id"]) for s, k, p in zip(mine, kb, pages)), reverse=True)
    one_percent = cost[:max(1, len(cost) // 100)]
    print(f"clean stage, ms per KB: median {cost[len(cost) // 2][0]:.1f}, mean {sum(mine) * 1e3 / sum(kb):.1f}, "
          f"slowest 1% ({len(one_percent)} pages) {min(c for c, _, _ in one_percent):.1f}-{cost[0][0]:.1f}")
    print("slowest pages:")
    for ms_per_kb, size, page_id in cost[:5]:
        print(f"  {ms_per_kb:6.1f} ms/KB  {size:6.1f} KB  {str(page_id)[:80]}")


if __name__ == "__main__":
    main()
