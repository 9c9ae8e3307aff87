"""Whitespace tidy that keeps paragraph breaks.

Line endings become ``\\n``; invisible and control characters go; indentation,
trailing blanks and runs of blanks inside a line are tidied; more than one
empty line in a row becomes one, so a blank line between paragraphs survives.

    >>> tidy_whitespace("\\u3000\\u3000第一段。  \\r\\n\\r\\n\\r\\n第二段。\\n").text
    '第一段。\\n\\n第二段。'
"""

from __future__ import annotations

import re

from .edits import Cleaned, Edit, replace_spans
from .keys import code_spans, inside


def visible_chars(text: str) -> int:
    """Characters of ``text`` that are not whitespace (``str.isspace``, which is what ``\\s`` matches).

        >>> visible_chars(" 第一段。\u3000\t好 ")
        5
    """
    return len("".join(text.split()))  # split is C speed; a regex substitution cost three times as much


_BLANK = "[ \\t\\u00a0\\u2000-\\u200a\\u202f\\u205f\\u3000]"

# Pass 1: characters that are never wanted as they are.
_NEWLINES = r"\u2028\u2029\x0b\x0c\x85"  # besides \r and \r\n
_INVISIBLE = r"\u200b\u2060\ufeff\u00ad"  # zero-width space, word joiner, BOM, soft hyphen; ZWJ/ZWNJ stay
_CONTROLS = r"\x00-\x08\x0e-\x1f\x7f"
_CHARACTERS = re.compile(
    rf"(?P<newline>\r\n?|[{_NEWLINES}])|(?P<invisible>[{_INVISIBLE}]+)|(?P<control>[{_CONTROLS}]+)"
)
_REPLACEMENT = {"newline": "\n", "invisible": "", "control": ""}
# Any of them, as one character class: most texts have none, and an alternation is tried at every position.
_ANY_CHARACTER = re.compile(rf"[\r{_NEWLINES}{_INVISIBLE}{_CONTROLS}]")

# Pass 2: blanks at the edges of a line, and runs of blanks inside one. Every run is found with
# one character class (re scans for it fast) and sorted out here: an alternation of anchored
# patterns is tried at every position of the text.
_BLANK_RUN = re.compile(f"{_BLANK}+")

# A Markdown list's item indented under another (spaces or tabs, then - * + or 1. 1)): its indent
# is the list's nesting, which a table of contents or an outline is made of.
_NESTED_ITEM = re.compile(r"[ \t]+(?:[-*+]|\d{1,3}[.)])[ \t]")

# A table drawn with box-drawing characters (U+2500-257F: ┌─┬─┐, │): blanks beside them align its cells.
_BOX_FIRST, _BOX_LAST = "\u2500", "\u257f"

# Pass 3: empty lines. Only runs of three line ends or more matter inside a text (a paragraph
# break is two); re scans for the three at once, where a pattern for every run would stop at each.
_GAP_RUN = re.compile(r"\n{3,}")


def _character_spans(text: str) -> list[tuple]:
    """Line ends made ``\\n``; invisible and control characters removed."""
    if not _ANY_CHARACTER.search(text):
        return []
    return [(m.start(), m.end(), _REPLACEMENT[m.lastgroup], f"whitespace.{m.lastgroup}")
            for m in _CHARACTERS.finditer(text)]


def _blank_spans(text: str) -> list[tuple]:
    """Runs of blanks at the edge of a line (removed) or of two or more inside one (one space),
    except a program's indentation and alignment (:class:`_CodeBlanks`) and a nested list item's
    indent; trailing blanks always go.

        >>> tidy_whitespace("\\u3000\\u3000第一段。\\n    if x:\\n        return  1 \\n").text
        '第一段。\\n    if x:\\n        return  1'
        >>> tidy_whitespace("- 第一章\\n    - 安装\\n  正文。").text
        '- 第一章\\n    - 安装\\n正文。'
    """
    spans = []
    code = _CodeBlanks(text)
    for m in _BLANK_RUN.finditer(text):
        start, end = m.span()
        if end == len(text) or text[end] == "\n":
            spans.append((start, end, "", "whitespace.edge"))
        elif code(start, end):
            continue
        elif start == 0 or text[start - 1] == "\n":
            if _NESTED_ITEM.match(text, start):
                continue
            spans.append((start, end, "", "whitespace.edge"))
        elif end - start >= 2:
            spans.append((start, end, " ", "whitespace.inner"))
    return spans


class _CodeBlanks:
    """Whether a run of blanks of a text is a program's, whose blanks are its structure (Python's
    blocks, a Markdown code block's four spaces, aligned columns, a format string's "%d  %d"): in
    a Markdown code fence or in inline code (:func:`cleaners.keys.code_spans`), on a line of
    ASCII alone, or against a box-drawing character (a table drawn with │ aligns its cells with
    blanks). Chinese prose's indents (\\u3000\\u3000, spaces before Han text) are tidied as ever.

        >>> tidy_whitespace("│ 语文 │  92  │\\n语文  92").text
        '│ 语文 │  92  │\\n语文 92'
    """

    def __init__(self, text: str):
        self.text = text
        self.code = code_spans(text)

    def __call__(self, start: int, end: int) -> bool:
        """Is the run of blanks ``text[start:end]`` a program's?"""
        if self.code and inside(start, end, self.code):
            return True
        if _BOX_FIRST <= self.text[end] <= _BOX_LAST or start and _BOX_FIRST <= self.text[start - 1] <= _BOX_LAST:
            return True
        if not self.text[end].isascii():
            return False  # what follows the run is no ASCII: most of Chinese text is decided here
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        return self.text[line_start:line_end if line_end >= 0 else None].isascii()


def _empty_line_spans(text: str) -> list[tuple]:
    """Line ends at the start or end of the text (removed), and runs of three or more inside it
    (one empty line kept).

        >>> [span[:2] for span in _empty_line_spans("\\n甲\\n\\n乙\\n\\n\\n丙\\n")]
        [(0, 1), (5, 8), (9, 10)]
    """
    head, tail = len(text) - len(text.lstrip("\n")), len(text.rstrip("\n"))
    spans = [(0, head, "", "whitespace.ends")] if head else []
    if head == len(text):
        return spans
    spans.extend((m.start(), m.end(), "\n\n", "whitespace.gap") for m in _GAP_RUN.finditer(text, head, tail))
    if tail < len(text):
        spans.append((tail, len(text), "", "whitespace.ends"))
    return spans


def tidy_whitespace(text: str) -> Cleaned:
    """Normalise line endings and blanks; see the module docstring."""
    edits: list[Edit] = []
    for spans in (_character_spans, _blank_spans, _empty_line_spans):
        result = replace_spans(text, spans(text))
        text = result.text
        edits.extend(result.edits)
    return Cleaned(text, edits)
