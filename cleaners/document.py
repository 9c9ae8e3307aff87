"""The cleaning chain for one document, driven by a config object.

    >>> r = clean_text("\\u3000\\u3000å·¥ä¼šå·¥ä½œ  ")
    >>> r.text, sorted(contamination_kinds(r.edits))
    ('工会工作', ['unicode', 'whitespace'])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .edits import Cleaned, Cleaner, Edit, chain
from .script import convert_script
from .unicode import fix_unicode
from .whitespace import tidy_whitespace


@dataclass(frozen=True)
class CleanConfig:
    """Which cleaners run, in the spirit of ftfy's ``TextFixerConfig``."""

    fix_unicode: bool = True
    tidy_whitespace: bool = True
    # 'keep' leaves each document in its own script; otherwise convert to this one.
    script: str = "keep"

    def cleaners(self) -> list[Cleaner]:
        steps: list[Cleaner] = []
        if self.fix_unicode:
            steps.append(fix_unicode)
        if self.tidy_whitespace:
            steps.append(tidy_whitespace)
        if self.script != "keep":
            steps.append(lambda text: convert_script(text, self.script))
        return steps


def clean_text(text: str, config: CleanConfig = CleanConfig()) -> Cleaned:
    """Run every enabled cleaner on ``text``."""
    return chain(text, config.cleaners())


def contamination_kinds(edits: Iterable[Edit]) -> set[str]:
    """The families of rules that fired: 'unicode', 'whitespace', 'spam', …"""
    return {e.rule.partition(".")[0] for e in edits}
