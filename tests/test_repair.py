"""Repairs of what the web broke: mojibake, pinyin annotations, markup, boilerplate."""

import re

import pytest

from cleaners import clean_text, undo_edits
from cleaners.boilerplate import boilerplate_kind, strip_boilerplate
from cleaners.markup import strip_markup
from cleaners.mojibake import repair_mojibake
from cleaners.pinyin import strip_pinyin_annotations

# Text written for these tests, not taken from any benchmark.
NEWS = "全市职工积极参加技能竞赛,各级工会组织开展帮扶活动,覆盖职工一万余人次。"
NEWS_TRADITIONAL = "全市職工積極參加技能競賽,各級工會組織開展幫扶活動,覆蓋職工一萬餘人次。"


def drop_byte(text: str, codec: str, char_index: int) -> str:
    """``text`` encoded, the first byte of one character dropped, decoded again."""
    data = text.encode(codec)
    position = len(text[:char_index].encode(codec))
    return (data[:position] + data[position + 1:]).decode(codec, errors="replace")


def char_accuracy(expected: str, got: str) -> float:
    import difflib
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / len(expected)


@pytest.mark.parametrize("broken,kind,accuracy", [
    (NEWS.encode("utf-8").decode("gbk", errors="replace"), "utf8_as_gbk", 0.9),
    (NEWS.encode("gbk").decode("latin-1"), "gbk_as_latin1", 1.0),
    # Big5 read as GBK loses whole characters where pairs are unassigned: the weakest case.
    (NEWS_TRADITIONAL.encode("big5").decode("gbk", errors="replace"), "big5_as_gbk", 0.8),
])
def test_whole_line_mojibake_is_repaired(broken, kind, accuracy):
    expected = NEWS_TRADITIONAL if kind == "big5_as_gbk" else NEWS
    result = repair_mojibake("标题\n" + broken)
    assert char_accuracy(expected, result.text.split("\n")[1]) >= accuracy
    assert result.edits and result.edits[0].rule == f"mojibake.{kind}"


def test_big5_read_as_gbk_characters_with_both_bytes_lost_are_guessed():
    # GBK's decoder writes '�' for a byte it cannot pair with the next one and moves one
    # byte on; where two such bytes were one character, only the characters whose bytes
    # would fail the same way are candidates, and the model picks among them in context.
    sentence = "這座城市的交通狀況近年來有了明顯的改善。"
    broken = sentence.encode("big5").decode("gbk", errors="replace")
    assert "\ufffd\ufffd" in broken
    result = repair_mojibake(broken)
    assert result.text == sentence
    assert [e.rule for e in result.edits] == ["mojibake.big5_as_gbk"]


def test_utf8_read_as_cp1252_is_left_to_ftfy_and_fixed_by_the_chain():
    import ftfy.bad_codecs  # noqa: F401  registers sloppy-windows-1252, which decodes like browsers do

    broken = NEWS.encode("utf-8").decode("sloppy-windows-1252")
    assert clean_text(broken).text == NEWS


@pytest.mark.parametrize("where", [8, 20, 30])
def test_a_dropped_gbk_byte_is_realigned(where):
    broken = drop_byte(NEWS, "gbk", where)
    assert broken != NEWS
    result = repair_mojibake(broken)
    assert result.edits and result.edits[0].rule == "mojibake.gbk_misaligned"
    assert char_accuracy(NEWS, result.text) > char_accuracy(NEWS, broken)


def test_seed_002_repairs_are_exact(seed_text):
    cleaned = clean_text(seed_text("002")).text
    for repaired in ("慶祝活動為契機", "可以預見", "慶祝“五一”國際勞動節"):
        assert repaired in cleaned


@pytest.mark.parametrize("clean", [
    NEWS, NEWS_TRADITIONAL,
    "北京市西城區佟景宸、周紹熹、龐延斌等出席。",  # rare characters in names
    "他说:“这是为什么?”我不知道。真的吗?是的。",  # ASCII question marks between sentences
    "2024年——“新质生产力”成为热词,《人民日报》评论员文章指出……",
    "Résumé and café prices in € rose 3%.",
])
def test_clean_text_is_not_touched(clean):
    assert repair_mojibake(clean).text == clean
    assert clean_text(clean).text == clean


def test_pinyin_annotations_go_real_parentheses_stay():
    text = "實(shí)現(xiàn)職工的(de)向往(xiàng wǎng)、區(qū)(街道)、歐盟(EU)、金額(元)、(試行)、(2022-2025)、(農民工)"
    assert strip_pinyin_annotations(text).text == \
        "實現職工的向往(xiàng wǎng)、區(街道)、歐盟(EU)、金額(元)、(試行)、(2022-2025)、(農民工)"


def test_pinyin_tone_numbers_full_width_parens_and_orphans():
    result = strip_pinyin_annotations("实（shi2）现 C(jī) 条件(a)")
    assert result.text == "实现 C 条件(a)"
    assert [e.rule for e in result.edits] == ["pinyin.annotation", "pinyin.orphan"]


def test_markup():
    text = "职工</span>之家&nbsp;&amp;<br/>工会<script>var x = 1;</script><!-- ad -->《红楼梦》<<b>>"
    result = strip_markup(text)
    assert result.text == "职工之家 &工会《红楼梦》<>"
    assert {e.rule for e in result.edits} == {"markup.tag", "markup.entity", "markup.block", "markup.comment"}


@pytest.mark.parametrize("line,kind", [
    ("打印本页 关闭窗口", "furniture"),
    ("上一篇 下一篇", "furniture"),
    ("• 中國臺灣網移動版", "furniture"),
    ("字体:【大】【中】【小】", "controls"),
    ("【打印】【关闭】【收藏】", "controls"),
    ("首页 > 新闻中心 > 工会动态", "breadcrumb"),
    ("[責任編輯:楊永青]", "credit"),
    ("来源:工人日报", "credit"),
    ("版权所有 © 2024 某某网 京ICP备12345678号", "credit"),
    ("(完)", "end_mark"),
    ("章丘市| 浙江省| 北碚区| 定兴县| 卢氏县| 云南省", "link_farm"),
    ("海淀 朝阳 丰台 石景山 门头沟 房山 通州 顺义 昌平 大兴", "link_farm"),
    ("工会 | 劳模 | 工匠 | 职工 | 帮扶 | 维权 | 竞赛", "link_farm"),
])
def test_boilerplate_kinds(line, kind):
    assert boilerplate_kind(line) == kind


@pytest.mark.parametrize("line", [
    "非洲召开反腐败会议", "本报评论员", "图片新闻", "本报记者 郑莉 郝赫 朱欣", "1.深入学习贯彻党的二十大精神。",
    "北京、上海、广州、深圳等城市的职工代表参加了会议。", "2022年4月5日", "莲池区总工会",
])
def test_content_lines_are_not_boilerplate(line):
    assert boilerplate_kind(line) is None


def test_boilerplate_lines_are_removed_whole():
    text = "打印本页\n第一段。\n[責任編輯:楊永青]\n第二段。"
    result = strip_boilerplate(text)
    assert result.text == "第一段。\n第二段。"
    assert undo_edits(result.text, result.edits) == text


@pytest.mark.parametrize("stem", ["002", "003", "004"])
def test_seed_pages_come_out_clean(stem, seed_text):
    original = seed_text(stem)
    result = clean_text(original)
    text = result.text
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)", text)
    assert "</span" not in text and not re.search(r"[\ue000-\uf8ff]", text)
    assert not re.search(r"[\u4e00-\u9fff]\?[\u4e00-\u9fff]", text)
    assert not any(boilerplate_kind(line) for line in text.split("\n"))
    assert undo_edits(text, result.edits) == original
    # Content stays: every long line of the page is still there, give or take repairs.
    long_lines = [line for line in original.split("\n") if len(line) > 100]
    assert len([line for line in text.split("\n") if len(line) > 80]) >= 0.9 * len(long_lines)
