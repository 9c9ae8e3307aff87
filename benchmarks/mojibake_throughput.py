"""Cleaning throughput on text that is all mojibake, single core, with accuracy.

Clean text skips the mojibake stage (benchmarks/clean_throughput.py); text where
every paragraph is broken pays for the beam search. Input: paragraphs of the seed
pages 000 and 003 (clean Simplified; Traditional by OpenCC for Big5), broken the
ways the web breaks them. The baseline, measured in the same run on the same
input, is ``ftfy.fix_text``, which repairs only the Latin-1 kinds.

    python benchmarks/mojibake_throughput.py [--paragraphs 40]
"""

from __future__ import annotations

import argparse
import difflib
import time
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # noqa: F401  registers sloppy-windows-1252: cp1252 as browsers decode it

from cleaners import clean_text
from cleaners.script import convert_script

ROOT = Path(__file__).resolve().parents[1]

KINDS = {
    "utf8_as_cp1252": lambda s: s.encode("utf-8").decode("sloppy-windows-1252"),
    "gbk_as_latin1": lambda s: s.encode("gbk").decode("latin-1"),
    "utf8_as_gbk": lambda s: s.encode("utf-8").decode("gbk", errors="replace"),
    "big5_as_gbk": lambda s: s.encode("big5", errors="replace").decode("gbk", errors="replace"),
}


def paragraphs(count: int) -> list[str]:
    found = []
    for path in sorted((ROOT / "seeds").glob("00[03]_*.txt")):
        found += [p for p in path.read_text(encoding="utf-8").split("\n") if 40 <= len(p) <= 300]
    return found[:count]


def accuracy(expected: list[str], got: list[str]) -> float:
    same = total = 0
    for a, b in zip(expected, got):
        same += sum(block.size for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
        total += len(a)
    return same / total


def timed(fn, texts: list[str]) -> tuple[float, list[str]]:
    started = time.perf_counter()
    out = [fn(t) for t in texts]
    return sum(len(t.encode()) for t in texts) / 1e3 / (time.perf_counter() - started), out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=40)
    args = parser.parse_args()
    clean = paragraphs(args.paragraphs)
    clean_text("预热")
    print(f"{len(clean)} paragraphs per kind; KB/s of broken input, and character accuracy")
    for kind, breaks in KINDS.items():
        expected = [convert_script(p, "traditional").text if kind.startswith("big5") else p for p in clean]
        broken = [breaks(p) for p in expected]
        base_speed, base_out = timed(ftfy.fix_text, broken)
        speed, out = timed(lambda t: clean_text(t).text, broken)
        print(f"{kind:15} ftfy.fix_text (baseline): {base_speed:8.1f} KB/s acc {accuracy(expected, base_out):.3f}   "
              f"qingxi clean_text: {speed:7.1f} KB/s acc {accuracy(expected, out):.3f}  "
              f"({speed / base_speed:.3f}x baseline speed)")


if __name__ == "__main__":
    main()
