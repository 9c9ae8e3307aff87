"""HTML left in text: stray tags, comments, script/style blocks and entities.

Only real HTML element names count as tags, with attributes as HTML writes them, so ``<<红楼梦>>``,
``a<b`` and ``a<b 且 b>c`` stay; and code its writer marked as code (a Markdown code fence, inline
code between backticks) is code, tags and all::

    >>> strip_markup("职工</span>之家&nbsp;&amp;<br/>工会 a<b").text
    '职工之家 &工会 a<b'
    >>> strip_markup("<script>标签会阻塞渲染。把它放在最后，或者写成<script async></script>。").text
    '<script>标签会阻塞渲染。把它放在最后，或者写成。'
    >>> strip_markup("比较运算符 a<b 且 b>c 时为真，用 `<div>` 布局。").edits
    []

A tag the text names, as a tutorial does (<div>标签, <p>表示段落, 比如<br>和<img>), is a word
of it and stays: see :func:`_named_tags`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from .edits import Cleaned, replace_spans
from .keys import code_spans, inside

_ELEMENTS = (
    "a abbr address article aside audio b big blockquote body br button caption center cite code col "
    "colgroup dd del details div dl dt em embed fieldset figcaption figure font footer form h1 h2 h3 h4 "
    "h5 h6 head header hr html i iframe img input ins label legend li link main mark meta nav noscript "
    "object ol option p param pre q s section select small source span strike strong sub summary sup "
    "table tbody td textarea tfoot th thead time title tr tt u ul video wbr o:p"
).split()
_MARKUP = re.compile(
    # A block holds code, not sentences: an article about tags that says <script> in one sentence
    # and </script> in a later one is not a block.
    r"(?P<block><(script|style)\b[^>]*>(?:(?!<\2\b)[^。！？])*?</\2\s*>)"
    r"|(?P<comment><!--.*?-->)"
    rf"|(?P<tag></?(?:{'|'.join(re.escape(e) for e in sorted(_ELEMENTS, key=len, reverse=True))})"
    # Attributes as HTML writes them: a name with a Latin letter in it (not 且 in a<b 且 b>c), perhaps a value,
    # quoted or not.
    r"""(?:\s+[^\s<>"'=/]*[A-Za-z][^\s<>"'=/]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s<>"']*))?)*\s*/?>)"""
    # A run of entities is one edit: SEO pages spell whole keyword lines in them (&#x5728;&#x7EBF;…).
    r"|(?P<entity>(?:&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});)+)",
    re.IGNORECASE | re.DOTALL,
)


_ENTITY = re.compile(r"&[^;]+;")


def _replacement(m: re.Match) -> str:
    if m.lastgroup != "entity":
        return ""
    return "".join(map(_decoded, _ENTITY.findall(m.group())))


@lru_cache(maxsize=1 << 12)  # pages that spell text in entities repeat the same few hundred
def _decoded(entity: str) -> str:
    """One entity decoded; entities html does not know stay as they are, a no-break space is a space."""
    return html.unescape(entity).replace("\xa0", " ")


def strip_markup(text: str) -> Cleaned:
    """Remove tags, comments and script/style blocks; decode entities. Again while that
    changes anything, a few times at most: pages escape twice (``&amp;lt;p&amp;gt;``), and
    what decoding reveals is markup too, so that cleaning the result changes nothing.

        >>> strip_markup("&amp;lt;p&amp;gt;正文&amp;amp;nbsp;").text
        '正文 '
    """
    result = Cleaned(text)
    for _ in range(MAX_ROUNDS):
        if "<" not in result.text and "&" not in result.text:
            break
        code = code_spans(result.text)
        markup: Iterable[re.Match] = (m for m in _MARKUP.finditer(result.text) if not inside(m.start(), m.end(), code))
        if _NAMING.search(result.text):  # most pages with markup have no word a text names a tag with
            markup = list(markup)
            named = _named_tags(result.text, markup)
            markup = [m for k, m in enumerate(markup) if k not in named]
        found = replace_spans(result.text, [(m.start(), m.end(), _replacement(m), f"markup.{m.lastgroup}")
                                            for m in markup])
        if not found.edits:
            break
        result = Cleaned(found.text, result.edits + found.edits)
    return result


MAX_ROUNDS = 4

# What a text says around a tag it names: what it is (<div>标签), what it does, inside a line
# (…：<p>表示段落; a paragraph of markup may begin 用于…), or that it gives one (比如<p>).
_TAG_NOUNS = ("标签", "元素", "標籤", "標記", "标记", "[Tt]ags?\\b")
_TAG_VERBS = ("表示", "用于", "用来", "用來", "代表", "叫做")
_EXAMPLE_WORDS = ("比如", "例如", "譬如", "叫做", "称为", "稱為", "写成", "寫成")
_NAMING_NOUN = re.compile(rf"\s*(?:这样的|之类的|这些|等)?\s*(?:{'|'.join(_TAG_NOUNS)})")
_NAMING_VERB = re.compile(rf"\s*(?:{'|'.join(_TAG_VERBS)})")
_NAMING_BEFORE = re.compile(rf"(?:{'|'.join(_EXAMPLE_WORDS)})\s*$")
_NAMING = re.compile("|".join(_TAG_NOUNS + _TAG_VERBS + _EXAMPLE_WORDS))  # any of them, anywhere
_BARE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:]*\s*/?>")  # a tag named bare: <div>, </p>, <br/>
_JOINER = re.compile(r"\s*[和与與及或、/，,]\s*")  # <br>和<img>, <p>、<a>: names in a row


def _named_tags(text: str, matches: list[re.Match]) -> set[int]:
    """Which of ``matches`` are tags the text names rather than markup around it: with words
    about the tag after it or a word that gives an example before it, and the tags joined to
    such a tag in a row (比如<p>和</p>). Markup wraps text; a tutorial speaks of tags.

        >>> text = "常用的有：<p>表示段落，<a>表示链接；比如<p>和</p>；<br>和<img>这样的标签。\\n<p>用于通信</p>"
        >>> sorted(_named_tags(text, list(_MARKUP.finditer(text))))
        [0, 1, 2, 3, 4, 5]
    """
    tags = [k for k, m in enumerate(matches) if m.lastgroup == "tag"]
    named = {k for k in tags if _BARE_TAG.fullmatch(matches[k].group()) and _names(text, matches[k])}
    for left, right in zip(tags, tags[1:]):  # both ways along a row: the row is named as a whole
        if _JOINER.fullmatch(text, matches[left].end(), matches[right].start()) and left in named:
            named.add(right)
    for left, right in reversed(list(zip(tags, tags[1:]))):
        if _JOINER.fullmatch(text, matches[left].end(), matches[right].start()) and right in named:
            named.add(left)
    return named


def _names(text: str, tag: re.Match) -> bool:
    """Does the text around ``tag`` speak of it (:func:`_named_tags`)?"""
    start, end = tag.span()
    mid_line = start > 0 and text[start - 1] != "\n"
    return bool(_NAMING_NOUN.match(text, end) or (mid_line and _NAMING_VERB.match(text, end))
                or _NAMING_BEFORE.search(text, max(0, start - 4), start))
