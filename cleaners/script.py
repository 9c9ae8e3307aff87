"""Simplified and Traditional Chinese: detection, conversion and folding.

OpenCC's character tables (shipped with opencc-python-reimplemented) give us
two fast tools built on ``str.translate``:

- :func:`detect_script` counts characters that exist only in one script;
- :func:`fold_to_simplified` maps every Traditional character to its first
  Simplified form. It is not a faithful conversion (no phrase tables), but it
  is the same function on both copies of a text, which is all a duplicate key
  needs, and it runs at C speed.

Faithful, phrase-aware conversion for output (``--script``) uses OpenCC itself.

    >>> detect_script("實現職工對美好生活的向往")
    'traditional'
    >>> fold_to_simplified("實現職工") == fold_to_simplified("实现职工")
    True
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import opencc

from .edits import Cleaned, diff_edits

_DICTIONARY = Path(opencc.__file__).parent / "dictionary"


def _read_table(name: str) -> dict[str, str]:
    """OpenCC character table: each line is ``char<TAB>candidate [candidate…]``."""
    table = {}
    for line in (_DICTIONARY / name).read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets:
            table[source] = targets.split()[0]
    return table


_T2S = _read_table("TSCharacters.txt")
_S2T = _read_table("STCharacters.txt")
# Characters that belong to one script only: a Traditional character that is
# never itself Simplified, and the other way round.
_TRADITIONAL_ONLY = set(_T2S) - set(_S2T) - set(_T2S.values())
_SIMPLIFIED_ONLY = set(_S2T) - set(_T2S) - set(_S2T.values())
_DROP_TRADITIONAL = str.maketrans(dict.fromkeys(_TRADITIONAL_ONLY))
_DROP_SIMPLIFIED = str.maketrans(dict.fromkeys(_SIMPLIFIED_ONLY))


class CharMap:
    """A mapping of characters, one to one, applied at C speed: ``str.translate`` on short
    text, and on long text a lookup of the code points in a table (``str.translate`` looks
    each character up in a dict: the table is ten times faster on a page)."""

    VECTOR_FROM = 64  # characters from which the table lookup costs less than str.translate

    def __init__(self, mapping: dict[str, str]):
        self.mapping = mapping
        self._translation = str.maketrans(mapping)

    @cached_property
    def table(self) -> np.ndarray:
        table = np.arange(0x110000, dtype=np.uint32)
        for source, target in self.mapping.items():
            table[ord(source)] = ord(target)
        return table

    def __call__(self, text: str) -> str:
        if len(text) < self.VECTOR_FROM:
            return text.translate(self._translation)
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return self.table[codes].tobytes().decode("utf-32-le", "surrogatepass")


def class_tables(*char_classes: str) -> list[np.ndarray]:
    """For each regex character class (one character), a table true at every code point it
    matches: a class looked up for a whole text at once (``table[code_points]``).

        >>> digits, = class_tables(r"[0-9０-９]")
        >>> bool(digits[ord("７")]), bool(digits[ord("七")])
        (True, False)
    """
    every = "".join(map(chr, range(0x110000)))
    tables = []
    for char_class in char_classes:
        table = np.zeros(0x110000, dtype=bool)
        for run in re.finditer(f"(?:{char_class})+", every):
            table[run.start():run.end()] = True
        tables.append(table)
    return tables


FOLD = CharMap({t: s for t, s in _T2S.items() if len(s) == 1})


def fold_to_simplified(text: str) -> str:
    """Character-level Traditional → Simplified folding, for keys and comparisons.

        >>> fold_to_simplified("實現" * 40) == "实现" * 40
        True
    """
    return FOLD(text)


def either_script(text: str) -> str:
    """A regular expression for ``text`` (Simplified) in either script: each character itself or
    any character that folds to it (:func:`fold_to_simplified`), so that a page need not be folded
    to be searched.

        >>> either_script("举报"), bool(re.fullmatch(either_script("举报"), "舉報"))
        ('[举舉][报報]', True)
    """
    unfolded = _unfolded()
    return "".join(f"[{c}{''.join(sorted(unfolded[c]))}]" if c in unfolded else re.escape(c) for c in text)


@cache
def _unfolded() -> dict[str, set[str]]:
    """For each character some Traditional character folds to, those characters."""
    unfolded: dict[str, set[str]] = {}
    for traditional, simplified in FOLD.mapping.items():
        unfolded.setdefault(simplified, set()).add(traditional)
    return unfolded


def script_counts(text: str) -> tuple[int, int]:
    """(Simplified-only, Traditional-only) character counts.

        >>> script_counts("实现實現職工")
        (2, 3)
    """
    if len(text) < CharMap.VECTOR_FROM:
        return len(text) - len(text.translate(_DROP_SIMPLIFIED)), len(text) - len(text.translate(_DROP_TRADITIONAL))
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    counts = np.bincount(_script_table()[codes], minlength=3)
    return int(counts[1]), int(counts[2])


@cache
def _script_table() -> np.ndarray:
    """For each code point: 1 if only Simplified writes it, 2 if only Traditional does, else 0."""
    table = np.zeros(0x110000, dtype=np.uint8)
    table[[ord(c) for c in _SIMPLIFIED_ONLY]] = 1
    table[[ord(c) for c in _TRADITIONAL_ONLY]] = 2
    return table


def detect_script(text: str) -> str:
    """'simplified', 'traditional', 'mixed' (neither reaches 90%) or 'none'.

    >>> detect_script("hello 2024")
    'none'
    """
    simplified, traditional = script_counts(text)
    total = simplified + traditional
    if total == 0:
        return "none"
    if simplified >= 0.9 * total:
        return "simplified"
    if traditional >= 0.9 * total:
        return "traditional"
    return "mixed"


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def convert_script(text: str, target: str) -> Cleaned:
    """Convert to ``target`` ('simplified' or 'traditional') with OpenCC's phrase tables."""
    config = {"simplified": "t2s", "traditional": "s2t"}[target]
    converted = _converter(config).convert(text)
    return Cleaned(converted, diff_edits(text, converted, f"script.{config}"))
