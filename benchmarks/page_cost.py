"""What each real crawled page costs to clean, single core: the slowest pages, not only the mean.

Input: the shared real pages (``../shared/bench/real/pages.jsonl``, 153 pages as crawlers
served them) or any ``.jsonl`` of pages. Each page goes through what the flow runs per
document in a worker (``clean_text``, then the spam candidates of pass 1), warm: tables and
models are built once per process before timing. The baseline, on the same pages in the same
run, is what a user writes in an afternoon: ``ftfy.fix_text`` and OpenCC's t2s.

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

from cleaners import clean_text
from cleaners.spam import split_candidates
from cleaners.spliced import document_tail_hashes

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "bench" / "real" / "pages.jsonl"


def qingxi(text: str) -> None:
    cleaned = clean_text(text).text
    split_candidates(cleaned)
    document_tail_hashes(cleaned)


def afternoon(text: str, t2s=OpenCC("t2s")) -> None:
    t2s.convert(ftfy.fix_text(text))


def page_seconds(fn, texts: list[str], repeat: int) -> list[float]:
    best = [float("inf")] * len(texts)
    for _ in range(repeat):
        for k, text in enumerate(texts):
            started = time.perf_counter()
            fn(text)
            best[k] = min(best[k], time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="?", default=str(PAGES))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pages = [json.loads(line) for line in open(args.pages, encoding="utf-8")]
    texts = [p["text"] for p in pages]
    kb = [len(t.encode("utf-8", "surrogatepass")) / 1024 for t in texts]
    for fn in (qingxi, afternoon):  # warm
        page_seconds(fn, texts[:5], 1)
    mine = page_seconds(qingxi, texts, args.repeat)
    base = page_seconds(afternoon, texts, args.repeat)
    mb = sum(kb) / 1024
    print(f"{len(texts)} pages, {mb:.2f} MB, best of {args.repeat}")
    print(f"afternoon baseline (ftfy.fix_text + OpenCC t2s): {mb / sum(base):6.2f} MB/s")
    print(f"qingxi per-document stages:                      {mb / sum(mine):6.2f} MB/s "
          f"({sum(base) / sum(mine):.2f}x baseline speed)")
    cost = sorted(((s * 1e3 / k, k, p["id"]) for s, k, p in zip(mine, kb, pages)), reverse=True)
    one_percent = cost[:max(1, len(cost) // 100)]
    print(f"ms per KB: median {cost[len(cost) // 2][0]:.1f}, mean {sum(mine) * 1e3 / sum(kb):.1f}, "
          f"slowest 1% ({len(one_percent)} pages) {min(c for c, _, _ in one_percent):.1f}-{cost[0][0]:.1f}")
    print("slowest pages:")
    for ms_per_kb, size, page_id in cost[:5]:
        print(f"  {ms_per_kb:6.1f} ms/KB  {size:6.1f} KB  {str(page_id)[:80]}")


if __name__ == "__main__":
    main()
