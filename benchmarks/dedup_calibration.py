"""Choose the shingle size and similarity threshold for near-duplicates by measurement.

Documents are windows of consecutive paragraphs of the cleaned seed pages (all
on one topic, trade unions, which makes the negatives hard). Positives are
variants of a document with the transformations republished copies show:
a few typos, a paragraph dropped, short spam tokens injected, a line of page
furniture left in, Traditional script. Negatives are other windows that do not
overlap. For each shingle size we print the exact Jaccard similarity at the
5th percentile of positives and the 99th percentile and maximum of negatives.

    python benchmarks/dedup_calibration.py
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from cleaners import clean_text, normalised_key
from cleaners.script import convert_script

ROOT = Path(__file__).resolve().parents[1]
WINDOW = 4


def documents() -> list[list[str]]:
    docs = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        paragraphs = [p for p in clean_text(path.read_text(encoding="utf-8")).text.split("\n") if len(p) > 30]
        docs += [paragraphs[i:i + WINDOW] for i in range(0, len(paragraphs) - WINDOW + 1, WINDOW)]
    return docs


def variants(paragraphs: list[str], rng: random.Random) -> dict[str, str]:
    text = "\n".join(paragraphs)
    chars = list(text)
    for i in rng.sample(range(len(chars)), max(1, len(chars) // 200)):  # 0.5% typos
        chars[i] = rng.choice("的一是在不了有和人这中大为上个国我以要他")
    spam = list(text)
    for i in sorted(rng.sample(range(len(spam)), max(1, len(spam) // 150)), reverse=True):
        spam.insert(i, rng.choice(["博彩网址", "代孕中介", "成人视频下载", "贷款秒批"]))
    dropped = paragraphs[:]
    del dropped[rng.randrange(len(dropped))]
    return {"typos": "".join(chars), "spam": "".join(spam), "drop_para": "\n".join(dropped),
            "boiler": "返回首页 打印本页\n" + text + "\n本网站所有内容版权所有",
            "traditional": convert_script(text, "traditional").text}


def shingles(text: str, n: int) -> set[str]:
    key = normalised_key(text)
    return {key[i:i + n] for i in range(max(1, len(key) - n + 1))}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b)


def main() -> None:
    rng = random.Random(7)
    docs = documents()
    print(f"{len(docs)} documents of {WINDOW} paragraphs from the seeds")
    for n in (3, 4, 5, 6, 8):
        positives = {}
        for d in docs:
            base = shingles("\n".join(d), n)
            for op, text in variants(d, rng).items():
                positives.setdefault(op, []).append(jaccard(base, shingles(text, n)))
        sets = [shingles("\n".join(d), n) for d in docs]
        negatives = [jaccard(sets[i], sets[j]) for i in range(len(sets)) for j in range(i + 1, len(sets))]
        low = {op: round(float(np.percentile(v, 5)), 2) for op, v in positives.items()}
        print(f"n={n}: positives p5 {low}  negatives p99 {np.percentile(negatives, 99):.3f} "
              f"max {max(negatives):.3f}")


if __name__ == "__main__":
    main()
