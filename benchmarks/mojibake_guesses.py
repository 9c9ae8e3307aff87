"""How often filling a lost byte invents a wrong character, by ``mojibake.GUESS_MARGIN``.

A decoder that met an invalid sequence wrote one '�' for a byte, so the byte is gone. The
repair fills it with the character the model prefers among those the known bytes allow,
when that character fits its neighbours ``GUESS_MARGIN`` nats better than any other filling;
otherwise the character stays lost and is removed. A wrong filling is invented text, which
costs a corpus builder's trust; a lost character costs a character. This script measures both,
for several margins, on paragraphs of real text that is not the People's Daily (laws from
LawRefBook, hotel and take-away reviews from ChineseNlpCorpus: :mod:`clean_corpora`), broken
as the web breaks it (UTF-8 read as GBK; Big5 read as GBK, on the laws and reviews turned
Traditional by OpenCC).

For each margin it prints, per kind: characters written that the text did not have (wrong
fillings, and anything else left unrepaired), characters lost, both per 1,000 characters of
text, and the share of paragraphs with a wrong character.

    python benchmarks/mojibake_guesses.py LAWS_GIT REVIEWS_GIT [--paragraphs 300] [--margins 0.5 2.5 4]
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

import cleaners.mojibake as mojibake  # noqa: E402
from clean_corpora import laws, reviews  # noqa: E402
from cleaners.script import convert_script  # noqa: E402

KINDS = {
    "utf8_as_gbk": lambda s: s.encode("utf-8").decode("gbk", errors="replace"),
    "big5_as_gbk": lambda s: s.encode("big5", errors="replace").decode("gbk", errors="replace"),
}
MARGINS = (0.5, 1.0, 2.0, 2.5, 3.0, 4.0, 6.0)


def sample(laws_repo: str, reviews_repo: str, count: int) -> list[str]:
    """``count`` paragraphs of 40 to 300 characters, half laws and half reviews, with a fixed seed."""
    rng = random.Random(1998)
    found = []
    for read, repo in ((laws, laws_repo), (reviews, reviews_repo)):
        paragraphs = [p.strip() for _, _, text in read(repo) for p in text.split("\n") if 40 <= len(p.strip()) <= 300]
        found += rng.sample(paragraphs, min(count // 2, len(paragraphs)))
    return found


def damage(expected: str, got: str) -> tuple[int, int]:
    """(characters of ``got`` the text did not have, characters of ``expected`` missing from ``got``)."""
    wrong = lost = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, expected, got, autojunk=False).get_opcodes():
        if op in ("replace", "insert"):
            wrong += j2 - j1
        if op in ("replace", "delete"):
            lost += i2 - i1
    return wrong, lost


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("laws")
    parser.add_argument("reviews")
    parser.add_argument("--paragraphs", type=int, default=300)
    parser.add_argument("--margins", type=float, nargs="+", default=MARGINS)
    args = parser.parse_args()
    clean = sample(args.laws, args.reviews, args.paragraphs)
    print(f"{len(clean)} paragraphs, {sum(map(len, clean)):,} characters; per 1,000 characters: written wrong, lost; "
          f"share of paragraphs with a wrong character")
    for kind, breaks in KINDS.items():
        expected = [convert_script(p, "traditional").text if kind.startswith("big5") else p for p in clean]
        if kind.startswith("big5"):  # a Big5 page holds only what Big5 can write
            expected = [p for p in expected if _encodes(p, "big5")]
        broken = [breaks(p) for p in expected]
        chars = sum(map(len, expected))
        for margin in args.margins:
            mojibake.GUESS_MARGIN = margin
            mojibake.remembered_repairs.cache_clear()  # repairs of lines are remembered
            results = [damage(e, mojibake.repair_mojibake(b).text) for e, b in zip(expected, broken)]
            wrong, lost = sum(w for w, _ in results), sum(n for _, n in results)
            print(f"{kind:12} ({len(expected)} paragraphs) margin {margin:3.1f}: wrong {1000 * wrong / chars:5.2f}  lost {1000 * lost / chars:5.2f}  "
                  f"paragraphs with a wrong character {sum(w > 0 for w, _ in results) / len(results):.3f}")


if __name__ == "__main__":
    main()
