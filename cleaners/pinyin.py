"""Pinyin annotations that converters leave after characters: 實(shí)現(xiàn) → 實現.

An annotation goes only when it is a reading of the character before it
(checked with pypinyin's dictionary of readings, heteronyms included), so real
parentheses stay::

    >>> strip_pinyin_annotations("實(shí)現(xiàn)職工的(de)向往").text
    '實現職工的向往'
    >>> strip_pinyin_annotations("歐盟(EU)、金額(元)、(試行)、(2022-2025)、條件(a)").text
    '歐盟(EU)、金額(元)、(試行)、(2022-2025)、條件(a)'

A tone-marked syllable after something that is not a character is an
annotation whose character was eaten by mojibake; it goes too, recorded as
``pinyin.orphan``. Not after a name in program code, whose arguments look alike
when they end in a digit; a tone mark is no program's::

    >>> strip_pinyin_annotations("const a3 = a1.concat(a2);").edits
    []
    >>> strip_pinyin_annotations("已如期完成,F(xiàn)行標準下").text
    '已如期完成,F行標準下'

A reading after a quoted character is the text's own (读作“行”（xíng）)::

    >>> strip_pinyin_annotations("这个字读作“行”（xíng）。").edits
    []

So is a lone reading, as an encyclopedia gives a rare or a polyphonic character's: a converter
annotates every character of the words it marks, and marks many::

    >>> strip_pinyin_annotations("荨(qián)麻是荨麻属植物的通用俗名。").edits
    []

So are the readings of a line that lists words with them, each apart, as an exam or a
word list prints them: a converter annotates characters inside running text::

    >>> strip_pinyin_annotations("A．菜畦（qí） 确凿（záo） 收敛（liǎn）").edits
    []
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from pypinyin import Style, pinyin

from .edits import Cleaned, replace_spans

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_ANNOTATION = re.compile(rf"[(（](?P<syllable>[a-zü{_TONED}]{{1,6}}[1-5]?)[)）]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_IDENTIFIER_CHAR = re.compile(r"[A-Za-z0-9_]")  # before (a2), (value1), tones as digits: a call in program code
# After a quoted character the reading is what the text says of it (读作“行”（xíng）), not a converter's.
_CLOSING_QUOTES = frozenset("”’」』》〉\"'")
_READING_ITEM = re.compile(rf"[\u3400-\u9fff]{{1,6}}{PINYIN_ANNOTATION.pattern}")
_ITEM_MARK = re.compile(r"^(?:[A-Da-d]|\d{1,2}|[（(][A-Da-d\d][)）])[.．、:：]?$")  # an option's or item's label
MIN_READING_ITEMS = 2


@cache
def readings(char: str) -> frozenset[str]:
    """Every reading of ``char``, with tone marks, with tone numbers and toneless (neutral tone)."""
    found = set()
    for style in (Style.TONE, Style.TONE3):
        for options in pinyin(char, style=style, heteronym=True, errors="ignore"):
            found.update(options)
    found.update(_toneless(r) for r in list(found))
    return frozenset(found)


def _toneless(syllable: str) -> str:
    stripped = unicodedata.normalize("NFD", syllable.rstrip("12345"))
    return "".join(c for c in stripped if not unicodedata.combining(c) or c == "\u0308").replace("u\u0308", "ü")


def _is_toned(syllable: str) -> bool:
    return any(c in _TONED for c in syllable) or syllable[-1].isdigit()


def strip_pinyin_annotations(text: str) -> Cleaned:
    """Remove ``(pinyin)`` after the character it reads; see the module docstring."""
    if "(" not in text and "（" not in text:
        return Cleaned(text)
    spans = []
    line_end, listed = -1, False  # the line of the last annotation: where it ends, whether it lists readings
    for m in PINYIN_ANNOTATION.finditer(text):
        if m.start() > line_end:  # the first annotation on its line: ask once a line
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.start())
            line_end = len(text) if line_end < 0 else line_end
            listed = _is_reading_list(text[line_start:line_end])
        if listed:
            continue
        syllable = m.group("syllable").replace("v", "ü")
        before = text[m.start() - 1] if m.start() else ""
        if _HAN.match(before):
            if syllable in readings(before):
                spans.append((m.start(), m.end(), "", "pinyin.annotation", before))
        elif _is_toned(syllable) and before and not before.isspace() and before not in _CLOSING_QUOTES \
                and not (syllable[-1].isdigit() and _IDENTIFIER_CHAR.match(before)):
            spans.append((m.start(), m.end(), "", "pinyin.orphan"))
    if len(spans) == 1 and spans[0][3] == "pinyin.annotation":
        return Cleaned(text)  # a lone reading is the text's own: a converter annotates every character of a word
    return replace_spans(text, spans)


def _is_reading_list(line: str) -> bool:
    """Does ``line`` list :data:`MIN_READING_ITEMS` or more words with their readings and nothing
    else, each apart (倔强（jué） 菜畦（qí）), an option's label aside?

        >>> _is_reading_list("B．咄咄逼人（duō） 憎恶（zēng）"), _is_reading_list("實(shí)現(xiàn)職工的(de)向往")
        (True, False)
    """
    items = line.split()
    if items and _ITEM_MARK.match(items[0]):
        items = items[1:]
    elif items and _ITEM_MARK.match(items[0][:2]):  # A．倔强（jué）: the label glued to the first word
        items[0] = items[0][2:]
    return len(items) >= MIN_READING_ITEMS and all(_READING_ITEM.fullmatch(item) for item in items)
