"""Spam discovery over clean text of several genres: it must prove nothing and remove nothing.

The corpus is what ``clean_corpora`` reads from the fetched repositories (laws, reviews,
Tang poems and Song lyrics, the classics; about 80 MB). Every document is cleaned, then
the flow's spam pass (:class:`cleaners.passes.Spam`) runs over the corpus in batches, as the
flow runs it: both looks (split candidates, then their occurrences and the recurring sentence
tails), the decision, and removal from every document with what was learnt. Clean text has no injected strings, so every family
proven, every spliced sentence and every character removed is a false positive.

    python benchmarks/discovery_on_clean.py LAWS_GIT REVIEWS_GIT CLASSICS_GIT [--limit-mb N]

(the git directories ``fetch`` returns for LawRefBook/Laws, SophonPlus/ChineseNlpCorpus
and chinese-poetry/chinese-poetry).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clean_corpora import READERS  # noqa: E402

from cleaners import clean_text, fold_to_simplified  # noqa: E402
from cleaners.passes import Spam, Verdict, run_passes  # noqa: E402
from cleaners.spam import SpamLexicon  # noqa: E402
from cleaners.spam_families import KNOWN_FAMILIES  # noqa: E402
from cleaners.spliced import SPLICED_FAMILY  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("laws")
    parser.add_argument("reviews")
    parser.add_argument("classics")
    parser.add_argument("--limit-mb", type=float, default=0.0, help="stop reading each genre after this much")
    args = parser.parse_args()
    docs: dict[str, str] = {}
    genre_of: dict[str, str] = {}
    size: Counter = Counter()
    started = time.perf_counter()
    for genre, repo in (("laws", args.laws), ("reviews", args.reviews), ("classics", args.classics)):
        for _, doc_id, text in READERS[genre](repo):
            if args.limit_mb and size[genre] >= args.limit_mb * 1e6:
                break
            docs[doc_id] = clean_text(text).text
            genre_of[doc_id] = genre
            size[genre] += len(text.encode())
    print(f"{len(docs)} documents, {sum(size.values()) / 1e6:.1f} MB "
          f"({', '.join(f'{g} {b / 1e6:.1f} MB' for g, b in size.items())}); cleaned in "
          f"{time.perf_counter() - started:.0f} s")

    started = time.perf_counter()
    outcome, decisions = run_passes([[Spam(SpamLexicon.from_tokens(KNOWN_FAMILIES))]], docs, batch_size=2000)
    lexicon = decisions[Spam.name]
    proven = {family: tokens & lexicon.discovered for family, tokens in lexicon.families.items()
              if family != SPLICED_FAMILY and tokens & lexicon.discovered}
    sentences = sorted(lexicon.families.get(SPLICED_FAMILY, ()))
    print(f"discovery and removal (the flow's spam pass, batches of 2,000): {time.perf_counter() - started:.0f} s")
    print(f"families proven: {len(proven)}")
    for family, tokens in sorted(proven.items()):
        print(f"  {family}: {sorted(tokens)[:10]}")
    print(f"spliced sentences found: {len(sentences)}")
    for sentence in sentences[:10]:
        print(f"  {sentence} ({lexicon.splits[fold_to_simplified(sentence)]} documents)")

    changed: Counter = Counter()
    removed: Counter = Counter()
    examples: Counter = Counter()
    for doc_id, result in outcome.items():
        if isinstance(result, Verdict):  # rejected as spam: all of it lost
            changed[genre_of[doc_id]] += 1
            removed[genre_of[doc_id]] += len(docs[doc_id])
            examples[f"rejected: {result.detail}"] += 1
        elif result.edits:
            changed[genre_of[doc_id]] += 1
            removed[genre_of[doc_id]] += sum(len(e.before) for e in result.edits)
            examples.update(f"{e.rule} {e.before[:20]}" for e in result.edits)
    for genre, b in size.items():
        print(f"{genre}: {changed[genre]} documents changed, {removed[genre]} characters removed")
    for example, n in examples.most_common(10):
        print(f"  {n:5d} {example}")


if __name__ == "__main__":
    main()
