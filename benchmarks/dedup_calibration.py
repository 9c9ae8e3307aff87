"""Choose the shingle size and similarity threshold for near-duplicates by measurement.

Documents are windows of consecutive paragraphs of the cleaned seed pages (all
on one topic, trade unions, which makes the negatives hard). Positives are
variants of a document with the transformations republished copies show:
a few typos, a paragraph dropped, short spam tokens injected, a line of page
furniture left in, Traditional script. Negatives are other windows that do not
overlap. For each shingle size we print the exact Jaccard similarity at the
5th percentile of positives and the 99th percentile and maximum of negatives.

The seeds are one site's pages; real text is more heterogeneous. The second half
measures the verification threshold (``near_duplicates.VERIFY``) on real user reviews
(the shared ``clean_web`` bench, documents of several reviews each, which share some
reviews but are not copies): for every pair whose estimated similarity reaches a
threshold, how many have an exact Jaccard under 0.5, i.e. would be rejected as copies of
a document they do not resemble. LSH finds candidates at ``THRESHOLD`` (0.4, for recall);
a copy is rejected only when its estimate against the kept document reaches ``VERIFY``.

The third part measures the own-text test (``near_duplicates.adds_its_own``, and
``adds_own_paragraphs`` for own text in whole paragraphs): a document that adds text of its own
to another is not its copy. Two copies of one seed document (positives)
must not both add text of their own to each other; on the review pairs that reach ``VERIFY`` it
shows how many it keeps apart and how much text of their own those pairs really have.

    python benchmarks/dedup_calibration.py [--reviews ../shared/bench/data/clean_web.jsonl.gz]
"""

from __future__ import annotations

import argparse
import gzip
import json
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


def both_add_their_own(similarity: float, a: int, b: int, a_text: str, b_text: str) -> bool:
    """Whether neither of two documents (of ``a`` and ``b`` shingles) can be kept as a copy of the
    other, by the own-text test on shingles and on whole paragraphs, as the flow asks it."""
    from cleaners.near_duplicates import adds_its_own, adds_own_paragraphs, paragraph_shingles

    def adds(kept: int, copy: int, kept_text: str, copy_text: str) -> bool:
        return bool(adds_its_own(similarity, kept, copy)) or adds_own_paragraphs(
            similarity, kept, copy, paragraph_shingles(kept_text), paragraph_shingles(copy_text))

    return adds(a, b, a_text, b_text) and adds(b, a, b_text, a_text)


def verification(path: Path) -> None:
    from cleaners.near_duplicates import (OWN_SHARE, OWN_SHINGLES, VERIFY, adds_own_paragraphs, paragraph_shingles,
                                          shingle_count, shingle_hashes, signatures)

    with gzip.open(path, "rt", encoding="utf-8") as f:
        texts = [clean_text(json.loads(line)["text"]).text for line in f]
    keys = [normalised_key(text) for text in texts]
    sigs = signatures(keys)
    estimated, exact, apart, own, exact_apart = [], [], [], [], []
    for a in range(len(keys)):
        similar = (sigs[a + 1:] == sigs[a]).mean(axis=1)
        for b in np.flatnonzero(similar >= 0.4) + a + 1:
            x, y = set(shingle_hashes(keys[a]).tolist()), set(shingle_hashes(keys[b]).tolist())
            estimated.append(similar[b - a - 1])
            exact.append(len(x & y) / len(x | y))
            apart.append(both_add_their_own(estimated[-1], shingle_count(keys[a]), shingle_count(keys[b]),
                                            texts[a], texts[b]))
            own.append(min(len(x - y) / len(x), len(y - x) / len(y)))
            paragraphs = paragraph_shingles(texts[a]), paragraph_shingles(texts[b])
            # Exact: with an exact Jaccard and no error (num_perm without end), the estimates are exact too.
            exact_apart.append(all(len(p - q) >= max(OWN_SHARE * len(p), OWN_SHINGLES)
                                   or adds_own_paragraphs(exact[-1], len(q), len(p), other, mine, num_perm=10**12)
                                   for p, q, mine, other in ((x, y, *paragraphs), (y, x, *paragraphs[::-1]))))
    estimated, exact, apart, own, exact_apart = map(np.array, (estimated, exact, apart, own, exact_apart))
    print(f"{len(keys)} review documents, {len(exact)} pairs estimated at 0.4 or more")
    for threshold in (0.4, 0.5, 0.55, 0.6, 0.65, 0.7):
        chosen = estimated >= threshold
        print(f"estimate >= {threshold}: {chosen.sum()} pairs, {(exact[chosen] < 0.5).sum()} with exact Jaccard < 0.5")
    copies = estimated >= VERIFY
    print(f"own text: of {copies.sum()} pairs at >= {VERIFY}, {apart[copies].sum()} each carry text of their own "
          f"(exact share of the smaller side's own shingles: min {own[copies & apart].min(initial=1):.2f}); "
          f"the {(copies & ~apart).sum()} others share: median {np.median(own[copies & ~apart]):.2f}, "
          f"p95 {np.percentile(own[copies & ~apart], 95):.2f}")
    print(f"against the own-text test on exact shingle sets: {(copies & apart & ~exact_apart).sum()} pairs kept "
          f"apart that it would take (a copy kept), {(copies & ~apart & exact_apart).sum()} taken that it would "
          f"keep apart (a document lost)")


def own_text_on_copies(docs: list[list[str]], rng: random.Random) -> None:
    """How often the own-text test would keep two copies of one seed document apart (it must
    not): the original and each variant, and every two variants, which both differ from it."""
    from itertools import combinations

    from cleaners.near_duplicates import own_shingles, shingle_count, signatures, similarity_at_least

    apart, own, share = [], [], []
    for d in docs:
        copies = ["\n".join(d), *variants(d, rng).values()]
        keys = [normalised_key(text) for text in copies]
        sigs = signatures(keys)
        for a, b in combinations(range(len(keys)), 2):
            similarity, sizes = (sigs[a] == sigs[b]).mean(), (shingle_count(keys[a]), shingle_count(keys[b]))
            apart.append(both_add_their_own(similarity, *sizes, copies[a], copies[b]))
            least = similarity_at_least(similarity)  # as the test judges it
            smaller = min(((own_shingles(least, kept, copy), copy) for kept, copy in (sizes, sizes[::-1])),
                          key=lambda pair: pair[0] / pair[1])
            own.append(smaller[0])
            share.append(smaller[0] / smaller[1])
    print(f"own text on {len(apart)} pairs of copies: {sum(apart)} kept apart (must be 0); the side with less "
          f"text of its own, estimated at the low end of the similarity: p99 {np.percentile(own, 99):.0f} "
          f"shingles, {np.percentile(share, 99):.2f} of its shingles; max {max(own):.0f}, {max(share):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=Path, default=ROOT.parent / "shared/bench/data/clean_web.jsonl.gz")
    args = parser.parse_args()
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
    own_text_on_copies(docs, rng)
    if args.reviews.exists():
        verification(args.reviews)


if __name__ == "__main__":
    main()
