"""Page furniture that is not the article: navigation, share and print bars,
font controls, credit and copyright lines, and link-farm lines.

Rules look at a line's shape, not at particular sites' strings:

- ``link_farm``: many short items split by ``|`` or blanks, no sentence punctuation
  (ten or more; fewer with ``|`` or when they are place names: 章丘市| 浙江省| 北碚区|…);
- ``controls``: a line made of bracketed controls such as 字体:【大】【中】【小】;
- ``breadcrumb``: 首页 > 新闻 > 国内;
- ``credit``: editor, source and copyright lines ([責任編輯:楊永青], 来源:新华网, 版权所有…);
- ``furniture``: a short line made only of page-furniture words (打印本页, 上一篇 下一篇).

Lines are compared after folding Traditional to Simplified, so one vocabulary
serves both scripts.

    >>> strip_boilerplate("打印本页\\n正文第一段。\\n[責任編輯:楊永青]\\n章丘市| 浙江省| 北碚区| 定兴县|").text
    '正文第一段。\\n'
    >>> strip_boilerplate("非洲召开反腐败会议\\n正文。").text
    '非洲召开反腐败会议\\n正文。'
"""

from __future__ import annotations

import re
from functools import lru_cache

from .edits import LINES_REMEMBERED, Cleaned, remove_lines
from .script import fold_to_simplified

# Words of page furniture, Simplified; a line made only of these (and separators) is furniture.
# Words that are also content (新闻, 评论 as in 本报评论员, 打印, 收藏) are left out, or
# kept only in unambiguous compounds.
FURNITURE_WORDS = sorted({
    "打印本页", "打印本文", "【打印】", "关闭窗口", "关闭本页", "【关闭】", "返回首页", "返回顶部", "返回列表",
    "上一篇", "下一篇", "上一页", "下一页", "首页", "尾页", "收藏本页", "加入收藏", "设为首页",
    "分享到", "点赞", "扫一扫", "扫描二维码", "微信扫一扫", "手机看新闻", "移动版",
    "手机版", "电脑版", "网页版", "客户端", "点击查看", "点击进入", "点击这里", "阅读原文", "查看原文", "查看更多",
    "展开全文", "相关新闻", "相关阅读", "相关文章", "推荐阅读", "热点推荐", "热门推荐",
    "字号", "字体", "发表评论", "我要评论", "我要纠错", "网站地图", "联系我们", "关于我们", "用户协议",
    "隐私政策", "当前位置", "您的位置", "您现在的位置",
}, key=len, reverse=True)
_FURNITURE = re.compile("|".join(map(re.escape, FURNITURE_WORDS)))
_SEPARATORS = re.compile(r"[\s|｜/／·•●■◆▪>＞»›:：\-—_【】\[\]()（）<>《》,，、]+")

_SENTENCE_PUNCTUATION = re.compile(r"[。！？；，,!?;]")
_LIST_SEPARATOR = re.compile(r"\s*[|｜]\s*|\s{2,}|\s+(?=\S)")
_PLACE = re.compile(r"^\S{1,7}(?:省|市|县|区|旗|州|盟|镇|乡|自治州|自治县|特别行政区)$")
_CREDIT = re.compile(
    r"^[\[【(（]?\s*(?:责任编辑|责编|编辑|编审|校对|审核|监制|原标题|来源|稿源|出处|作者|本文来源|图片来源|文章来源)"
    r"\s*[:：]\s*[^。！？]{0,40}?[\]】)）]?$"
    r"|版权所有|copyright|all rights reserved|©|ICP[备证]|公网安备|免责声明|本文仅代表作者|转载请注明|未经授权",
    re.IGNORECASE,
)
_CONTROLS = re.compile(r"^(?:[^【】\[\]]{0,6}[:：]?\s*)?(?:[【\[][^【】\[\]]{1,6}[】\]]\s*){2,}$")
_BREADCRUMB = re.compile(r"^(?:[^>＞»›]{1,12}\s*[>＞»›]\s*){2,}[^>＞»›]{0,20}$")
_END_MARK = re.compile(r"^[(（]\s*完\s*[)）]$")

MAX_FURNITURE_LINE = 30  # characters; furniture is short


def boilerplate_kind(line: str) -> str | None:
    """Which kind of page furniture a line is, or None for content."""
    stripped = fold_to_simplified(line.strip().lstrip("•·●■◆▪-* "))
    if not stripped:
        return None
    if _is_link_farm(stripped):
        return "link_farm"
    if len(stripped) > 80:
        return None
    if _END_MARK.match(stripped):
        return "end_mark"
    if _CONTROLS.match(stripped):
        return "controls"
    if _CREDIT.search(stripped) and (len(stripped) <= 60 or stripped.startswith(("[", "【"))):
        return "credit"
    if len(stripped) <= MAX_FURNITURE_LINE and not _SENTENCE_PUNCTUATION.search(stripped):
        if _BREADCRUMB.match(stripped):
            return "breadcrumb"
        if _only_furniture(stripped):
            return "furniture"
    return None


def _is_link_farm(line: str) -> bool:
    if _SENTENCE_PUNCTUATION.search(line):
        return False
    items = [i for i in _LIST_SEPARATOR.split(line) if i]
    if len(items) < 4 or sum(map(len, items)) / len(items) > 8:
        return False
    places = sum(bool(_PLACE.match(i)) for i in items)
    explicit = line.count("|") + line.count("｜")
    return (places >= 0.6 * len(items) or (explicit >= 5 and len(items) >= 6)
            or (len(items) >= 10 and sum(map(len, items)) / len(items) <= 4))


def _only_furniture(line: str) -> bool:
    """True when a line has furniture words and nothing else but separators, digits and a site name."""
    words = _FURNITURE.findall(line)
    if not words:
        return False
    rest = _SEPARATORS.sub("", _FURNITURE.sub("", line))
    # What is left may be a site or section name before 移动版/首页, never a sentence.
    return len(rest) <= 6


def strip_boilerplate(text: str) -> Cleaned:
    """Remove whole lines of page furniture, each recorded as ``boilerplate.<kind>``."""
    return remove_lines(text, _rule)


@lru_cache(maxsize=LINES_REMEMBERED)  # furniture recurs across pages, and a second cleaning round asks again
def _rule(line: str) -> str | None:
    kind = boilerplate_kind(line)
    return f"boilerplate.{kind}" if kind else None
