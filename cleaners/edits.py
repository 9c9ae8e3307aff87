"""Edit records: every change a cleaner makes, explained and reversible.

Each cleaner takes text and returns a :class:`Cleaned`: the new text and the
list of :class:`Edit` records that turned the old text into it, in the order
they were applied. An edit's ``offset`` is the position in the text *as it was
when that edit was applied*, so the list can be replayed forwards on the input,
or backwards on the output to recover the input exactly::

    >>> result = replace_spans("a  b", [(1, 3, " ", "whitespace.inner")])
    >>> result.text
    'a b'
    >>> undo_edits(result.text, result.edits)
    'a  b'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Edit:
    """One change: ``before`` at ``offset`` became ``after``, by ``rule``."""

    rule: str
    offset: int
    before: str
    after: str
    detail: str = ""

    def to_dict(self) -> dict:
        d = {"rule": self.rule, "offset": self.offset, "before": self.before, "after": self.after}
        if self.detail:
            d["detail"] = self.detail
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Edit":
        return cls(d["rule"], d["offset"], d["before"], d["after"], d.get("detail", ""))


@dataclass(slots=True)
class Cleaned:
    """A cleaner's answer: the new text and the edits that produced it."""

    text: str
    edits: list[Edit] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.edits)


Cleaner = Callable[[str], Cleaned]

# (start, end, replacement, rule) or (start, end, replacement, rule, detail),
# positions in the cleaner's input text.
Span = tuple


def replace_spans(text: str, spans: Iterable[Span]) -> Cleaned:
    """Replace non-overlapping spans of ``text``, recording one edit per span.

    Spans are given in positions of the *input*; they may come in any order.
    Overlapping spans are a bug in the caller and raise ``ValueError``.

    >>> r = replace_spans("xAyBz", [(3, 4, "", "drop"), (1, 2, "a", "lower")])
    >>> r.text, [(e.offset, e.before, e.after) for e in r.edits]
    ('xayz', [(1, 'A', 'a'), (3, 'B', '')])
    """
    ordered = sorted(spans, key=lambda s: (s[0], s[1]))
    if not ordered:
        return Cleaned(text)
    pieces: list[str] = []
    edits: list[Edit] = []
    pos = 0
    shift = 0  # how far the output has moved relative to the input so far
    for span in ordered:
        start, end, new, rule = span[:4]
        detail = span[4] if len(span) > 4 else ""
        if start < pos:
            raise ValueError(f"overlapping spans at {start} ({rule})")
        old = text[start:end]
        if old == new:
            continue
        pieces.append(text[pos:start])
        pieces.append(new)
        edits.append(Edit(rule, start + shift, old, new, detail))
        shift += len(new) - len(old)
        pos = end
    pieces.append(text[pos:])
    return Cleaned("".join(pieces), edits)


def trimmed_edit(before: str, after: str, offset: int, rule: str, detail: str = "") -> Edit | None:
    """The smallest edit turning ``before`` into ``after``: common ends trimmed.

    >>> trimmed_edit("你好Ã©世界", "你好é世界", 10, "ftfy")
    Edit(rule='ftfy', offset=12, before='Ã©', after='é', detail='')
    """
    if before == after:
        return None
    limit = min(len(before), len(after))
    head = 0
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return Edit(rule, offset + head, before[head:len(before) - tail], after[head:len(after) - tail], detail)


def diff_edits(before: str, after: str, rule: str, detail: str = "") -> list[Edit]:
    """Edits for a whole-text transformation whose result we only see at the end.

    Transformations that keep the line structure (ftfy, script conversion) are
    localised line by line; anything else becomes one trimmed edit.
    """
    if before == after:
        return []
    old_lines = before.split("\n")
    new_lines = after.split("\n")
    if len(old_lines) != len(new_lines):
        edit = trimmed_edit(before, after, 0, rule, detail)
        return [edit] if edit else []
    edits: list[Edit] = []
    offset = 0  # position in the partially edited text
    for old, new in zip(old_lines, new_lines):
        edit = trimmed_edit(old, new, offset, rule, detail)
        if edit:
            edits.append(edit)
        offset += len(new) + 1
    return edits


# Lines a cleaner remembers its answer for (a second cleaning round asks again, furniture recurs):
# a bound on memory, a few MB of typical lines.
LINES_REMEMBERED = 1 << 14


def remove_lines(text: str, rule_for: Callable[[str], str | None]) -> Cleaned:
    """Remove each whole line for which ``rule_for(line)`` names a rule, newline included.

    >>> remove_lines("a\\nX\\nb\\nX", lambda line: "drop" if line == "X" else None).text
    'a\\nb'
    """
    spans = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        rule = rule_for(line)
        if rule:
            # Take the line's newline with it: the one after, or for the last line the one before.
            if end < len(text):
                spans.append((start, end + 1, "", rule))
            elif not spans or spans[-1][1] < start:
                spans.append((max(start - 1, 0), end, "", rule))
            else:  # the line before went too, with the newline between them
                spans.append((start, end, "", rule))
        start = end + 1
    return replace_spans(text, spans)


def chain(text: str, cleaners: Sequence[Cleaner]) -> Cleaned:
    """Run cleaners one after another, concatenating their edit records."""
    return chain_to_last(text, cleaners)[0]


def chain_to_last(text: str, cleaners: Sequence[Cleaner]) -> tuple[Cleaned, int]:
    """:func:`chain`, and the position of the last of ``cleaners`` that edited (-1: none did)."""
    edits: list[Edit] = []
    last = -1
    for position, cleaner in enumerate(cleaners):
        result = cleaner(text)
        text = result.text
        if result.edits:
            edits.extend(result.edits)
            last = position
    return Cleaned(text, edits), last


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Replay edits forwards on the original text."""
    for e in edits:
        if text[e.offset:e.offset + len(e.before)] != e.before:
            raise ValueError(f"edit {e.rule} at {e.offset} does not match the text")
        text = text[:e.offset] + e.after + text[e.offset + len(e.before):]
    return text


def undo_edits(text: str, edits: Sequence[Edit]) -> str:
    """Replay edits backwards on the cleaned text to recover the original."""
    for e in reversed(edits):
        if text[e.offset:e.offset + len(e.after)] != e.after:
            raise ValueError(f"edit {e.rule} at {e.offset} does not match the text")
        text = text[:e.offset] + e.before + text[e.offset + len(e.after):]
    return text
