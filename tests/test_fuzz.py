"""Fuzz: on any text, cleaning never raises, its edits undo to the input exactly, and cleaning
what it returns changes nothing (idempotence)."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaners import clean_text, undo_edits

# Pieces of what crawls carry, clean and dirty: hanzi (common and rare), punctuation, ASCII,
# markers of lost bytes, mojibake of both kinds, markup and entities, pinyin annotations,
# controls and odd whitespace.
PIECES = ["工会", "职工", "我们", "實現", "丂", "亊", "垚", "，", "。", "“", "”", "！", "？", "、", "（", "）",
          "a", "Z", "1", "2024", " ", "  ", "\n", "\n\n", "\t", "\u3000", "\ufffd", "\ue40c", "?",
          "å·¥ä¼š", "Ã©", "宸ヤ細", "鍏徃", "ÄãºÃ", "<p>", "</div>", "<br/>", "&amp;", "&nbsp;", "&#x5de5;",
          "&amp;lt;", "(shí)", "（xiàn）", "\x07", "\x00", "\u200b", "\r\n", "包养", "上午", "首页", "版权所有"]

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
@example("\x80版权所有\ufffd")  # a repair whose only change was a filling too unsure to write
def test_cleaning_never_raises_undoes_exactly_and_is_idempotent(text):
    result = clean_text(text)
    assert undo_edits(result.text, result.edits) == text
    again = clean_text(result.text)
    assert again.text == result.text, (text, result.text, again.edits)
