import pytest

from cleaners import clean_text, undo_edits
from cleaners.edits import Edit, apply_edits, diff_edits, replace_spans, trimmed_edit
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
