"""The cleaning chain for one document, driven by a config object.

    >>> r = clean_text("\\u3000\\u3000å·¥ä¼šå·¥ä½œ  ")
    >>> r.text, sorted(contamination_kinds(r.edits))
    ('工会工作', ['unicode', 'whitespace'])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .boilerplate import strip_boilerplate
from .edits import Cleaned, Cleaner, Edit, chain_to_last
from .markup import strip_markup
from .near_duplicates import drop_paragraphs
from .mojibake import repair_leftover_mojibake, repair_mojibake
from .pinyin import strip_pinyin_annotations
from .script import convert_script
from .title_spam import strip_title_spam
from .unicode import fix_unicode, remove_control_chars, remove_private_use
from .whitespace import tidy_whitespace


@dataclass(frozen=True)
class CleanConfig:
    """Which cleaners run, in the spirit of ftfy's ``TextFixerConfig``."""

    fix_unicode: bool = True
    strip_markup: bool = True
    repair_mojibake: bool = True
    strip_pinyin_annotations: bool = True
    strip_boilerplate: bool = True
    strip_title_spam: bool = True
    drop_repeated_paragraphs: bool = True
    tidy_whitespace: bool = True
    # Corpus-level: spam is found across documents, then removed in a second pass.
    remove_spam: bool = True
    # 'keep' leaves each document in its own script; otherwise convert to this one.
    script: str = "keep"

    def cleaners(self) -> list[Cleaner]:
        # Order matters. Control characters, markup and pinyin annotations go first: they sit inside
        # mojibake runs and spoil the language model's context. CJK repair runs before ftfy,
        # which would half-decode GBK-read-as-Latin-1 text as UTF-8, and again after it for the
        # UTF-8 pieces ftfy leaves; private-use characters are mojibake's markers until then.
        # Whitespace goes last to tidy what removals leave.
        enabled = [
            (self.fix_unicode, remove_control_chars),
            (self.strip_markup, strip_markup),
            (self.strip_pinyin_annotations, strip_pinyin_annotations),
            (self.repair_mojibake, repair_mojibake),
            (self.fix_unicode, fix_unicode),
            (self.repair_mojibake, repair_leftover_mojibake),
            (self.fix_unicode, remove_private_use),
            (self.strip_boilerplate, strip_boilerplate),
            (self.strip_title_spam, strip_title_spam),
            (self.drop_repeated_paragraphs, drop_paragraphs),
            (self.tidy_whitespace, tidy_whitespace),
        ]
        steps: list[Cleaner] = [cleaner for on, cleaner in enabled if on]
        if self.script != "keep":
            steps.append(lambda text: convert_script(text, self.script))
        return steps


@cache
def warm_up() -> None:
    """Load the character model and build every cleaner's tables (a few seconds, once per
    process), so that what a document costs to clean is its own cost."""
    from . import boilerplate, keys, mojibake, page_terms, quality, script, spam
    from .lm import char_model

    script.FOLD.table, keys.KEY_CHARS.table, keys._word_or_line_end(), script._script_table(), quality._char_flags()
    boilerplate._control_line()
    page_terms._anchor_starts(), page_terms._term_automaton()
    char_model().transitions("")
    mojibake.warm_up()
    spam.warm_up()


def forget_lines() -> None:
    """Empty what cleaners remember of lines they have seen (a benchmark's cold start, or memory
    handed back); what they decide is the same either way."""
    from . import boilerplate, mojibake, unicode

    for remembered in (boilerplate._rule, mojibake._line_looks_like_mojibake, mojibake.remembered_repairs,
                       unicode._fixed_line):
        remembered.cache_clear()


def clean_text(text: str, config: CleanConfig = CleanConfig()) -> Cleaned:
    """Run every enabled cleaner on ``text``; again on the result while that changes it (a few
    rounds at most), so that cleaning clean output changes nothing: one cleaner's repair can
    reveal what an earlier one looks for (ftfy turns a C1 control into …, and a pinyin
    annotation after it is then an orphan).

        >>> clean_text(clean_text("\x85(shí)").text).edits
        []
    """
    cleaners = config.cleaners()
    result, last = chain_to_last(text, cleaners)
    for _ in range(MAX_ROUNDS - 1):
        if last < 0:
            break
        # A cleaner's edits depend on its text alone. Those after the last one that edited saw
        # the result and found nothing: unless a cleaner before them edits it now, they would
        # find nothing again. (Half the documents of a web corpus need a second look, and most
        # edits are early ones: markup.)
        head, head_last = chain_to_last(result.text, cleaners[:last + 1])
        if head_last < 0:
            break
        tail, tail_last = chain_to_last(head.text, cleaners[last + 1:])
        result = Cleaned(tail.text, result.edits + head.edits + tail.edits)
        last = last + 1 + tail_last if tail_last >= 0 else head_last
    return result


MAX_ROUNDS = 3


def contamination_kinds(edits: Iterable[Edit]) -> set[str]:
    """The families of rules that fired: 'unicode', 'whitespace', 'spam', …"""
    return {e.rule.partition(".")[0] for e in edits}
