"""What ordinary Chinese text is made of, from the character-set standards.

GB2312 level 1 (3,755 characters) and Big5's frequently used block (5,401)
were each chosen as the characters common in everyday writing of their
script. Their union is a compact, corpus-free prior for "is this real
Chinese?", used to rank encodings and to spot mojibake.

    >>> common_hanzi_ratio("工人日报评论员文章")
    1.0
    >>> common_hanzi_ratio("笢恅")  # '中文' in GB18030 bytes, read as Big5
    0.0
"""

from __future__ import annotations

import re


def _decode_block(codec: str, lead: range, trail: range) -> set[str]:
    chars = set()
    for hi in lead:
        for lo in trail:
            try:
                chars.add(bytes((hi, lo)).decode(codec))
            except UnicodeDecodeError:
                pass
    return chars


_BIG5_TRAIL = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
COMMON_HANZI: frozenset[str] = frozenset(
    _decode_block("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    | {c for c in _decode_block("big5", range(0xA4, 0xC7), _BIG5_TRAIL) if "\u4e00" <= c <= "\u9fff"}
)

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def common_hanzi_ratio(text: str) -> float:
    """Share of Han characters in ``text`` that are common ones (0.0 when there are none)."""
    han = HAN.findall(text)
    if not han:
        return 0.0
    return sum(c in COMMON_HANZI for c in han) / len(han)
