"""Casino names glued onto a page's title, and put wherever the page names itself.

A hijacked page keeps its own story but carries a gambling brand in its first line
(美狮贵宾会四名挂职干部第一时间返岗), often in place of the name of the company or school
the story is about (中国广核集团（简称“美狮贵宾会”）). The brand is found from the page
alone: a name of the trade's kind (a VIP club, a cash site, an entertainment city:
:data:`cleaners.page_terms.BRAND_SUFFIXES`) in the title, grown to the left and right for
as long as every place the page uses it agrees, so the brand comes out whole (美狮 + 贵宾会)
and the words around it stay. It goes everywhere on the page (``spam.title``, the brand
in ``detail``). A page about gambling itself (three different terms or more) is the page
verdicts' business, and a name seen once is no evidence: both are left alone.

    >>> page = "美狮贵宾会四名挂职干部返岗\\n中国广核集团（简称“美狮贵宾会”）派出干部。美狮贵宾会党委表示支持。"
    >>> strip_title_spam(page).text
    '四名挂职干部返岗\\n中国广核集团（简称“”）派出干部。党委表示支持。'
"""

from __future__ import annotations

import re

from .edits import Cleaned, replace_spans
from .page_terms import BRAND_SUFFIXES, find_terms
from .script import fold_to_simplified

_NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
MAX_TITLE = 60  # characters of a first line that is a title, not the text
MAX_BRAND = 12  # characters: a brand, not a phrase
MIN_TITLE_LEFT = 4  # characters of the title that must remain: a title that is all brand is not hijacked
MAX_GAMBLING_TERMS = 2  # different gambling terms on a page that is not about gambling


def strip_title_spam(text: str) -> Cleaned:
    """Remove a gambling brand found in the title and recurring on the page; see the module."""
    title_end = text.find("\n")
    if not 0 < title_end <= MAX_TITLE:  # a page's first line is its title only when it is short
        return Cleaned(text)
    title = _folded(text[:title_end])
    suffixes = [s for s in BRAND_SUFFIXES if s in title]
    if not suffixes:
        return Cleaned(text)  # most pages: the title alone decides, the page is not folded
    folded = _folded(text)
    if find_terms(folded)["gambling"][0] > MAX_GAMBLING_TERMS:
        return Cleaned(text)
    brands = {brand for suffix in suffixes if (brand := _brand(folded, title, suffix))}
    if not brands:
        return Cleaned(text)
    # One pattern, longest brand first: two brands that overlap (某某真人娱乐城) are matched once.
    pattern = re.compile("|".join(map(re.escape, sorted(brands, key=len, reverse=True))))
    return replace_spans(text, [(m.start(), m.end(), "", "spam.title", m.group()) for m in pattern.finditer(folded)])


def _folded(text: str) -> str:
    """Simplified and lower-case, one character for one: positions in it are positions in ``text``."""
    return fold_to_simplified(text).translate(_ASCII_LOWER)


def _brand(folded: str, title: str, suffix: str) -> str | None:
    """The name around ``suffix``'s first place in the title, grown while all its places on the page
    agree; None when the page uses it once, or the name would be most of the title."""
    places = [m.start() for m in re.finditer(re.escape(suffix), folded)]
    if len(places) < 2:
        return None
    start = title.find(suffix)
    end = start + len(suffix)
    offsets = [p - start for p in places]
    while start > 0 and _agree(folded, [start - 1 + o for o in offsets]):
        start -= 1
    while end < len(title) and _agree(folded, [end + o for o in offsets]):
        end += 1
    if end - start > MAX_BRAND or len(title.strip()) - (end - start) < MIN_TITLE_LEFT:
        return None
    return folded[start:end]


def _agree(folded: str, positions: list[int]) -> bool:
    """Every position holds the same character of a name."""
    if min(positions) < 0 or max(positions) >= len(folded):
        return False
    first = folded[positions[0]]
    return bool(_NAME_CHAR.match(first)) and all(folded[p] == first for p in positions)
