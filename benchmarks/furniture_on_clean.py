"""Site-furniture rules and page verdicts over clean text of several genres: they must take
nothing and reject nothing.

The corpus is what ``clean_corpora`` reads from the fetched repositories (laws, reviews
one a document and eight a page, Tang poems and Song lyrics, the classics; about 80 MB), with
no page furniture in it. Each document goes through the furniture steps of the cleaning chain as they run there: the line,
listing, related-list and more-link rules (:func:`cleaners.boilerplate.strip_boilerplate`)
and casino names in titles (:func:`cleaners.title_spam.strip_title_spam`), then the page
verdict (:func:`cleaners.quality.page_verdict`) on what they left. Every edit and every
rejection is a false positive; the script prints how many documents each genre had changed,
by rule, and rejected, by reason, with examples, and what the rules cost per MB.

    python benchmarks/furniture_on_clean.py LAWS_GIT REVIEWS_GIT CLASSICS_GIT

(the git directories ``fetch`` returns for LawRefBook/Laws, SophonPlus/ChineseNlpCorpus
and chinese-poetry/chinese-poetry).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from clean_corpora import READERS  # noqa: E402

from cleaners.boilerplate import strip_boilerplate  # noqa: E402
from cleaners.edits import chain  # noqa: E402
from cleaners.quality import furniture_chars, page_signals, page_verdict  # noqa: E402
from cleaners.title_spam import strip_title_spam  # noqa: E402

EXAMPLES = 5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("laws")
    parser.add_argument("reviews")
    parser.add_argument("classics")
    args = parser.parse_args()
    for genre, repo in (("laws", args.laws), ("reviews", args.reviews), ("review_pages", args.reviews),
                        ("classics", args.classics)):
        documents = size = changed = 0
        seconds = 0.0
        rules: Counter = Counter()
        verdicts: Counter = Counter()
        examples: dict[str, list[str]] = defaultdict(list)
        for _, doc_id, text in READERS[genre](repo):
            documents += 1
            size += len(text.encode())
            started = time.perf_counter()
            result = chain(text, [strip_boilerplate, strip_title_spam])
            seconds += time.perf_counter() - started
            changed += bool(result.edits)
            for edit in result.edits:
                rules[edit.rule] += 1
                if len(examples[edit.rule]) < EXAMPLES:
                    examples[edit.rule].append(f"{doc_id}: {edit.before[:80]!r}")
            reason, why = page_verdict(page_signals(result.text, furniture_chars(result.edits)))
            if reason:
                verdicts[reason] += 1
                if len(examples[reason]) < EXAMPLES:
                    examples[reason].append(f"{doc_id}: {why}")
        print(f"{genre}: {documents:,} documents, {size / 1e6:.1f} MB, {changed} changed "
              f"({', '.join(f'{r} {n}' for r, n in rules.most_common()) or 'no edit'}), "
              f"{sum(verdicts.values())} rejected ({', '.join(f'{r} {n}' for r, n in verdicts.most_common()) or 'none'}); "
              f"{size / 1e6 / max(seconds, 1e-9):.1f} MB/s")
        for rule, lines in examples.items():
            for line in lines:
                print(f"  {rule}  {line}")


if __name__ == "__main__":
    main()
