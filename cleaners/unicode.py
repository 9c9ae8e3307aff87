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

import ftfy

from .edits import Cleaned, diff_edits

CJK_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # entities are the markup cleaner's job, with its own edit records
    uncurl_quotes=False,  # “” and ‘’ are the correct quotes in Chinese
    fix_character_width=False,  # NFKC would turn ，：（） into ,:()
    fix_latin_ligatures=False,
    fix_line_breaks=False,  # the whitespace cleaner owns line endings
    normalization="NFC",
    explain=True,
)

# Characters ftfy could act on. Text made only of ASCII, CJK and common
# punctuation has nothing for ftfy to fix, and is by far the common case.
_NOTHING_FOR_FTFY = re.compile(r"[\x09\x0a\x0d\x20-\x7e\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]*")


def fix_unicode(text: str) -> Cleaned:
    """Repair what ftfy can repair, leaving clean CJK text byte-identical."""
    if _NOTHING_FOR_FTFY.fullmatch(text):
        return Cleaned(text)
    fixed, steps = ftfy.fix_and_explain(text, config=CJK_FTFY_CONFIG)
    if fixed == text:
        return Cleaned(text)
    detail = ", ".join(f"{kind}:{name}" for kind, name in steps or [])
    return Cleaned(fixed, diff_edits(text, fixed, "unicode.ftfy", detail))
