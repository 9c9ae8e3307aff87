"""Pure text cleaners: text in, text and edit records out. No I/O, no Prefect."""

from .document import CleanConfig, clean_text, contamination_kinds, warm_up
from .edits import Cleaned, Edit, apply_edits, undo_edits
from .keys import exact_key, normalised_key
from .script import detect_script, fold_to_simplified

__all__ = [
    "CleanConfig", "Cleaned", "Edit", "apply_edits", "clean_text", "contamination_kinds",
    "detect_script", "exact_key", "fold_to_simplified", "normalised_key", "undo_edits", "warm_up",
]
