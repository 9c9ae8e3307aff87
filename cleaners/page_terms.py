"""Vocabulary of the pages a corpus builder drops on sight, for :mod:`cleaners.quality`.

Terms of the trade, written from what such sites are (not from any page of our data):
the words porn sites and casino or betting sites are built of. One term says nothing (a
medical article says 阴道, a sports report 让球): a verdict needs several different terms
covering a good share of a page. Simplified, lower case; pages are folded before matching.
And what sites print in place of a page (:data:`STUB_MESSAGES`): errors, parked domains, redirects.
"""

import re
from functools import cache

import ahocorasick
import numpy as np

from .lm import char_model, code_points

ADULT_TERMS: tuple[str, ...] = (
    "色情网站", "色情片", "色情视频", "色情电影", "黄色网站", "黄色视频", "黄色小说", "黄片", "黄网", "毛片",
    "一级毛片", "三级片", "伦理片", "成人影片", "成人视频", "成人电影", "成人网站", "成人小说", "成人动漫",
    "av女优", "女优", "av在线", "av片", "日韩av", "欧美av", "亚洲av", "无码", "有码", "中文字幕无码",
    "国产精品", "精品国产", "国产自拍", "自拍偷拍", "偷拍", "偷窥", "人妻", "熟妇", "熟女", "老熟女", "少妇",
    "巨乳", "爆乳", "美乳", "丝袜美腿", "制服诱惑", "乱伦", "迷奸", "轮奸", "做爱", "性爱", "性交", "口交",
    "肛交", "乳交", "颜射", "内射", "潮吹", "自慰", "手淫", "淫荡", "淫乱", "淫妇", "淫秽", "淫水", "骚货",
    "荡妇", "裸聊", "裸照", "裸体写真", "啪啪啪", "午夜福利", "福利视频", "激情视频", "激情小说", "一夜情",
    "约炮", "援交", "嫖娼", "卖淫", "外围女", "鸡巴", "肉棒", "抽插", "射精", "精液", "露点", "三点全露",
    "看片", "色站", "色图", "撸撸", "av网站", "番号",
)

GAMBLING_TERMS: tuple[str, ...] = (
    "博彩", "菠菜", "赌博", "网上赌博", "线上赌场", "赌场", "赌球", "赌钱", "百家乐", "娱乐城", "真人荷官",
    "真人视讯", "六合彩", "时时彩", "北京赛车", "幸运飞艇", "极速赛车", "秒速赛车", "快三", "11选5", "彩票网",
    "彩票平台", "购彩", "投注", "下注", "注单", "赔率", "盘口", "让球", "大小球", "亚盘", "欧赔", "足彩",
    "竞彩", "外围投注", "体育投注", "电竞投注", "彩金", "开户送", "注册送", "首存", "返水", "洗码", "现金网",
    "老虎机", "轮盘", "德州扑克", "棋牌游戏", "炸金花", "牛牛", "捕鱼游戏", "电子游艺", "新葡京", "葡京",
    "威尼斯人", "澳门赌场", "澳门博彩", "金沙娱乐", "银河娱乐", "皇冠体育", "bet365", "威廉希尔", "立博",
    "娱乐平台", "娱乐官网", "体育平台", "信誉平台", "官方平台", "app下载", "登录入口", "注册登录",
    "太阳城", "申博", "电玩城", "棋牌", "骰宝", "贵宾会", "真人娱乐", "网投", "最新网址", "备用网址",
    # Private lotteries drawn every few minutes (the PK10 family), not the state's 福彩 and 体彩.
    "极速飞艇", "澳洲幸运", "pk10", "幸运28", "加拿大28",
)

# Names of the trade's businesses, not of the activity: a brand ends in them (美狮贵宾会, 某某娱乐城),
# and a news story about a crackdown says 赌场 and 博彩, not these, of the places it names.
BRAND_SUFFIXES: tuple[str, ...] = (
    "贵宾会", "现金网", "娱乐城", "娱乐平台", "娱乐官网", "电玩城", "真人娱乐", "最新网址", "备用网址",
)


# Words for the activity that news, laws and health advice use when they speak of it (a judicial
# interpretation on gambling cases says 赌博 28 times and 赌场, 投注, 棋牌 besides; a doctor asked
# whether hepatitis B passes in 性交 answers with 精液 and 做爱; a story on the state sports lottery's
# sales during a World Cup says 竞彩, 足彩 and 购彩): they cover a page's characters but are not
# counted among its different terms. A porn site's vocabulary is the trade's (女优, 无码, 自拍偷拍,
# 午夜福利), and a betting site's (注册送, 首存, 返水, 亚盘), which no such text needs.
REPORTED_TERMS = frozenset({"赌博", "网上赌博", "赌场", "线上赌场", "澳门赌场", "赌球", "赌钱", "博彩", "澳门博彩",
                            "竞彩", "足彩", "购彩",
                            "卖淫", "嫖娼", "淫秽",
                            "做爱", "性爱", "性交", "口交", "肛交", "射精", "精液", "手淫", "自慰"})


TERMS: dict[str, tuple[str, ...]] = {"adult": ADULT_TERMS, "gambling": GAMBLING_TERMS}


def find_terms(folded: str) -> dict[str, tuple[int, int]]:
    """For each kind of :data:`TERMS`, 'adult' and 'gambling': (different terms found, those
    news and health advice use too (:data:`REPORTED_TERMS`) left out; characters they all cover) in
    ``folded``, a text folded to Simplified and lower case. One walk finds both kinds.

    >>> find_terms("百家乐 真人荷官 百家乐")["gambling"], find_terms("警方打击网上赌博和博彩网站")["gambling"]
    ((2, 10), (0, 6))
    """
    if len(folded) >= ANCHOR_CHECK_FROM and not _has_anchor(folded):
        return {kind: (0, 0) for kind in TERMS}
    found: dict[str, set[str]] = {kind: set() for kind in TERMS}
    covered = dict.fromkeys(TERMS, 0)
    last_end = dict.fromkeys(TERMS, -1)
    for end, (kind, term) in _term_automaton().iter(folded):
        if term not in REPORTED_TERMS:
            found[kind].add(term)
        covered[kind] += max(end - max(end - len(term), last_end[kind]), 0)
        last_end[kind] = max(last_end[kind], end)
    return {kind: (len(found[kind]), covered[kind]) for kind in TERMS}


# From this length a page is first asked, all at once, whether any term's anchor is in it:
# the automaton walks some 40 ns a character, and nearly every page has no term at all.
ANCHOR_CHECK_FROM = 200


def _has_anchor(folded: str) -> bool:
    """Whether a pair of characters of ``folded`` is the anchor of some term (:func:`_anchors`):
    no anchor, no term.

        >>> _has_anchor("欢迎访问官方平台"), _has_anchor("欢迎访问官方网站"), _has_anchor("平台建设")
        (True, False, False)
    """
    codes = code_points(folded)
    anchors, starts = _anchors(), _anchor_starts()
    at = np.flatnonzero(starts[codes[:-1]])  # a gather first: few characters start an anchor
    pairs = codes[at] << 21 | codes[at + 1]
    return bool((anchors[np.minimum(np.searchsorted(anchors, pairs), len(anchors) - 1)] == pairs).any())


@cache
def _anchor_starts() -> np.ndarray:
    """True at the first character of every anchor."""
    starts = np.zeros(0x110000, dtype=bool)
    starts[_anchors() >> 21] = True
    return starts


@cache
def _anchors() -> np.ndarray:
    """Each term's anchor, a pair of characters every match has (``a << 21 | b``, sorted): what a
    page that is no such page hardly ever has. A letter or digit next to a Han character first
    (av片: v片), then the pair of Han characters least bound together inside words
    (:meth:`CharModel.pair_strength`; 官方平台: 方平, not 平台), then a letter next to a digit."""
    model = char_model()

    def commonness(pair: tuple[str, str]) -> tuple:
        unknown = sum(c not in model.unigram for c in pair)  # letters and digits
        if unknown == 1:
            return 0,
        if unknown == 0:
            return 1, model.pair_strength(*pair), model.unigram[pair[0]] * model.unigram[pair[1]]
        return 2, pair[0].isdigit() == pair[1].isdigit()

    pairs = {min(zip(term, term[1:]), key=commonness) for terms in TERMS.values() for term in terms}
    return np.unique([ord(a) << 21 | ord(b) for a, b in pairs])


@cache
def _term_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for kind, terms in TERMS.items():
        for term in terms:
            automaton.add_word(term, (kind, term))
    automaton.make_automaton()
    return automaton


# What a server or a site says in place of a page: an error, a removed or parked page, a
# redirect, a check for robots, maintenance, a login wall, an old browser, an empty search.
# Written as sites print them; a page made mostly of such lines has no content of its own.
STUB_MESSAGES = re.compile("|".join([
    r"\b(?:40[034]|50[0234])\b.{0,3}(?:not found|forbidden|internal server error|bad gateway"
    r"|service (?:temporarily )?unavailable|gateway time-?out)",
    r"^(?:not found|forbidden|bad gateway|service unavailable)$", r"^nginx(?:/[\d.]+)?$",
    r"页面不存在|页面(?:已经?被?|被)删除|页面(?:丢失|找不到)|找不到(?:该|您要的|你要的)(?:页面|网页)"
    r"|[您你]所?要?访问的(?:页面|网页|内容)(?:不存在|已)|(?:抱歉|对不起).{0,10}(?:找不到|不存在)",
    r"[该此](?:文章|帖子|内容|页面|视频|信息|主题)(?:已经?被|已)(?:删除|下架|屏蔽|隐藏)|内容已被(?:发布者)?删除",
    r"域名(?:正在)?(?:出售|转让)|本域名(?:出售|转让|可以转让)|如有意购买|网站(?:正在)?建设中",
    r"正在(?:为您)?跳转|没有自动跳转|页面(?:自动)?跳转中",
    r"请输入(?:图片)?验证码|完成安全验证|拖动(?:下方)?滑块|人机验证|您的访问(?:过于|太)频繁"
    r"|^(?:40[13]\s*)?(?:禁止访问|拒绝访问|访问受限|访问被拒绝)[!！。]?$",
    r"系统(?:升级)?维护中|(?:正在|进行)(?:系统)?升级维护|网站维护中",
    r"登录后(?:查看|阅读|浏览)|请先登录",
    r"浏览器版本过低|请(?:开启|启用|打开)\s*javascript|不支持(?:您的|当前)?浏览器",
    r"没有找到.{0,20}相关的?(?:内容|结果|信息)|未找到相关(?:内容|结果)|搜索结果为空|(?:尝试|换)(?:其他|个)关键[词字]"
    r"|检查(?:您的)?输入是否正确",
]), re.IGNORECASE)


def is_stub_message(line: str) -> bool:
    """Does ``line`` (folded to Simplified) say what a site says in place of a page (:data:`STUB_MESSAGES`),
    not inside a quotation, which reports it?

        >>> is_stub_message("抱歉，您访问的页面不存在或已被删除！"), is_stub_message("没有找到与“茶”相关的内容")
        (True, True)
        >>> is_stub_message("用户访问时页面显示“404 Not Found”。"), is_stub_message("为什么打开网站显示页面不存在？")
        (False, False)
    """
    if _TELLS.search(line):
        return False  # a user asking about the message (为什么显示页面不存在？), or telling of it (我…)
    said = [m for m in STUB_MESSAGES.finditer(line) if not _quoted(line[:m.start()])]
    # A message followed by what it means (404 Not Found：页面不存在) is a reference's entry.
    return bool(said) and not any(_DEFINED.match(line, m.end()) for m in said)


_TELLS = re.compile(r"[？?]|为什么|怎么|如何|我(?!们)")
_DEFINED = re.compile(r"\s*[:：]\s*\S")


def _quoted(before: str) -> bool:
    """Is a quotation open at the end of ``before``?"""
    opened = sum(map(before.count, "“「『")) - sum(map(before.count, "”」』"))
    return opened > 0 or before.count('"') % 2 == 1
