import pytest

from cleaners import CleanConfig, clean_text, undo_edits
from cleaners.document import MAX_ROUNDS
from cleaners.edits import Cleaned, Edit, apply_edits, chain, diff_edits, replace_spans, trimmed_edit
from tests.conftest import SEEDS


def test_replace_spans_records_sequential_offsets():
    result = replace_spans("a  b\r\nc", [(5, 6, "", "drop"), (1, 3, " ", "inner")])
    assert result.text == "a b\rc"
    assert [(e.rule, e.offset, e.before, e.after) for e in result.edits] == [
        ("inner", 1, "  ", " "), ("drop", 4, "\n", "")]


def test_overlapping_spans_are_a_bug():
    with pytest.raises(ValueError):
        replace_spans("abcdef", [(0, 3, "", "x"), (2, 4, "", "y")])


def test_trimmed_edit_is_minimal():
    assert trimmed_edit("工会Ã©工作", "工会é工作", 5, "r") == Edit("r", 7, "Ã©", "é")
    assert trimmed_edit("same", "same", 0, "r") is None


def test_diff_edits_localises_per_line():
    edits = diff_edits("一二\n三四\n五六", "一二\n三X\n五Y", "r")
    assert [(e.offset, e.before, e.after) for e in edits] == [(4, "四", "X"), (7, "六", "Y")]
    assert apply_edits("一二\n三四\n五六", edits) == "一二\n三X\n五Y"


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_edits_replay_both_ways_on_seeds(path):
    original = path.read_text(encoding="utf-8")
    result = clean_text(original)
    assert apply_edits(original, result.edits) == result.text
    assert undo_edits(result.text, result.edits) == original


def _every_cleaner_every_round(text: str) -> Cleaned:
    """clean_text as defined: the whole chain again while it changes the text (three rounds at most)."""
    cleaners = CleanConfig().cleaners()
    result = chain(text, cleaners)
    for _ in range(MAX_ROUNDS - 1):
        again = chain(result.text, cleaners) if result.edits else Cleaned(result.text)
        if not again.edits:
            break
        result = Cleaned(again.text, result.edits + again.edits)
    return result


@pytest.mark.parametrize("text", [
    "\x85(shí)",  # ftfy's … orphans the annotation: the second round's pinyin cleaner takes it
    "<p>實(shí)現(xiàn)</p>\n  首页 > 新闻  \n正文在这里，讲述了一个故事。",  # markup first, whitespace last
    "宸ヤ細宸ヤ綔寰堥噸瑕併€?\n工会工作很重要。",
    "没有任何问题的干净文本。",
] + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))])
def test_later_rounds_rerun_only_the_cleaners_that_can_change(text):
    """The second round starts the chain again but stops after the last cleaner that edited, unless
    one before it edits: the same text and edits as running every cleaner every round."""
    ours, defined = clean_text(text), _every_cleaner_every_round(text)
    assert ours.text == defined.text and ours.edits == defined.edits
