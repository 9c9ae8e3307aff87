"""ftfy, configured so that clean Chinese passes through untouched.

ftfy's defaults are tuned for English: they straighten “” and ‘’ quotes and
fold full-width characters such as ，：（） to ASCII, which damages Chinese text.
We keep ftfy for what it is best at (UTF-8 that was decoded as Latin-1 or
cp1252, C1 controls, surrogates, terminal escapes) and Unicode NFC.

    >>> fix_unicode("“工会”（试行）").text
    '“工会”（试行）'
    >>> fix_unicode("å·¥ä¼š").text
    '工会'
"""

from __future__ import annotations

import re
from functools import lru_cache

import ftfy

from .edits import LINES_REMEMBERED, Cleaned, replace_spans, trimmed_edit
from .keys import Cited

CJK_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # entities are the markup cleaner's job, with its own edit records
    uncurl_quotes=False,  # “” and ‘’ are the correct quotes in Chinese
    fix_character_width=False,  # NFKC would turn ，：（） into ,:()
    fix_latin_ligatures=False,
    fix_line_breaks=False,  # the whitespace cleaner owns line endings
    normalization="NFC",
    explain=True,
)

# Text made only of these has nothing for ftfy to fix (no Latin-1 letters for
# mojibake, no controls, nothing NFC would change), and is by far the common case:
# ASCII, ·×÷, general punctuation, number forms, arrows to shapes (but not the
# angle brackets U+2329/232A, which NFC maps to 〈〉), CJK radicals, symbols,
# kana (not the combining sound marks), ideographs, compatibility and full-width forms.
_NOTHING_FOR_FTFY = re.compile(
    r"[\t\n\r\x20-\x7e\u00b7\u00d7\u00f7\u2010-\u2027\u2030-\u205e\u2150-\u218f\u2190-\u2328\u232b-\u2bff"
    r"\u2e80-\u3098\u309b-\u4dbf\u4e00-\u9fff\ufe30-\ufe4f\uff00-\uffef]*")


# C0 controls that are never text: crawled pages carry them as invisible watermarks
# (就要到時間了\x07\x06，). Not tab, line breaks, form feed, nor ESC, which begins a
# terminal escape that ftfy removes whole. Whether a page has any is asked of the bare class
# (here and for private use): re scans for it fast, for a repeated class a position at a time,
# twice the time on a page that has none.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROLS = re.compile(_CONTROL.pattern + "+")


def remove_control_chars(text: str) -> Cleaned:
    """Remove control characters, first: left in place they break the words that the
    mojibake, pinyin and spam steps judge.

    >>> remove_control_chars("到時間了\x07\x06，他知道").text
    '到時間了，他知道'
    """
    if not _CONTROL.search(text):
        return Cleaned(text)
    return replace_spans(text, [(m.start(), m.end(), "", "unicode.control") for m in _CONTROLS.finditer(text)])


def fix_unicode(text: str) -> Cleaned:
    """Repair what ftfy can repair, leaving clean CJK text byte-identical. Line by line, as
    ftfy's own ``fix_text`` works: a line's answer is remembered (a second cleaning round
    and recurring furniture ask again)."""
    if _NOTHING_FOR_FTFY.fullmatch(text):
        return Cleaned(text)
    spans = []
    offset = 0
    cited = Cited(text)
    for line in text.split("\n"):
        if not _NOTHING_FOR_FTFY.fullmatch(line):
            fixed, detail = _fixed_line(line)
            edit = trimmed_edit(line, fixed, offset, "unicode.ftfy", detail)
            if edit and not _fixes_only_cited(line, offset, cited.spans):
                spans.append((edit.offset, edit.offset + len(edit.before), edit.after, edit.rule, edit.detail))
        offset += len(line) + 1
    return replace_spans(text, spans)


def _fixes_only_cited(line: str, offset: int, cited: list[tuple[int, int]]) -> bool:
    """Does ftfy change nothing of ``line`` (at ``offset`` in its text) outside the strings its writer
    shows (:func:`cleaners.keys.cited_spans`)? Then it quotes mojibake (“ä¸­æ–‡”), and stays:
    a garbled line garbles its quotation marks with the rest.

        >>> fix_unicode("UTF-8的“中文”读作Latin-1是“ä¸­æ–‡”。").edits
        []
    """
    mine = [(a - offset, b - offset) for a, b in cited if offset <= a and b <= offset + len(line)]
    if not mine:
        return False
    starts, ends = [0, *(b for _, b in mine)], [*(a for a, _ in mine), len(line)]
    return all(_fixed_line(line[a:b])[0] == line[a:b] for a, b in zip(starts, ends) if a < b)


@lru_cache(maxsize=LINES_REMEMBERED)
def _fixed_line(line: str) -> tuple[str, str]:
    fixed, steps = ftfy.fix_and_explain(line, config=CJK_FTFY_CONFIG)
    return fixed, ", ".join(f"{kind}:{name}" for kind, name in steps or [])


# Private-use code points mean something only in the font of the page that used them (a site's
# glyph, a paragraph mark). Mojibake repair reads them as markers first; what it leaves is removed.
_PRIVATE = re.compile(r"[\ue000-\uf8ff]")
_PRIVATE_USE = re.compile(_PRIVATE.pattern + "+")


def remove_private_use(text: str) -> Cleaned:
    """Remove private-use characters; one standing between two pieces of text becomes the line
    break it was drawn as.

    >>> remove_private_use("参加了发布会。\ue40c中华社会救助基金会").text
    '参加了发布会。\\n中华社会救助基金会'
    """
    if not _PRIVATE.search(text):
        return Cleaned(text)
    return replace_spans(text, [(m.start(), m.end(), _separator(text, m.start(), m.end()), "unicode.private_use")
                                for m in _PRIVATE_USE.finditer(text)])


def _separator(text: str, start: int, end: int) -> str:
    between_text = 0 < start and end < len(text) and not text[start - 1].isspace() and not text[end].isspace()
    return "\n" if between_text else ""
