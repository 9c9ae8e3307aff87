import re

from cleaners import clean_text
from cleaners.edits import undo_edits
from cleaners.unicode import fix_unicode
from cleaners.whitespace import tidy_whitespace


def test_clean_chinese_is_untouched(seed_text):
    original = seed_text("000")
    result = clean_text(original)
    assert result.text == original
    assert result.edits == []


def test_cjk_punctuation_and_quotes_survive_ftfy():
    text = "他说:“劳动最光荣”，‘工匠’（试行）：１２３。"
    assert fix_unicode(text).text == text


def test_ftfy_repairs_utf8_read_as_cp1252_and_explains():
    result = fix_unicode("新闻:" + "å·¥ä¼šå·¥ä½œ")
    assert result.text == "新闻:工会工作"
    assert result.edits[0].offset == 3 and result.edits[0].rule == "unicode.ftfy"
    assert "utf8" in result.edits[0].detail


def test_nfc_normalisation():
    assert fix_unicode("cafe\u0301").text == "café"


def test_whitespace_keeps_paragraph_breaks_and_tidies_the_rest():
    text = "\ufeff  标题  \r\n\r\n\r\n\u3000\u3000正文第一段。\t\n正文  第二段\u200b。\n\n"
    result = tidy_whitespace(text)
    assert result.text == "标题\n\n正文第一段。\n正文 第二段。"
    assert {e.rule for e in result.edits} == {"whitespace.newline", "whitespace.invisible", "whitespace.edge",
                                              "whitespace.inner", "whitespace.ends", "whitespace.gap"}


def test_single_blank_line_and_single_spaces_stay():
    text = "第一段 内容\n\n第二段"
    assert tidy_whitespace(text).text == text


def test_a_run_of_entities_is_one_edit():
    from cleaners.markup import strip_markup

    result = strip_markup("标题&#x5728;&#x7EBF;&#x89C2;&#x770B;&nbsp;正文&bogus;")
    assert result.text == "标题在线观看 正文&bogus;"
    assert [(e.rule, e.after) for e in result.edits] == [("markup.entity", "在线观看 ")]


def test_private_use_characters_go_a_separator_between_texts_becomes_a_line_break():
    from cleaners.unicode import remove_private_use

    result = remove_private_use("参加了发布会。\ue40c中华社会救助基金会\ue40c")
    assert result.text == "参加了发布会。\n中华社会救助基金会"
    assert {e.rule for e in result.edits} == {"unicode.private_use"}
    assert undo_edits(result.text, result.edits) == "参加了发布会。\ue40c中华社会救助基金会\ue40c"


def test_mojibake_repair_sees_private_use_markers_before_they_go(seed_text):
    # Seed 002's misaligned GBK carries a private-use character that the repair explains and replaces.
    result = clean_text(seed_text("002"))
    assert [e.rule for e in result.edits if re.search("[\ue000-\uf8ff]", e.before)] == ["mojibake.gbk_misaligned"]
