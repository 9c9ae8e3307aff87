"""Page furniture that is not the article: navigation, share and print bars,
font controls, credit and copyright lines, and link-farm lines.

Rules look at a line's shape, not at particular sites' strings:

- ``link_farm``: many short items split by ``|`` or blanks, no sentence punctuation
  (ten or more; fewer with ``|`` or when they are place names: 章丘市| 浙江省| 北碚区|…), or six
  firms' names or more (a business directory's links);
- ``controls``: a line made of bracketed controls such as 字体:【大】【中】【小】;
- ``breadcrumb``: 首页 > 新闻 > 国内;
- ``credit``: editor, source and copyright lines ([責任編輯:楊永青], 来源:新华网, 版权所有…), and a
  footer of many credits that carries the site's licence number (主办…冀ICP备08105870号);
- ``furniture``: a short line made only of page-furniture words (打印本页, 上一篇 下一篇);
- ``prev_next``: links to the neighbouring articles (上一篇：标题, 下一条 标题, Previous Post…);
- ``tags``: a label and its items (标签：…, 本文关键词：…, 热门搜索：…, #话题#话题);
- ``meta``: a date or time with page counters and bylines (发布时间：… 浏览量：…, 240 阅读 … 0 评论),
  or a bare timestamp;
- ``menu``: a row of section names split by blanks (企业文化 组织结构 分支公司 售后服务 技术支持);
- ``stuffed``: a list of porn or casino keywords stuffed onto the page;
- ``url``: a web address on a line of its own (cdbox3d.com, a page's link to itself);
- ``widget``: visitor counters, contact buttons, comment forms (您是第3136231位访客), a forum's
  attachment line (1.png (32.35 KB, 下载次数: 0)).

Inline, a "more" link closing a teaser goes alone (``more_link``: …［详细］, 查看全文>>).
A line at the top of the page that is furniture once the page's title is taken out of it goes
as that kind (首页基金理财 glued to the title: ``furniture``; a byline with the title in it: ``meta``).

Lists of other articles are found as runs of lines. Three or more headlines in a row, each
stamped with its date and time, are a ``listing`` (one such line may be a notice: 报名截止
2022-05-01 18:00). An article ends with lists of other articles' headlines (related, popular,
latest): on a page that opens with a title, directly after its last line of running text, four
or more headline-shaped lines and nothing else are such a list (``related``); so are three when
each is as long as a headline is, none runs on in clauses (，) and none is a figure's caption. A
page with no title is short posts or reviews, whose last lines are as short as headlines. Under each headline a listing may print the opening of its article, cut off with an
ellipsis (a teaser). Such a list also stands at the top of a page, between its first line (a title,
a section's name) and the article: five or more headline-shaped lines in a row there are one
(``related``) when the page has an article's worth of running text and none of them heads a part
of it further down (a table of contents does). Under its heading (相关新闻, 猜你喜欢, 看了又看), a list
of any length goes with the heading (:func:`_strip_headed_lists`).
A list that the text introduces (主要产品有：), numbers (1、2、) or bullets (- 尺寸改进) is
content, and so are the short unpunctuated lines that informal text (a review, a post) runs on in.
A site's ranking of its popular articles (热门排行) prints its places as badges that text extraction
glues to the headlines: four or more headlines in a row numbered 1, 2, 3, … with no mark after the
number (1女性职场礼仪要点) are such a list wherever they stand (``ranked``); a text's own list marks
its numbers (1、, 1.).

Lines are compared after folding Traditional to Simplified, so one vocabulary
serves both scripts.

    >>> strip_boilerplate("打印本页\\n正文第一段。\\n[責任編輯:楊永青]\\n章丘市| 浙江省| 北碚区| 定兴县|").text
    '正文第一段。\\n'
    >>> strip_boilerplate("非洲召开反腐败会议\\n正文。").text
    '非洲召开反腐败会议\\n正文。'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

from .edits import LINES_REMEMBERED, Cleaned, chain, remove_lines, replace_spans
from .keys import ANSWER_OPTION, fenced_lines, has_code_fence, is_code_line
from .lm import is_idiom, joins_words, says_something
from .page_terms import find_terms
from .script import either_script, fold_to_simplified
from .whitespace import visible_chars

# Words of page furniture, Simplified; a line made only of these (and separators) is furniture.
# Words that are also content (新闻, 评论 as in 本报评论员, 打印, 收藏) are left out, or
# kept only in unambiguous compounds.
FURNITURE_WORDS = sorted({
    "打印本页", "打印本文", "【打印】", "关闭窗口", "关闭本页", "【关闭】", "返回首页", "返回顶部", "返回列表",
    "上一篇", "下一篇", "上一页", "下一页", "首页", "尾页", "收藏本页", "加入收藏", "设为首页",
    "分享到", "扫一扫", "扫描二维码", "微信扫一扫", "手机看新闻", "移动版",
    "手机版", "电脑版", "网页版", "客户端", "点击查看", "点击进入", "点击这里", "阅读原文", "查看原文", "查看更多",
    "展开全文", "相关新闻", "相关阅读", "相关文章", "推荐阅读", "热点推荐", "热门推荐",
    "发表评论", "我要评论", "我要纠错", "网站地图", "联系我们", "关于我们", "用户协议",
    "隐私政策", "当前位置", "您的位置", "您现在的位置", "文章详情", "新闻详情",
    "网友评论", "点击排行", "猜你喜欢", "热门文章", "最新文章", "【纠错】", "添加评论", "加入购物车", "立即购买",
    "在手机打开当前页", "政府网站找错", "适老化无障碍服务",  # a government site's buttons
    "立即注册", "其他登录方式",  # a login form's
    "只看该作者", "使用道具", "发表回复", "本版积分规则", "回帖后跳转到最后一页", "复制链接",  # a forum's (Discuz)
    "只看楼主", "收起回复", "关注该公众号",  # a forum's (百度贴吧), a WeChat account's
    "我来答", "其他类似问题", "已赞过", "已踩过",  # a Q&A site's (百度知道)
    "看了又看", "店铺推荐", "掌柜推荐", "相似商品", "举报该职位", "立即申请", "立即沟通", "相似职位", "联系经纪人",
    "预约看房", "扫码看房",
    "查看电话", "上传我的作品", "我要写影评", "更多短评", "评分人数不足", "一键三连",  # shops, jobs, homes, recipes, films
    "下载文档", "立即下载", "原文下载", "免费下载",  # document sites
    "阅读全文", "展开阅读全文", "展开全部", "加载更多", "点击加载更多", "暂无评论", "打赏", "欢迎关注", "关注我们",
    "官方微博", "官方微信", "下载app", "下载APP", "意见反馈",
}, key=len, reverse=True)
# Words of a page's controls that are words of content too: a row of two or more different ones
# and nothing else (counts aside) is controls: 登录 注册, 打印 关闭, 回复 支持 反对, 赞同 123 添加评论 分享.
CONTROL_WORDS = frozenset({"用户名", "密码", "登录", "注册", "退出", "打印", "关闭", "回复", "回覆", "支持", "反对", "举报", "收藏",
                           "有用", "没用", "回应",  # a review's votes (豆瓣)
                           "赞好", "引用", "订阅",  # a Hong Kong forum's (讚好), a blog's
                           "放大字体", "缩小字体",  # a news page's text size buttons
                           "分享", "评论", "添加评论", "点赞", "赞同", "喜欢", "在看", "编辑", "锁定", "讨论", "上传视频",
                           "关注", "私信", "收起", "展开", "取消", "反馈", "投币", "想看", "看过"})
_CONTROL_SEPARATOR = re.compile(r"[\s|｜/]+")
_COUNT = re.compile(r"\d+(?:\.\d+)?[万千wWkK]?\+?")  # a control's count: 123, 1.2万, 3k+
_CONTROL_START = re.compile("|".join(sorted(CONTROL_WORDS, key=len, reverse=True)))
_FURNITURE = re.compile("|".join(map(re.escape, FURNITURE_WORDS)))
_SEPARATORS = re.compile(r"[\s|｜/／·•●■◆▪>＞»›:：\-—_【】\[\]()（）<>《》,，、]+")

_SENTENCE_PUNCTUATION = re.compile(r"[。！？；，,!?;]")
_LIST_SEPARATOR = re.compile(r"\s*[|｜]\s*|\s{2,}|\s+(?=\S)")
_CONTENTS = re.compile(r"第[一二三四五六七八九十百0-9]+[编章节条].*第[一二三四五六七八九十百0-9]+[编章节条]")  # a table of contents
# Words of the labels sites put before their lists of links (友情链接：, 热门城市：, 相关搜索：, 网站导航：).
_LINK_LABEL = re.compile(r"链接|热门|相关|标签|搜索|推荐|导航|分站|站点|专题|频道|栏目|合作|友情|城市|地区|分类|热搜|关键|更多"
                         r"|排行|猜你|周边|附近|tags?|links?", re.IGNORECASE)
_LABELLED_ITEM = re.compile(r"^[^:：]{1,8}[:：](?P<rest>.*)$")  # 配料：面粉, a label glued to a list's first item
_PUNCTUATION_ITEM = re.compile(r"[、，；：（）「」『』“”《》·\[\]【】]+")
_FIGURE_ITEM = re.compile(r"\d+(?:[.,/]\d+)*\.?")  # 15, 0.6, 1/12, a list's 4.
_OPERATOR_ITEM = re.compile(r"[-+=:：→×*/~≈－]+|[-=]+>|<-+")
# A firm's name: words, then what kind of firm (有限公司, 合伙企业, 经营部); a directory lists them by the dozen.
_FIRM = re.compile(r"[\u3400-\u9fff()（）A-Za-z0-9]{2,30}(?:公司|企业|集团|厂|商行|经营部|工作室|事务所|合作社)")
MIN_LISTED_FIRMS = 6
_PLACE = re.compile(r"^\S{1,7}(?:省|市|县|区|旗|州|盟|镇|乡|自治州|自治县|特别行政区)$")
# A site's licence numbers, which only its footer prints: ICP registration, public-security filing.
_LICENCE_NUMBER = r"ICP[备证]\s*\d|公网安备"
_LICENCE = re.compile(_LICENCE_NUMBER, re.IGNORECASE)
# A credit is a whole line of one of these shapes (_CREDIT_LINE, matched at the line's start), or
# a line with one of these phrases in it (_CREDIT). Kept apart: a pattern anchored at the start
# inside an alternation is tried at every position, and these run on every short line.
_CREDIT_LINE = re.compile(
    r"[\[【(（]?\s*(?:责任编辑|责编|编辑|编审|校对|审核|监制|原标题|来源|稿源|出处|作者|本文来源|图片来源|文章来源)"
    r"\s*[:：]\s*[^。！？]{0,40}?[\]】)）]?$"
    r"|本词条由|本站声明|(?:本文|原文|文章)?(?:链接|地址)\s*[:：]\s*(?:https?://|www\.)\S+$|(?:本文)?首发于|投稿邮箱\s*[:：]"
    # A bulletin board's stamps on a post (PTT's, 水木社区's): ※ 发信站: …, ※ 来源:·…, ※ 文章网址: …, ※ 引述《…》
    r"|※\s*(?:(?:发信站|来源|文章网址|修改|编辑|转录|转载)\s*[:：·]|引述\s*《)",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    rf"版权所有(?![者人])|版权声明|copyright|all rights reserved|©|{_LICENCE_NUMBER}|免责声明|本文仅代表作者|不代表本站"
    r"|转载请注明|转载请保留|转载请联系|禁止转载|谢绝转载|网站标识码|著作权归作者所有|商业转载请联系"
    # A platform's notices under what its users and partners post (搜狐号, 网易号, 新浪's partners).
    r"|仅代表作者|仅提供信息存储空间服务|仅提供信息发布平台|出于传递更多信息之目的|本站所有文章.{0,10}来自互联网|侵权请联系"
    r"|侵犯了[您你]?的?权益|未经(?:本站|本网|作者)[^，。]{0,6}授权|技术支持\s*[:：]",
    re.IGNORECASE,
)
# A sentence quoted: a line that quotes one (现在有一行免责声明：“本站内容为自动翻译……”) tells of a
# notice; a site's own notice states it.
_QUOTATION = re.compile(r"“[^”]{8,}”")
_CONTROLS = re.compile(r"^(?:[^【】\[\]]{0,6}[:：]?\s*)?(?:[【\[][^【】\[\]]{1,6}[】\]]\s*){2,}$")
_LOCATION = re.compile(r"^(?:(?:您|你)(?:当前|现在|目前)?的|(?:当前|现在|目前|所在)的?)位置\s*[:：]")  # 您当前的位置：
_HOME = re.compile(r"^(?:网站首页|首页|主页)(?=[\s|｜])")
_BREADCRUMB = re.compile(r"^(?:[^>＞»›]{1,12}\s*(?<![-=])[>＞»›]\s*){2,}[^>＞»›]{0,20}$"  # -> is an arrow
                         r"|^[^>＞»›]{1,12}\s*[>＞»›]\s*正文$")  # a site's name and the page it is on: 新华网 > 正文
# A story's end, or its chapter's: (完), （本章完）, 【全文完】, (未完待续).
_END_MARK = re.compile(r"^[(（【\[]\s*(?:(?:本章|全文|全书)?完|未完待续)\s*[)）】\]]$")
# A label, then what it labels; the rest of the line must not read as a sentence (no 。！；).
# Or the link's label glued to the title it names (上一篇储杨：…), or ending the line after the
# other link's title (…是否还值得投资下一篇: a title's length first, not 期待下一篇): the page lost
# the markup between them.
_PREV_NEXT = re.compile(r"^(?:(?:[上下前后]一(?:篇|条|则|页|章|文章|主题)|[上下]篇)(?:文章)?\s*[:：\s]|[上下前后]一个\s*[:：]"
                        r"|[上下]一篇(?!文章)\S|previous post|next post)|^.{6,}[上下]一篇$", re.IGNORECASE)
_TAGS = re.compile(r"^(?:tags?\s*[:：]|#[^#\s]{1,20}#)"
                   r"|^(?:(?:本文|文章|相关|热门|话题)?(?:标签|关键词|关键字)|(?:热门|相关|周边)(?:搜索|城市|菜谱)\S{0,2}|热搜词?)\s*[:：]",
                   re.IGNORECASE)
_HASHTAGS = re.compile(r"^(?:#[^#\s]{1,20}#\s*)+")
_SENTENCE_END = re.compile(r"[。！!；;]")
_DATE = r"(?:(?:19|20)\d\d\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?)"
_TIME = r"(?:(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\d))"
_DIGIT = re.compile(r"\d")
_DIGIT_GROUPS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")  # 567,890: a count's thousands, no clause's comma
_STAMP = re.compile(rf"{_DATE}(?:\s*{_TIME})?|{_TIME}")
_CLOCK = re.compile(r"\d{1,2}:\d\d")  # a time of day alone: no date, no seconds
_COUNTER = re.compile(r"(?:发布时间|发布日期|发表时间|发表于|更新时间|点击量|点击数|点击|浏览量|浏览次数|浏览|阅读量|阅读"
                      r"|评论|回复|回覆|评价|人气|来源|作者|编辑|出处|字数|月销量|点赞数?|赞同)\s*(?:[:：(（]|\d)"
                      r"|\d+\s*[万千]?\s*(?:次?浏览|次?阅读|条?评论|条?回复|条?评价|人气|人?点赞|人赞同了该(?:回答|文章)|人(?:浏览|阅读|收藏|看过|想看)|次?播放|条?弹幕)")
# A number of things, hours or times done (每月阅读3本书, 每天浏览2小时, 点击10下): what a count of
# readers or comments never carries. Not …前: 3天前, 2小时前 say when a post was made.
_QUANTITY = re.compile(r"\d\s*(?:本|小时|分钟|天|周|个月|页|章|遍|下|首|部|公里|斤)(?!前)")
_BLOG_BYLINE = re.compile(r"^by \S+\s*posted in|posted in .+ tagged ", re.IGNORECASE)  # WordPress
# A post's stamp on a line of its own (知乎, forums): 发布于 2021-03-04 10:20, 本帖最后由 某某 于 2012-3-4 10:20 编辑.
_POSTED = re.compile(rf"^(?:(?:发布|编辑|更新)于\s*{_DATE}(?:\s*{_TIME})?(?:\s*[・·]\s*IP\s*属地\S{{1,8}})?"
                     rf"|本帖最后由\s*\S.{{0,30}}?于\s*{_DATE}\s*{_TIME}\s*编辑"
                     # A blog's (某某 于 2021-03-04 10:20:00 发布), a WeChat article's header (原创 作者 公众号
                     # 2023-12-01 08:00 发表于北京), a forum floor's (某某 2楼 2023-11-30 20:30): all stamp, no text.
                     rf"|\S.{{0,30}}?于\s*{_DATE}\s*{_TIME}\s*(?:发布|编辑|更新|修改)"
                     rf"|.{{0,40}}?{_DATE}\s*{_TIME}\s*发表于\S{{1,8}}|.{{0,30}}?\d+\s*楼\s*{_DATE}\s*{_TIME}"
                     rf"|#\d+\s+\S.{{0,20}}?\s{_DATE}\s*{_TIME}"  # a floor's header numbered #2 (討論區)
                     rf"|[A-Za-z][A-Za-z0-9_.-]{{1,19}}\s+{_DATE}\s*{_TIME}"  # a user name, then when (admin 2021-08-21 12:52)
                     rf"|{_DATE}\s+by\s+\S.{{0,20}}|by\s+\S.{{0,20}}?\s{_DATE})$")  # a blog's date and author
# A byline starts with its stamp (28 16:39, 2024-11-30 07:08:32 | 某某新闻网); a notice ends with one
# (报名截止 2022-05-01 18:00).
_STAMP_FIRST = re.compile(rf"^\s*\d{{0,2}}\s*(?:{_DATE}|{_TIME})")
_LISTED = re.compile(rf"\S.{{3,60}}?\s+{_DATE}\s*{_TIME}\s*$")  # a headline stamped with date and time
# A link's text: a scheme or www. or a common top-level domain (not Node.js), and nothing else.
_URL = re.compile(r"(?:https?://|www\.)\S+|(?:[a-z0-9-]+\.)+(?:com|cn|net|org|gov|edu|info|cc|tv|top|xyz|vip|hk|tw|io)"
                  r"(?:[/?#]\S*)?", re.IGNORECASE)
# Where a share button shares to (Simplified; longer names first, as the alternation tries them in order).
SHARE_PLATFORMS = ("新浪微博", "腾讯微博", "微博", "微信好友", "微信", "朋友圈", "QQ空间", "QQ好友", "QQ", "豆瓣网", "豆瓣", "人人网",
                   "开心网", "百度贴吧", "贴吧", "今日头条", "抖音", "知乎", "Facebook", "Twitter", "LinkedIn", "WhatsApp",
                   "Line", "Telegram", "Email", "E-mail", "邮件", "复制链接", "复制连结", "复制网址")
_SHARE_PLATFORMS = "|".join(map(re.escape, SHARE_PLATFORMS))
_SHARE_PLATFORM = re.compile(_SHARE_PLATFORMS, re.IGNORECASE)
# A widget is a whole line of one of these shapes (_WIDGET_LINE, matched at its start), or a line
# with one of these phrases in it (_WIDGET).
_WIDGET_LINE = re.compile(
    r"点击(?:图片|查看大图)|\S{1,8}的(?:其他|更多)文章$|\S{1,20}[(（]\d{1,3}张[)）]$"  # …写真(6张): a gallery's link
    # A forum's attachment (Discuz): 1.png (32.35 KB, 下载次数: 0)
    r"|\S{1,60}\.(?:png|jpe?g|gif|bmp|webp|zip|rar|pdf|docx?)\s*[(（][\d.]+\s*[KMG]B,\s*下载次数[:：]\s*\d+[)）]$"
    r"|\S{1,30}\s*发表在《[^》]{1,80}》$"  # a blog's recent comments (WordPress: 张三 发表在《标题》)
    r"|查看全部\s*\d+\s*个回答$|已有\s*\d+\s*人(?:参与|评论)$|(?:\d{1,2}:\d\d\s*)?来自\s*\S{0,12}客户端$|\d+\s*个回答$|本回答由.{1,30}推荐$"
    # A post's stamp and the device or app it came from (3月5日 12:30 来自 iPhone 13, 来自 微博 weibo.com);
    # not 9:00 来自各地的代表签到, an agenda's line.
    rf"|(?:(?:{_DATE}|\d{{1,2}}月\d{{1,2}}日)\s*)?{_TIME}\s*来自\s*(?:[A-Za-z][A-Za-z0-9 .+-]{{0,24}}|微博\s*[A-Za-z0-9.]{{0,16}}|\S{{0,8}}(?:网页版|手机))$"
    r"|(?:正在)?加载中\s*(?:\.{3}|…+)?$|返回\S{1,6}[,，]\s*查看更多$|更多精彩(?:内容)?[,，]?\s*请?关注"
    # A share bar: its label, then the platforms it shares to (分享到：微信 新浪微博 QQ空间).
    rf"|分享[到至]?\s*[:：]?\s*(?:(?i:{_SHARE_PLATFORMS})[\s|｜/、,，]*)+$"
    # A prompt to open the page on a phone (扫一扫，手机看菜谱, 微信扫一扫，关注我们).
    r"|(?:微信)?扫(?:一?扫|码|描?二维码)[,，\s]*(?:用?手机(?:看|阅读|浏览|访问|打开)|关注|分享|下载|打开)\S{0,8}$"
    r"|收录于(?:合集|话题)\s*#"  # a WeChat article's collection
    r"|第\s*\d+\s*页\s*[,，/]?\s*共\s*\d+\s*页$|共\s*\d+\s*页\s*[,，/]?\s*第\s*\d+\s*页$"  # a pager: 第1页 共3页
    r"|打开\S{0,6}(?:新闻|APP|客户端)[，,\s]*(?:查看|阅读|体验)"  # a news app's prompt on its mobile pages
    # A page's text size control: 字体：大 中 小, 【字号：T T T】. Not 字体 or 字号 alone: 中文字体, 中华老字号.
    r"|[【\[]?(?:字体|字号)(?:大小)?(?:\s*[:：]\s*|\s+)(?:[【\[]?[大中小Tt][】\]]?\s*){2,3}[】\]]?$"
)
_WIDGET = re.compile(r"您是第\s*\d+\s*位访[客问]|点击这里给我发消息|您可能还对以下资源感兴趣"
                     r"|(?:电子邮[件箱]地址不会被公开|不会公开您的电子邮[件箱]地址)[。.]?\s*(?:必填|$)"  # a comment form
                     r"|章节错误[,，]?\s*点此举报"  # a reading site's error report
                     # A WeChat account's header and footer, and the app's own lines around an article.
                     r"|点击上方蓝字|点击上方.{0,8}(?:关注我们|免费关注|一键关注)|长按.{0,6}二维码.{0,6}关注"
                     r"|点个?在看|点亮在看|预览时标签不可点|滑动看下一个|微信扫一扫可打开此内容|APP内打开"
                     # A forum's prompts (Discuz), a Q&A site's (知乎, 百度知道), a blog's (CSDN).
                     r"|结交更多好友，享用更多功能|才可以下载或查看，没有帐号|快来抢沙发|该楼层疑似违规|隐藏此楼查看此楼"
                     r"|收录该内容$|才可以回帖|Color Image Link Quote|你对这个回答的评价是|获得超过[\d.]+万?个赞")
_MORE_WORD = re.compile(r"详细|详情|更多|全文")
_MORE_LINK = re.compile(r"(?:[［\[【<][^\S\n]*(?:详细|详情|更多|全文|阅读全文|查看全文)[^\S\n]*[］\]】>]"
                        r"|(?:查看全文|阅读全文|查看更多|更多)[^\S\n]*(?:>>|》》|»))[^\S\n]*$", re.MULTILINE)
# Headlines exclaim and ask (暴跌！…如何交易？), they do not state. A full-width full stop after a
# character states too: exam and science texts end their sentences so (不是对“书”的表述．).
_STATEMENT_END = re.compile(r"[。；;]|(?<=[\u3400-\u9fff”’」』）)\s])．")
_MENU_ITEM = re.compile(r"[\u3400-\u9fff]{2,6}")
MIN_MENU_ITEMS = 5
MIN_MENU_ITEM_MEAN = 3.5  # characters an item: section names are longer than given names
_STUFFED_SEPARATOR = re.compile(r"[\s,，、|｜/;；]+")
MIN_STUFFED_ITEMS = 3
STUFFED_ITEM_SHARE = 0.4
# A list's own number: 1、, (2), 三., ③.
LIST_NUMBER = r"(?:[(（]?[0-9０-９一二三四五六七八九十]{1,3}[)）]?[、.．)）]|[①-⑳])"
_ENUMERATED = re.compile(rf"^\s*(?:{LIST_NUMBER}|{ANSWER_OPTION}|[-*+]\s*\S)")
_NUMBERED_ITEM = re.compile(rf"{LIST_NUMBER}\S")
_PHONE = re.compile(r"\d{7,}")  # a contact line (电话：13853306319) is not a headline
_HAN_CHAR = re.compile(r"[\u3400-\u9fff]")
# A word of an alphabet, as English, Korean or Russian prose is split into: letters (\w but digits,
# Han and kana) and the punctuation words carry (don't, 넘었습니다.).
_ALPHABET_WORD = re.compile(r"(?:[^\W\d_\u3040-\u30ff\u3400-\u9fff]|['.,])+")
MIN_LISTED_LINES = 3
# A place in a ranking glued to its headline: a number and a headline's first character, no mark between.
_RANK = re.compile(r"^\s*(\d{1,2})(?=[\u3400-\u9fffA-Za-z【《“])")
_FIRST_PLACE = re.compile(r"^\s*1(?=[\u3400-\u9fffA-Za-z【《“])", re.MULTILINE)  # where a ranking can start
MIN_RANKED_LINES = 4
# A table's row ends in its value, a decimal (雲南白藥39.82); a headline may end in a percentage (大跌近7%).
_VALUE_END = re.compile(r"\d\.\d+\s*$")
# Furniture that heads a list of other pages (related, recommended, popular, bought together).
LIST_HEADINGS = ("相关新闻", "相关阅读", "相关文章", "推荐阅读", "热点推荐", "热门推荐", "猜你喜欢", "热门文章", "最新文章",
                 "点击排行", "看了又看", "店铺推荐", "掌柜推荐", "相似商品", "相似职位", "其他类似问题",
                 # ... and ones that are words of content inside a line (相关推荐意见): a heading only alone
                 "相关推荐", "为你推荐", "精彩推荐", "相关视频", "类似文章", "喜欢此内容的人还喜欢", "延伸阅读",
                 "热卖商品", "热销商品")
# Searched in folded text: a pattern of either script's characters (either_script) cost four times
# as much to search a page with, for the same answer, and every page is searched.
_LIST_HEADING = re.compile("|".join(map(re.escape, sorted(LIST_HEADINGS, key=len, reverse=True))))
_BULLETS = "•·●■◆▪-* "
_MORE = re.compile(r"更多$")
MAX_HEADING_NAME = 20  # characters of the name before a list's heading (双立人(ZWILLING) 热卖商品)
MIN_RELATED_LINES = 4  # three short lines may end a text (a signature, a closing call)
# ... but three headlines of a titled page, each as long as a headline is, are a list too: the
# lines that close a text are short (五四青年节). Two may be the next story's headline and deck.
MIN_SHORT_RELATED_LINES = 3
# A title block (引题, title, subtitle, byline) is up to four lines; a list at the top is longer.
MIN_LEADING_RELATED_LINES = 5
MIN_LISTED_HEADLINE = 9
_CAPTION = re.compile(r"(?:图|表|照片|图片)\s*[一二三四五六七八九十\d]*$")  # a figure's caption (国徽纵断面图) is the text's
_CLAUSE = re.compile(r"[，,…]")  # prose runs on in clauses; a short list's headlines do not
_CLAUSE_COMMA = re.compile(r"[，,]")
MIN_TEASER = 30  # characters of the opening of another article under its headline
_LABEL = re.compile(r"^\s*[\u3400-\u9fff]{1,4}[:：]")
MIN_ARTICLE_CHARS = 200  # of running text before a list of other articles' headlines
MAX_HEADLINE = 50  # characters of a headline
MAX_COUNTER_REST = 4  # characters beside a counter on a line of its own: what it counts (商品)
MAX_STAMP_REST = 12  # characters beside a timestamp on a line of its own: a site or author name

TITLE_LINES = 5  # lines at the top of a page where its title and the furniture around it are
MIN_TITLE = 6  # characters of a title that other lines may repeat

MAX_FURNITURE_LINE = 30  # characters; furniture is short
# Characters of a line of any other kind: a menu row, a credit, a disclaimer (不代表本站观点，
# 若侵权请联系删除。), a byline, a tag line. Longer lines are text.
MAX_LABELLED_LINE = 80
MAX_LINK_LINE = 200  # characters of a line of links that says what it is (上一篇：…, 当前位置：…)


def boilerplate_kind(line: str) -> str | None:
    """Which kind of page furniture a line is, or None for content."""
    if is_code_line(line):
        return None  # a program's line: tag: 'x', and items split by blanks are its syntax
    stripped = line.strip().lstrip(_BULLETS)
    if len(stripped) > MAX_LABELLED_LINE and _SENTENCE_END.search(stripped):
        return None  # prose: what follows asks nothing else of a long line with a sentence end
    stripped = fold_to_simplified(stripped)
    if not stripped:
        return None
    if _is_link_farm(stripped):
        return "link_farm"
    if len(stripped) <= MAX_LINK_LINE and not _SENTENCE_END.search(stripped):
        if _LICENCE.search(stripped):  # a footer of many credits (主办, 版权所有, 冀ICP备…号) runs long
            return "credit"
        if _LOCATION.match(stripped):  # 当前位置：首页 > 供应商机 > 通信管道 > …
            return "breadcrumb"
        if _PREV_NEXT.search(stripped):  # two titles may make a long line
            return "prev_next"
    if len(stripped) > MAX_LABELLED_LINE:
        return None
    if _is_menu(stripped):
        return "menu"
    if _is_stuffed(stripped):
        return "stuffed"
    if _END_MARK.match(stripped):
        return "end_mark"
    if _CONTROLS.match(stripped):
        return "controls"
    credit = _CREDIT_LINE.match(stripped) or _CREDIT.search(stripped)
    if credit and not _QUOTATION.search(stripped) and not _after_a_sentence(stripped, credit):
        return "credit"
    if len(stripped) <= MAX_FURNITURE_LINE and not _SENTENCE_PUNCTUATION.search(stripped):
        if _BREADCRUMB.match(stripped) and not _is_comparison(stripped):
            return "breadcrumb"
        if _only_furniture(stripped):
            return "furniture"
    if _is_home_trail(stripped) and not _SENTENCE_PUNCTUATION.search(stripped):
        return "breadcrumb"
    widget = _WIDGET.search(stripped)
    if (widget and not _after_a_sentence(stripped, widget)) or _WIDGET_LINE.match(stripped) \
            or _is_control_row(stripped) or (_PROMOTION_ANCHOR.search(stripped) and _only_promotions(stripped)):
        return "widget"
    if _URL.fullmatch(stripped):
        return "url"
    if _SENTENCE_END.search(stripped):
        return None
    if _TAGS.match(stripped) and not _is_post(stripped):
        return "tags"
    return _byline_kind(stripped)


def _after_a_sentence(line: str, phrase: re.Match) -> bool:
    """Does a sentence end on ``line`` before a credit's or a widget's ``phrase``? Then the sentence
    is what the line says (…是美国政府的牺牲品。(来源:中国日报…), 这篇写得真好。喜欢就点个在看吧！):
    the phrase came with it, and the line is content."""
    return bool(_SENTENCE_END.search(line, 0, phrase.start()))


def _is_control_row(line: str) -> bool:
    """A row of two or more different :data:`CONTROL_WORDS`, perhaps with their counts and the
    platforms a share button lists, and nothing else.

        >>> _is_control_row("回复 支持 反对"), _is_control_row("赞同 123 添加评论 分享"), _is_control_row("喜欢 喜欢")
        (True, True, False)
        >>> _is_control_row("点赞 1.2万 投币 3562 收藏 8765")  # a video's counts, in 万
        True
        >>> _is_control_row("缩小字体 放大字体 收藏 微博 微信 分享"), _is_control_row("收藏 微博 微信")
        (True, False)
    """
    if not _CONTROL_START.match(line.lstrip("0123456789. ")):  # a count may come first (1256 有用 23 没用)
        return False  # most lines: one look at their start
    words = [w for w in _CONTROL_SEPARATOR.split(line) if w and not _COUNT.fullmatch(w)]
    controls = {w for w in words if w in CONTROL_WORDS}
    return len(controls) >= 2 and all(w in controls or _SHARE_PLATFORM.fullmatch(w) for w in words)


def _is_post(line: str) -> bool:
    """A post that opens with its topics (#话题#嗓子哑了…各种激动…): what follows the hashtags runs
    on in clauses or says something, where a line of tags has only more names or a date after them.

        >>> _is_post("#春节#今天回家过年了，好开心"), _is_post("#小米#小米MIX 2022年05月03日 00:03")
        (True, False)
    """
    hashtags = _HASHTAGS.match(line)
    rest = line[hashtags.end():].strip() if hashtags else ""
    return bool(rest) and (bool(_CLAUSE.search(rest)) or says_something(rest))


def _byline_kind(line: str) -> str | None:
    """``meta`` for a byline of dates and counters, a counter alone (商品评价(143)), a blog's
    byline (by admin Posted in … Tagged …), or a bare timestamp."""
    if _BLOG_BYLINE.search(line) or _POSTED.match(line):
        return "meta"
    if not _DIGIT.search(line) or _SENTENCE_PUNCTUATION.search(_DIGIT_GROUPS.sub("", line)):  # a date or a count, and no clause
        return None
    counters = len(_COUNTER.findall(line))
    stamps = _STAMP.findall(line)
    if counters >= 2 or (stamps and counters):
        return "meta"
    if counters and len(_SEPARATORS.sub("", _DIGIT.sub("", _COUNTER.sub("", line)))) <= MAX_COUNTER_REST \
            and not _QUANTITY.search(line):
        return "meta"
    if not stamps:
        return None
    rest = _SEPARATORS.sub("", _STAMP.sub("", line))
    if all(_CLOCK.fullmatch(stamp) for stamp in stamps) and not rest.isdigit():
        # 10:30, 12:30 16:25: showtimes or a timetable's row; 9:00 开幕式, 08:30 出发前往故宫: an agenda's or
        # an itinerary's. A byline has a day (28 08:33: a date cut to its day) or seconds.
        return None
    if len(rest) <= MAX_STAMP_REST and any(":" in stamp for stamp in stamps) and _STAMP_FIRST.match(line):
        return "meta"  # a bare timestamp, perhaps with the site's or author's name
    return None


def _is_link_farm(line: str) -> bool:
    if _SENTENCE_PUNCTUATION.search(line) or (line.startswith("|") and line.endswith("|")):
        return False  # a sentence, or a table's row (| 数据类型 | 字节长度 |)
    # Punctuation set apart by blanks (（ 笑聲 ）, 、 in a transcript) is no item, and a sign of prose.
    items = [i for i in _LIST_SEPARATOR.split(line) if i and not _PUNCTUATION_ITEM.fullmatch(i)]
    if len(items) >= MIN_LISTED_FIRMS and sum(bool(_FIRM.fullmatch(i)) for i in items) >= 0.8 * len(items):
        return True  # a business directory's links: 某县某某有限公司 某市某某合伙企业 …
    if len(items) < 4 or sum(map(len, items)) / len(items) > 8 or _CONTENTS.search(line) or _gives_a_list(items[0]) \
            or sum(bool(_NUMBERED_ITEM.match(i)) for i in items) >= 0.8 * len(items):
        return False  # numbered items (1.A 2.C 3.B …) are the text's list: an answer key, a list of words
    places = sum(bool(_PLACE.match(i)) for i in items)
    explicit = line.count("|") + line.count("｜")
    # Many short items are names (海淀 朝阳 丰台 …) or a pager's numbers; a line of English or Korean
    # words is prose, and so is one that reckons: figures among words (生抽 12 ml + 老抽 2 ml), or items joined
    # by operators (面粉 : 水 : 橄榄油, 洋葱量 = 份数 * 1/12 个, 收集分类 → 刮渣浸泡).
    figures = sum(bool(_FIGURE_ITEM.fullmatch(i)) for i in items)
    if figures >= MIN_DATA_FIGURES and not _counts_up([i for i in items if i.isdigit()]):
        return False  # figures that do not count up as a pager's do: a row of data (个体数 92 187 121 70 …)
    return (places >= 0.6 * len(items) or (explicit >= 5 and len(items) >= 6)
            or (len(items) >= 10 and sum(map(len, items)) / len(items) <= 4 and not _phrases(items)
                and not _is_letter_sequence(items)
                and sum(bool(_ALPHABET_WORD.fullmatch(i)) for i in items) < 0.5 * len(items)
                and not 0 < figures < 0.5 * len(items) and not any(_OPERATOR_ITEM.fullmatch(i) for i in items)))


MIN_DATA_FIGURES = 5


def _counts_up(numbers: list[str]) -> bool:
    """Do most of ``numbers`` follow the one before by one, as a pager's do (5 6 7 8 9 10)?

        >>> _counts_up("5 6 7 8 9 10".split()), _counts_up("92 187 121 70 69".split())
        (True, False)
    """
    values = [int(n) for n in numbers]
    steps = sum(b == a + 1 for a, b in zip(values, values[1:]))
    return len(values) < 2 or steps >= 0.8 * (len(values) - 1)  # too few whole numbers to say: as before


def _gives_a_list(first: str) -> bool:
    """Does a line's first item open with a label of the text's own (主演：, 配料：, 中药组成：)?
    Then the line gives a list: a cast, what goes in a dish or a prescription. A site's lists
    are labelled as what they are (友情链接：, 热门城市：, 相关搜索：, :data:`_LINK_LABEL`).

        >>> _gives_a_list("配料：面粉"), _gives_a_list("热门城市：北京"), _gives_a_list("北京")
        (True, False, False)
    """
    label = _LABELLED_ITEM.match(first)  # the line is folded already (boilerplate_kind)
    return bool(label) and not _LINK_LABEL.search(first[:label.start("rest")])


def _is_letter_sequence(items: list[str]) -> bool:
    """Are ``items`` single letters one by one: a sequence (鼠 牛 虎 兔 …, 甲 乙 丙 丁 …, a lesson's new
    characters, its tones ā á ǎ à, α β γ), not links? Latin capitals alone (A B C …) are a site's
    index as often, and are judged as words. (With a label before them, 十二生肖：鼠 …, the line is
    a list the text gives: :func:`_gives_a_list`.)

        >>> _is_letter_sequence("鼠 牛 虎 兔".split()), _is_letter_sequence("ā á ǎ à".split()), _is_letter_sequence("A B C D".split())
        (True, True, False)
    """
    return all(len(i) == 1 and (bool(_HAN_CHAR.match(i)) or (i.isalpha() and not i.isascii())) for i in items)


def _is_menu(line: str) -> bool:
    """A row of section names split by blanks: 企业文化 组织结构 分支公司 售后服务 技术支持 …
    Names of people (two or three characters) are not taken for one: 本报记者 郑莉 郝赫 朱欣;
    nor are a review's short phrases, which say something (:func:`_phrases`).

        >>> _is_menu("公司简介 产品展示 新闻动态 在线留言 联系方式"), _is_menu("配置高 电池大 待机时间长 性价比好 上网流畅")
        (True, False)
    """
    items = line.split()
    return (len(items) >= MIN_MENU_ITEMS and all(_MENU_ITEM.fullmatch(i) for i in items)
            and sum(map(len, items)) / len(items) >= MIN_MENU_ITEM_MEAN and not _phrases(items))


def _phrases(items: list[str]) -> bool:
    """Are two or more of ``items`` phrases that say something (an adjective, an adverb, a particle:
    :func:`cleaners.lm.says_something`, or an idiom: 开天辟地 守望相助), as a review written in
    blank-separated bits or an exam's idioms are, where a menu or a list of places names things?

        >>> _phrases("开天辟地 守望相助 同舟共济".split()), _phrases("企业文化 售后服务 技术支持".split())
        (True, False)
    """
    return sum(says_something(item) or is_idiom(item) for item in items) >= 2


def _is_stuffed(line: str) -> bool:
    """A list of porn or casino keywords stuffed onto a page: several items, many of them with the
    trade's terms (cleaners.page_terms). A headline about a crackdown is one item, and stays."""
    if _SENTENCE_END.search(line) or line.endswith(("：", ":")):  # a clause that introduces a list
        return False
    lowered = line.lower()
    for kind, (terms, _) in find_terms(lowered).items():
        if terms < 2:
            continue
        items = [i for i in _STUFFED_SEPARATOR.split(lowered) if i]
        with_terms = sum(find_terms(item)[kind][0] > 0 for item in items)
        if len(items) >= MIN_STUFFED_ITEMS and with_terms >= STUFFED_ITEM_SHARE * len(items):
            return True
    return False


def _strip_control_runs(text: str) -> Cleaned:
    """Remove runs of two or more lines that are each one of a page's :data:`CONTROL_WORDS` alone
    (a post's buttons, one to a line: 分享 / 举报, 评论 / 收起), or the platforms a share button
    lists (分享 / Facebook / LINE: a control word among them). One such word alone on a line may
    be a heading, and stays; so do platforms alone, a list of apps (微信 / 微博 / QQ).

    >>> _strip_control_runs("答案在这里。\\n评论\\n收起\\n其他问题").text, _strip_control_runs("评论\\n影片很好看。").edits
    ('答案在这里。\\n其他问题', [])
    >>> _strip_control_runs("分享\\nFacebook\\nLINE\\n正文。").text, _strip_control_runs("常用的有：\\n微信\\n微博").edits
    ('正文。', [])
    """
    spans, run = [], []
    for m in _control_line().finditer(text):
        if run and m.start() != run[-1][1] + 1:
            spans += _control_run(run, text)
            run = []
        run.append((m.start(), m.end()))
    return replace_spans(text, spans + _control_run(run, text))


MIN_CONTROL_RUN = 2


def _control_run(run: list[tuple[int, int]], text: str) -> list:
    """The spans of :func:`_strip_control_runs`' run of lines, newlines included, if it is one."""
    if len(run) < MIN_CONTROL_RUN or all(_SHARE_PLATFORM.fullmatch(fold_to_simplified(text[a:b].strip())) for a, b in run):
        return []
    length = len(text)
    # Each line goes with its newline: the one after it, or on the page's last lines the one before.
    before = run[-1][1] == length and run[0][0] > 0
    return [(start - before, min(end + (not before), length), "", "boilerplate.widget") for start, end in run]


@cache
def _control_line() -> re.Pattern:
    """A line that is one of :data:`CONTROL_WORDS` or a share button's platforms alone, in either
    script (pages are searched unfolded)."""
    words = "|".join(either_script(w) for w in sorted(CONTROL_WORDS, key=len, reverse=True))
    platforms = "|".join(either_script(p) for p in SHARE_PLATFORMS)
    return re.compile(rf"^[ \t]*(?:{words}|(?i:{platforms}))[ \t]*$", re.MULTILINE)


def _strip_stuffed_lines(text: str) -> Cleaned:
    """Remove a block of porn or casino keywords stuffed one to a line: consecutive short lines
    with no sentence end, between blank lines or other text, that :func:`_is_stuffed` takes for a
    list when read as one. Only pages with two different terms of one trade are looked at.

    >>> page = "液压泵站 电液推杆\\n\\n亚洲av无码高清\\n韩国电影网站\\n午夜福利在线\\n少妇第一次\\n\\n公司成立于1998年。"
    >>> _strip_stuffed_lines(page).text
    '液压泵站 电液推杆\\n\\n\\n公司成立于1998年。'
    >>> _strip_stuffed_lines("警方关闭色情网站三百家\\n本报讯\\n记者从市公安局获悉，警方近日关闭色情网站三百家，"
    ...                      "查处传播黄色视频的团伙两个。").edits
    []
    """
    if text.count("\n") < MIN_STUFFED_ITEMS - 1:
        return Cleaned(text)  # a review, a post: too few lines for a block
    if not any(terms >= 2 for terms, _ in find_terms(text.lower()).values()):
        return Cleaned(text)  # most pages: no trade's words
    spans, block = [], []
    start = 0
    for line in text.split("\n") + [""]:  # a blank last line closes the last block
        end = start + len(line) + 1
        stripped = line.strip()
        if stripped and len(stripped) <= MAX_HEADLINE and not _SENTENCE_END.search(stripped):
            block.append((start, min(end, len(text)), stripped))
        else:
            if len(block) >= MIN_STUFFED_ITEMS and _is_stuffed("\n".join(item for _, _, item in block)):
                spans.extend((a, b, "", "boilerplate.stuffed") for a, b, _ in block)
            block = []
        start = end
    return replace_spans(text, spans)


_TRAIL_SEPARATOR = re.compile(r"\s*[>＞»›]\s*")
_TERM = re.compile(r"(?:\S|[-+]?\d+(?:\.\d+)?%?)")  # one character, or a number


def _is_home_trail(line: str) -> bool:
    """Is ``line`` a trail from the site's home page whose separators were a table's cells, bars or
    blanks (网站首页\t产品中心\t冷藏车, 首页 产品中心 冷藏车)? Split by blanks alone, it takes two
    steps after 首页 that say nothing: 首页 是网站的门面 is a phrase.

        >>> _is_home_trail("网站首页\t产品中心 冷藏车"), _is_home_trail("首页 产品中心 冷藏车"), _is_home_trail("首页 是网站的门面")
        (True, True, False)
    """
    if not _HOME.match(line):
        return False
    if "\t" in line or "|" in line or "｜" in line:
        return True
    steps = line.split()[1:]
    return len(steps) >= 2 and not any(map(says_something, steps))


def _is_comparison(line: str) -> bool:
    """Is a line shaped like a breadcrumb a chain of comparisons: terms of one character or numbers
    (甲 > 乙 > 丙, 3 > 2 > 1, a > b > c), which no site's sections are?

        >>> _is_comparison("甲 > 乙 > 丙"), _is_comparison("3.5 > 2 > 1"), _is_comparison("首页 > 新闻 > 正文")
        (True, True, False)
    """
    return all(_TERM.fullmatch(term) for term in _TRAIL_SEPARATOR.split(line.strip()) if term)


def _only_furniture(line: str) -> bool:
    """True when a line has furniture words and nothing else but separators, digits and a site name."""
    words = _FURNITURE.findall(line)
    if not words:
        return False
    rest = _SEPARATORS.sub("", _FURNITURE.sub("", line))
    # What is left may be a site or section name before 移动版/首页, never a sentence, nor a
    # clause around a furniture word (手机很好字体清晰: a review praising its phone's font), nor a
    # phrase the word is part of (联系我们的客服人员, 手机版和电脑版的区别: headings of articles).
    return len(rest) <= 6 and not says_something(rest) and not joins_words(rest)


def strip_boilerplate(text: str) -> Cleaned:
    """Remove whole lines of page furniture, each recorded as ``boilerplate.<kind>``, then the
    "more" links that close teasers (``boilerplate.more_link``).

    >>> strip_boilerplate("上一篇：冰箱有异味怎么办\\n项目经评估，可优先资助实施。［详细］").text
    '项目经评估，可优先资助实施。'
    """
    return chain(text, [_strip_headed_lists, _strip_furniture_lines, _strip_control_runs, _strip_stuffed_lines, _strip_title_echoes,
                        _strip_listings, _strip_ranked_list, _strip_leading_list, _strip_related_list,
                        _strip_promotions, _strip_more_links])


def _strip_headed_lists(text: str) -> Cleaned:
    """Remove a list of other pages under its heading (相关新闻, 猜你喜欢, 看了又看: :data:`LIST_HEADINGS`,
    a line of furniture): the heading and the headlines right after it, however few, blank lines
    allowed between them, as ``boilerplate.related``. The list ends at the first line that is not
    a headline (:func:`_is_listed_headline`). A list above all but furniture may end in the page's
    own title, the headline right above running text, which stays; a list between lines of the
    page's own, running text after it, may be the text's own list, and stays whole.

    >>> _strip_headed_lists("正文。\\n相关新闻\\n· 量子计算原型机问世\\n· 我国成功发射量子卫星\\n分享到：微信").text
    '正文。\\n分享到：微信'
    >>> _strip_headed_lists("热门文章\\n别人的标题在这里\\n本文的标题\\n正文讲了一件事，经过写得清清楚楚。").text
    '本文的标题\\n正文讲了一件事，经过写得清清楚楚。'
    """
    if not _LIST_HEADING.search(fold_to_simplified(text)):
        return Cleaned(text)  # most pages: no heading, and no line is looked at
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    own = None  # the page's first line that is no furniture, found when first asked
    spans, k = [], 0
    while k < len(lines):
        if not _is_list_heading(lines[k]):
            k += 1
            continue
        end, items = k + 1, []
        while end < len(lines) and (not lines[end].strip() or _is_listed_headline(lines[end])):
            if lines[end].strip():
                items.append(end)
            end += 1
        if items and end < len(lines) and _is_running_text(lines[end]):
            if own is None:
                own = next((i for i, line in enumerate(lines) if line.strip() and not boilerplate_kind(line)), len(lines))
            if own < k:
                k = end  # the page said something before it, and goes on after it: a list of its own (以上三本书…)
                continue
            items.pop()  # a list above the page's title, which heads the text below it
        last = items[-1] if items else k
        spans.append((starts[k], min(starts[last + 1], len(text)), "", "boilerplate.related"))
        k = last + 1
    return replace_spans(text, spans)


def _is_list_heading(line: str) -> bool:
    """A heading of a list of other pages: one of :data:`LIST_HEADINGS` ending its line, perhaps
    with its "more" link (类似文章 更多), after nothing or a name (a shop's, a brand's, a site's:
    苏泊尔(SUPOR) 热卖商品, 首页 相关新闻) that says nothing; or a line of furniture with one in it.

        >>> _is_list_heading("双立人(ZWILLING) 热卖商品"), _is_list_heading("我喜欢的相关阅读"), _is_list_heading("相关推荐意见")
        (True, False, False)
    """
    folded = fold_to_simplified(line.strip())
    if not _LIST_HEADING.search(folded):
        return False
    words = _MORE.sub("", _SEPARATORS.sub("", folded))
    heading = next((h for h in LIST_HEADINGS if words.endswith(h)), None)
    if heading is not None:
        name = words[:-len(heading)]
        if not name or (len(name) <= MAX_HEADING_NAME and not says_something(name) and not joins_words(name)):
            return True
    return _only_furniture(folded)


def _is_listed_headline(line: str) -> bool:
    """A line of a list under its heading: a headline, perhaps bulleted, that is no furniture of
    another kind (a share bar after the list goes as a widget)."""
    return _is_headline(line.strip().lstrip(_BULLETS)) and not boilerplate_kind(line)


def _strip_furniture_lines(text: str) -> Cleaned:
    """Lines that are furniture on their own (:func:`boilerplate_kind`), none inside a Markdown code
    fence: code is what its writer marked as code (<phase>test</phase> is no breadcrumb)."""
    if not has_code_fence(text):
        return remove_lines(text, _rule)
    fenced = iter(fenced_lines(text))  # remove_lines asks about each line once, in order
    return remove_lines(text, lambda line: None if next(fenced) else _rule(line))


def _strip_title_echoes(text: str) -> Cleaned:
    """Remove the lines at the top of a page that repeat its title inside furniture: a breadcrumb
    glued to it (首页基金理财 + title), a byline around it (date + title + 861 浏览 3572字). Each is
    furniture once the title is taken out, and goes as that kind (so does a copy of it further down).

    >>> _strip_title_echoes("首页基金理财重磅！网站安全报告\\n重磅！网站安全报告\\n正文。").text
    '重磅！网站安全报告\\n正文。'
    """
    top = [line.strip() for line in text.split("\n", TITLE_LINES)[:TITLE_LINES]]
    titles = [line for line in top if len(line) >= MIN_TITLE and _is_headline(line)]
    echoes = {}
    for line in top:
        title = next((title for title in titles if title != line and title in line), None)
        kind = title and boilerplate_kind(line.replace(title, " ", 1))
        if kind:
            echoes[line] = f"boilerplate.{kind}"
    return remove_lines(text, lambda line: echoes.get(line.strip())) if echoes else Cleaned(text)


def _strip_listings(text: str) -> Cleaned:
    """Remove runs of :data:`MIN_LISTED_LINES` or more headlines stamped with date and time."""
    return _strip_runs(text, lambda line: 0 if ":" in line and _LISTED.match(line) else None,
                       MIN_LISTED_LINES, "boilerplate.listing")


def _strip_ranked_list(text: str) -> Cleaned:
    """Remove runs of :data:`MIN_RANKED_LINES` or more headlines numbered 1, 2, 3, … by badges
    glued to them (a ranking of popular articles); see the module.

    >>> _strip_ranked_list("正文。\\n1女性职场礼仪要点\\n2男性社交礼仪常识\\n3处理下属矛盾的方法\\n4前台辞职申请书").text
    '正文。\\n'
    >>> _strip_ranked_list("1、了解公司概况\\n2、准备自我介绍\\n3、注意着装礼仪\\n4、提前到达").edits
    []
    """
    if not _FIRST_PLACE.search(text):
        return Cleaned(text)  # most pages: no line starts a ranking, and none is looked at
    return _strip_runs(text, _rank, MIN_RANKED_LINES, "boilerplate.ranked")


def _rank(line: str) -> int | None:
    """The place a ranked headline's badge gives it (1女性职场礼仪要点: 1), or None: a row that ends
    in a value (1雲南白藥39.82, a table of the day's biggest gainers) is no headline.

    >>> _rank("1女性职场礼仪要点"), _rank("2雲南白藥39.82"), _rank("3可口可乐大跌近7%")
    (1, None, 3)
    """
    rank = _RANK.match(line)
    return int(rank.group(1)) if rank and _is_headline(line[rank.end():]) else None


def _strip_runs(text: str, place: Callable[[str], int | None], min_lines: int, rule: str) -> Cleaned:
    """Remove runs of ``min_lines`` or more lines that belong together, blank lines allowed
    between them, as ``rule``. ``place(line)`` is None for a line outside any run, 0 for one
    that joins any run, and k for the k-th line of a run (a ranking counts 1, 2, 3, …)."""
    spans = []
    run: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n") + ["end"]:  # a last line outside the run closes it
        end = start + len(line) + 1
        k = place(line)
        if k is not None and k in (0, len(run) + 1):
            run.append((start, min(end, len(text))))
        elif line.strip():
            if len(run) >= min_lines:
                spans.extend((a, b, "", rule) for a, b in run)
            run = [(start, min(end, len(text)))] if k == 1 else []
        start = end
    return replace_spans(text, spans)


def _strip_related_list(text: str) -> Cleaned:
    """Remove a list of headlines that ends an article (a title, :data:`MIN_ARTICLE_CHARS` of running
    text) after its last line of running text. Informal text, reviews or posts, also runs on in short
    unpunctuated lines; a page of them has no title.

    >>> article = "美股大幅回撤\\n" + "正文讲了一件事，经过和结果都写得清清楚楚。" * 10
    >>> related = "\\n机构在如何交易？\\n暴跌！六巨头一夜蒸发3万亿\\n纳斯达克公司研究：交易所集团\\n大国之争：谁能笑到最后？"
    >>> _strip_related_list(article + related).text == article + "\\n"
    True
    """
    lines = text.split("\n")
    tail = len(lines)
    while tail and (not lines[tail - 1].strip() or _is_headline(lines[tail - 1]) or _is_teaser(lines[tail - 1])):
        tail -= 1
    listed = [line for line in lines[tail:] if line.strip()]
    headlines = [line for line in listed if not _is_teaser(line)]
    if not tail or not headlines or _introduces_list(lines[tail - 1], listed[0]) \
            or sum(bool(_ENUMERATED.match(line)) for line in listed) * 2 >= len(listed) or _runs_on(headlines) \
            or not _is_running_text(lines[tail - 1]) or _running_text_chars(lines[:tail]) < MIN_ARTICLE_CHARS:
        return Cleaned(text)
    if not _is_headline(next(line for line in lines if line.strip())):
        return Cleaned(text)  # no title: a page of short posts or reviews, not an article with a list after it
    if len(headlines) < MIN_RELATED_LINES and not (len(headlines) >= MIN_SHORT_RELATED_LINES
                                                   and all(map(_is_full_headline, headlines))):
        return Cleaned(text)
    start = len("\n".join(lines[:tail])) + 1
    return replace_spans(text, [(start, len(text), "", "boilerplate.related")])


def _strip_leading_list(text: str) -> Cleaned:
    """Remove a list of other articles' headlines at the top of a page: after its first line,
    :data:`MIN_LEADING_RELATED_LINES` or more lines in a row each a headline of a headline's length
    (:func:`_is_leading_headline`), on a page with :data:`MIN_ARTICLE_CHARS` of running text below
    them. The first line stays: it is the page's title as often as not. A table of contents is
    kept: its lines head the parts of the text below, and so is the headline right above the text
    (its own title).

    >>> body = "正文讲了一件事，经过和结果都写得清清楚楚。" * 10
    >>> others = ["如何在电脑上浏览图片格式文件？", "如何使用剪贴板功能传输电脑文字", "如何管理手机里的各种文件？",
    ...           "如何找到手机上保存的文件？", "如何从电脑给手机传输视频和照片？"]
    >>> _strip_leading_list("\\n".join(["帮助中心", *others, "文件传输的方法", body])).text == \\
    ...     "帮助中心\\n文件传输的方法\\n" + body
    True
    >>> parts = [f"第{n}部分 文件传输的各种方法" for n in "一二三四五"]
    >>> _strip_leading_list("\\n".join(["目录", *parts, *(f"{part}\\n{body}" for part in parts)])).edits
    []
    """
    lines = text.split("\n")
    first = next((k for k, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return Cleaned(text)
    end = first + 1
    while end < len(lines) and (not lines[end].strip() or _is_leading_headline(lines[end])):
        end += 1
    while end > first + 1 and not lines[end - 1].strip():
        end -= 1
    if end < len(lines) and _is_running_text(lines[end]):
        end -= 1  # the headline right above the text is its own title
    listed = [line.strip() for line in lines[first + 1:end] if line.strip()]
    if len(listed) < MIN_LEADING_RELATED_LINES or _runs_on(listed):
        return Cleaned(text)
    rest = lines[end:]
    below = {line.strip() for line in rest}
    if _running_text_chars(rest) < MIN_ARTICLE_CHARS or any(
            line in below or any(line in other for other in below if len(other) <= MAX_HEADLINE) for line in listed):
        return Cleaned(text)
    start = len("\n".join(lines[:first + 1])) + 1
    stop = len("\n".join(lines[:end])) + 1
    return replace_spans(text, [(start, stop, "", "boilerplate.related")])


def _is_leading_headline(line: str) -> bool:
    """A line of a list of headlines at the top of a page: a headline (:func:`_is_headline`) of
    :data:`MIN_LISTED_HEADLINE` characters or more, with no label (来源：…), number or bullet
    (a text's own list), figure caption or timestamp (a byline)."""
    stripped = line.strip()
    return (len(stripped) >= MIN_LISTED_HEADLINE and _is_headline(stripped) and not _LABEL.match(stripped)
            and not _ENUMERATED.match(stripped) and not _CAPTION.search(stripped) and not _STAMP.search(stripped))


def _runs_on(lines: list[str]) -> bool:
    """Do half or more of ``lines`` run on in two clauses or more (小巧，轻便，配置很合理，不同于一般上网本)?
    Then they are a writer's short lines, a review's points, not other pages' headlines: a headline
    may have a comma (美股大幅回撤，机构在如何交易？), a list of them seldom has two in each.

        >>> _runs_on(["小巧，轻便，配置很合理", "带了六芯电池，能用快6个小时，很好", "完美屏，手感还不错嘛", "暴跌！六巨头蒸发3万亿"])
        True
    """
    return sum(len(_CLAUSE_COMMA.findall(line)) >= 2 for line in lines) * 2 >= len(lines)


def _is_headline(line: str) -> bool:
    """A short line of words that is not a sentence: no 。；, not cut off at a comma, not a row of a
    table that ends in its value (雲南白藥39.82)."""
    stripped = line.strip()
    return (4 <= len(stripped) <= MAX_HEADLINE and not _STATEMENT_END.search(stripped)
            and not _VALUE_END.search(stripped)
            and not stripped.endswith(("，", ",", "、", "：", ":")) and not _PHONE.search(stripped)
            and stripped.count("、") < 2  # bodies a document is sent to (市监察委、市中级法院、市检察院)
            and len(_HAN_CHAR.findall(stripped)) >= 0.3 * len(stripped))


def _is_teaser(line: str) -> bool:
    """The opening of another article, cut off: running text that ends in an ellipsis (…, ...),
    as listings print under each headline."""
    stripped = line.strip()
    return len(stripped) >= MIN_TEASER and stripped.endswith(("...", "…")) and not stripped.endswith("……")


def _is_full_headline(line: str) -> bool:
    """A headline that can stand in a short list (:data:`MIN_SHORT_RELATED_LINES`): a headline's
    length, no label (送：…), no clauses (prose), not a figure's caption."""
    stripped = line.strip()
    return (len(stripped) >= MIN_LISTED_HEADLINE and not _LABEL.match(stripped) and not _CLAUSE.search(stripped)
            and not _CAPTION.search(stripped))


def _is_running_text(line: str) -> bool:
    """The line states something: it has a sentence end (。；), or it is longer than a headline and
    runs on in clauses (a company's blurb that ends in its phone number)."""
    stripped = line.strip()
    return bool(_STATEMENT_END.search(stripped)) or (
        len(stripped) > MAX_HEADLINE and len(_SENTENCE_PUNCTUATION.findall(stripped)) >= 2)


def _running_text_chars(lines: list[str]) -> int:
    """Non-blank characters of the lines of running text (:func:`_is_running_text`)."""
    return sum(visible_chars(line) for line in lines if _is_running_text(line))


def _introduces_list(before: str, first: str) -> bool:
    """The text introduces the list: the line before it ends in a colon (主要产品有：), or the list
    opens with a short label (送：浙江省人大常委会, 附件：…), as a document's own lists do."""
    return before.rstrip().endswith(("：", ":")) or bool(_LABEL.match(first))


def _strip_promotions(text: str) -> Cleaned:
    """Remove a reading site's promotion (the template of 笔趣阁 and its copies puts its address to
    remember, its mobile site and its pager between a novel's paragraphs) glued into a paragraph,
    with the rest of its sentence and the slogans after it; a line that is nothing else goes
    whole, as a widget (:func:`_only_promotions`). Only the sites' own phrases start one.

    >>> _strip_promotions("他点了点头。手机用户请浏览m.example.com阅读，更优质的阅读体验。却没有动身。").text
    '他点了点头。却没有动身。'
    """
    if not _PROMOTION_ANCHOR.search(text):
        return Cleaned(text)  # nearly every page: one look for the phrases, in either script
    folded = fold_to_simplified(text)  # character for character: the same positions
    spans = [(m.start(), _SLOGANS.match(folded, m.end()).end(), "", "boilerplate.widget")
             for m in _PROMOTION.finditer(folded)]
    return replace_spans(text, spans)


def _only_promotions(line: str) -> bool:
    """Is ``line`` (folded) a reading site's promotions and nothing else?

        >>> _only_promotions("天才一秒记住【某某阁】地址：www.example.com，最快更新！无广告！"), _only_promotions("请记住这一天。")
        (True, False)
    """
    result = _strip_promotions(line)
    return bool(result.edits) and not result.text.strip(" \t【】[]()（）|:：-—…·")


# A promotion, from the phrase that opens it to the end of its sentence (found in the folded page).
_PROMOTION = re.compile(r"(?:天才)?一秒记住[^。！!？?\n]{0,40}[。！!]?"
                        r"|(?:请)?记住(?:本站|本书)的?(?:首发)?(?:地址|网址|域名)[^。！!？?\n]{0,40}[。！!]?"
                        r"|手机用户请(?:浏览|访问)[^。！!？?\n]{0,40}[。！!]?|最新网址[:：]\s*[\w.\-/:]+"
                        r"|(?:精彩小说)?无弹窗(?:免费阅读|小说网)[。！!]?|本章未完[，,]?\s*请?点击下一页继续阅读[。！!]?")
_PROMOTION_ANCHOR = re.compile("记住|記住|用户请|用戶請|最新网址|最新網址|无弹窗|無彈窗|本章未完")
_SLOGANS = re.compile(r"(?:\s*(?:最快更新|无广告|无弹窗|免费阅读)[！!。]?)*")


def _strip_more_links(text: str) -> Cleaned:
    """Remove the "more" links that close lines (［详细］, 查看更多>>). Every such link has a word of
    :data:`_MORE_WORD`: only the lines with one are searched (the pattern, tried at every
    position of a page, cost 6% of the cleaning of clean news that says 更多 once).

    >>> _strip_more_links("项目可优先资助实施。［详细］\\n更多的人来了。").text
    '项目可优先资助实施。\\n更多的人来了。'
    """
    spans, line_end = [], -1
    for word in _MORE_WORD.finditer(text):
        if word.start() < line_end:
            continue  # a line already searched
        line_start = text.rfind("\n", 0, word.start()) + 1
        line_end = text.find("\n", word.end())
        line_end = len(text) if line_end < 0 else line_end
        link = _MORE_LINK.search(text, line_start, line_end)  # $ matches where the line ends
        if link:
            spans.append((_blank_start(text, link.start()), link.end(), "", "boilerplate.more_link"))
    return replace_spans(text, spans)


def _blank_start(text: str, start: int) -> int:
    """Where the blanks before ``start`` on its line begin (found backwards: a pattern that
    matched them would try every blank of a long run, the square of its length)."""
    while start and text[start - 1] != "\n" and text[start - 1].isspace():
        start -= 1
    return start


@lru_cache(maxsize=LINES_REMEMBERED)  # furniture recurs across pages, and a second cleaning round asks again
def _rule(line: str) -> str | None:
    kind = boilerplate_kind(line)
    return f"boilerplate.{kind}" if kind else None
