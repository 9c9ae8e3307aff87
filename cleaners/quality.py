"""Page verdicts: is a cleaned page worth training on, and if not, why.

Cleaners repair and remove pieces of a page; some pages have nothing worth keeping once
that is done: porn and casino pages, doorways stuffed with keywords, machine-garbled text,
pages that are only menus and listings. :func:`page_signals` measures a page in ways that
suit Chinese (sentences end in 。！？, words are not separated by spaces, a menu is a
column of short lines), and :func:`page_verdict` reads the signals against the thresholds
of a :class:`QualityConfig`, giving a reason a user can check and re-threshold.

    >>> menu = "\\n".join(["首页", "新闻中心", "体育", "财经频道", "联系我们", "关于我们", "网站地图"] * 8)
    >>> page_verdict(page_signals(menu))
    ('no_content', '0 of 192 characters are in sentences (< 50), 100% menus and furniture: navigation, listings or forms only')
    >>> page_verdict(page_signals("今天上午，市政府召开新闻发布会，介绍了今年城市建设的进展情况。"
    ...                           "会上，有关负责人回答了记者提问，并表示明年将继续加大投入。"))
    (None, '')
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import cache

import numpy as np

from .boilerplate import LIST_NUMBER
from .edits import Edit
from .keys import is_formula
from .lm import HAN, char_model, code_points, joins_words, rare_han_table, says_something, tells_of_someone
from .page_terms import find_terms, is_stub_message
from .script import class_tables, fold_to_simplified
from .whitespace import visible_chars

_CLAUSE = re.compile(r"[，,]")
_GAP = re.compile(r"\s+")
MIN_CLAUSE_HAN = 5  # mean Han characters of space-separated clauses that read as a sentence, not a menu
# Where a sentence ends (a full stop after a Han character too). Sentences are found by their
# ends, not by a lazy match from every position: that costs the square of a line with no end.
# The pattern opens with one character class, which re scans for fast; the look-behinds then
# tell a run of sentence marks from a dot after a Han character (a full-width one too: exam and
# science texts end sentences so, 不是对“书”的表述．).
_SENTENCE_END = re.compile(r"[。！？!?；;….．](?:(?<=[。！？!?；;…])[。！？!?；;…]*|(?<=[\u3400-\u9fff][.．]))[”’」』）)\"']*")
_WORD = re.compile(r"[^\W_]")
_DIGIT = re.compile(r"[0-9０-９]")
_DATE = re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")
_FIGURE = re.compile(r"[0-9０-９]+(?:[.,:/%-][0-9０-９]+)*")
_SYMBOL = re.compile(r"[^\w\s\u3000-\u303f\uff00-\uffef“”‘’—…·]")  # not letters, digits, CJK punctuation
MIN_SENTENCE_HAN = 5  # Han characters in a sentence: shorter ones (好！) say little about a page
MENU_LINE = 40  # characters: a line this short with no sentence in it is a menu item, a title, a table row
GARBLE_LINE_HAN = 20  # Han characters of a line long enough to say it is garbled on its own
DATA_LINE = 0.25  # of a line's characters in digits: a row of figures


@dataclass(frozen=True)
class QualityConfig:
    """Thresholds of :func:`page_verdict`: today's choices, each a reason of its own."""

    # No content: a page of some size with next to no running text (navigation, listings, forms).
    # A short stub with no sentence (a topic page's one-line list) is left alone: it may be content.
    min_sentence_chars: int = 50
    min_chars_to_judge: int = 150  # ... as served, furniture included,
    min_menu_share: float = 0.7  # ... and most of it menus and furniture (short lines, titles, table rows),
    max_clause_line_share: float = 0.5  # ... whose short lines mostly say nothing (a poem's lines do),
    max_data_share: float = 0.5  # ... unless they are data: a table of figures is content
    # Or a listing for a keyword: other pages' headlines and captions (short lines that say
    # something), each carrying a word of the page's title, as a search or tag page lists them
    # and a doorway built as one does. This many such lines, this share of the lines under the
    # title, on a page with less than this share of its characters in sentences. A table's rows
    # carry the word too (证券营业部 after 证券营业部) but are names: they say nothing.
    min_title_listing_lines: int = 8
    min_title_listing_share: float = 0.6
    max_listing_sentence_share: float = 0.5
    # ... and this share of those lines or more carry marks of their own (，？！：, digits, Latin),
    # as other pages' headlines do (…你都清楚吗?, 河北邦然:揭秘!); lines a writer left without
    # punctuation (描写月亮的句子, a poem on its title's word) carry none.
    min_title_listing_marked: float = 0.25
    # Or a site's message in place of a page (an error, a removed or parked page, a redirect, a check
    # for robots, a login wall: cleaners.page_terms.STUB_MESSAGES) on this share of a short page.
    min_stub_share: float = 0.5
    max_stub_chars: int = 400
    adult_terms: int = 4  # different porn terms (cleaners.page_terms) on one page ...
    adult_share: float = 0.05  # ... covering this share of its characters,
    many_terms: int = 10  # ... or this many different terms, whatever their share (a site's vocabulary)
    gambling_terms: int = 4  # the same for gambling terms
    gambling_share: float = 0.05
    # A doorway: the trade's words in its headings (short lines with no sentence), between
    # paragraphs scraped from elsewhere, so they cover little of the page. This many headings
    # with a term, and this share of the page's headings, make it the trade's page.
    term_headings: int = 4
    term_heading_share: float = 0.25
    # Of characters in lines the page repeats, unless this share of the lines repeated or more
    # tell of someone doing something: a song's chorus sings of me and you (想要和你飞到宇宙去), a
    # stuffed page's keywords, links and offers name no one.
    max_repeated_line_share: float = 0.5
    min_chorus_person_share: float = 0.2
    # Of characters in sentences: in ones the page already said. A page whose text a scrape caught
    # twice repeats half of it (and is kept: deduplication is for copies); four times, three quarters.
    max_repeated_sentence_share: float = 0.75
    # A collage: a doorway pastes the same scraped sentences again and again, each time among
    # others, so its lines differ but its sentences repeat. Clean laws, reviews, review pages
    # and classics repeat at most 0.31 of their sentences' characters (a review site's page
    # with one review twice); this share pasted anew, and this many characters, make a collage.
    max_pasted_sentence_share: float = 0.4
    min_pasted_sentence_chars: int = 200
    # A doorway for a search query: it asks what searchers type (什么药治咳喘效果好), in its title
    # or in a question, and stuffs that query into its own text, this many times.
    max_query_echoes: int = 2
    # Garbled: sentences that do not read as Chinese (mean log-probability per Han character) ...
    min_fluency: float = -8.0
    # ... made of characters Chinese almost never uses (mojibake is; verse and slang are not:
    # a Tang poem reads at -9 to -10 to a model of modern words, with 3% of such characters).
    min_rare_share: float = 0.2
    # ... or on one line of GARBLE_LINE_HAN Han characters or more, twice that share: one line
    # decides for a whole page only when no classic could be as dense (the Book of Etiquette's
    # ritual vocabulary, 苴刌茅…实于篚, is 0.21 to 0.31 of a line; a garbled line is half or more).
    min_garbled_line_share: float = 0.4
    # ... on a page with this many Han characters or more: on fewer, a few rare ones are a fifth
    # of it (a review's 嗲嗲嗲, a brand's variant 崐崘), and so few say nothing of the page.
    min_garbled_han: int = GARBLE_LINE_HAN
    # ... and not verse: this share of its clauses or more one length (five characters, seven) is a
    # poem, whose rare characters are mountains and birds (嶾嶙, 鸀鳿). Mojibake garbles the
    # punctuation that would cut it into clauses.
    min_verse_share: float = 0.75
    keep_all: bool = False  # annotate every page, reject none


@dataclass(frozen=True)
class PageSignals:
    """What :func:`page_verdict` reads; written out with each document as ``quality``."""

    chars: int  # non-blank characters
    han_share: float
    sentence_chars: int  # non-blank characters in sentences that end in sentence punctuation
    sentence_share: float
    longest_run: int  # characters in the longest stretch of lines that are mostly sentences
    menu_share: float  # of characters: in short lines with no sentence in them (menus, titles, table rows)
    data_share: float  # of characters: in rows of figures (a quarter digits or more), a word list's entries, formulas
    repeated_line_share: float  # of characters: in lines that repeat an earlier line of the page
    digit_share: float
    symbol_share: float
    fluency: float  # mean log-probability per Han character of the sentences, or of the lines when none (0.0: no Han)
    rare_share: float  # of Han characters: ones ordinary Chinese almost never uses (:func:`_rare_shares`)
    adult_terms: int  # different porn terms found
    adult_share: float  # of characters covered by them
    gambling_terms: int
    gambling_share: float
    headings: int = 0  # short lines with no sentence in them (menu items, titles, table rows)
    adult_headings: int = 0  # ... with a porn term in them
    gambling_headings: int = 0  # ... with a gambling term in them
    # Of the page as served: characters the cleaners removed as furniture (menus, related lists,
    # bylines). A page that was navigation stays navigation after its menus are gone.
    furniture_chars: int = 0
    query_echoes: int = 0  # times a search query (the title, or a question in the prose) recurs in the page
    # Of the characters in sentences: in sentences of MIN_REPEATED_HAN Han characters or more
    # that the page already said (on any line), and of those, the ones said among other
    # sentences than before (:func:`_repeated_sentence_chars`).
    repeated_sentence_chars: int = 0
    pasted_sentence_chars: int = 0
    garbled_line_share: float = 0.0  # rare_share of its densest line of GARBLE_LINE_HAN Han characters or more
    # Of its short lines with no sentence in them: those that read as clauses (a clause's words, or
    # someone doing something, by jieba's tagger), as a poem's and a song's do and a menu's do not
    # (我走在秋天的小路上, 想要和你飞到宇宙去). Measured only on a page that QualityConfig's defaults
    # could judge no_content (:func:`_may_lack_content`).
    clause_line_share: float = 0.0
    # Of the different lines it repeats: those that tell of someone doing something, as a song's
    # chorus does (:func:`cleaners.lm.tells_of_someone`). Measured only when repeated_line_share
    # is over the default's.
    repeated_person_share: float = 0.0
    # Of its lines under the first (its title): different short ones that carry a word of the title
    # (:func:`_title_listing`). Measured only on a page that QualityConfig's defaults could judge
    # a listing (:func:`_may_be_listing`).
    title_listing_lines: int = 0
    title_listing_share: float = 0.0
    title_listing_marked: float = 0.0  # of those lines: the share with a mark that is not Han (，？: 2 nktr)
    # Of its clauses (Han characters between Chinese punctuation), the share of the commonest length
    # when that is a verse line's, four to seven characters (:func:`_verse_share`). Measured only on
    # a page that reads below VERSE_FLUENCY, which verse does to a model of modern words.
    verse_share: float = 0.0
    # Of its characters: in lines that say what a site says in place of a page (404, 该内容已被删除,
    # 域名出售, 正在跳转, 请输入验证码: cleaners.page_terms.is_stub_message). Measured only on a
    # page of QualityConfig.max_stub_chars or fewer: a message on a long page is a line of it.
    stub_share: float = 0.0

    @property
    def han_chars(self) -> int:
        return round(self.han_share * self.chars)

    @property
    def repeated_sentence_share(self) -> float:
        return self.repeated_sentence_chars / max(self.sentence_chars, 1)

    @property
    def pasted_sentence_share(self) -> float:
        return self.pasted_sentence_chars / max(self.sentence_chars, 1)

    @property
    def page_chars(self) -> int:
        return self.chars + self.furniture_chars

    @property
    def navigation_share(self) -> float:
        """Of the page as served: menu-like lines kept and furniture removed."""
        return (self.menu_share * self.chars + self.furniture_chars) / max(self.page_chars, 1)

    def to_dict(self) -> dict:
        # Not asdict: it deep-copies every field, and this runs for every document.
        return {f.name: round(v, 4) if isinstance(v := getattr(self, f.name), float) else v
                for f in fields(self)}


def page_signals(text: str, furniture_chars: int = 0) -> PageSignals:
    """Measure a cleaned page, from which ``furniture_chars`` non-blank characters of page
    furniture were removed (:func:`furniture_chars`); see :class:`PageSignals`.

    Counts run over the code points of the page's lines at once (:func:`_char_flags`):
    a loop or a regex per line cost more than the cleaning of a clean page.

        >>> s = page_signals("王东、王永锡、王厚德、乌云、白文庆、包起帆、刘松金、孙承璇。")
        >>> s.sentence_chars, s.fluency  # a sentence, but nothing but names in it
        (30, 0.0)
    """
    lines = _lines(text)
    joined = "\n".join(lines)
    codes = code_points(joined)
    flags = _char_flags()[codes]
    lengths = np.array([len(line) for line in lines], dtype=np.int64)
    line_ends = np.cumsum(lengths + 1) - 1  # in ``joined``
    line_starts = line_ends - lengths

    def has(bit: int) -> np.ndarray:
        return (flags & bit).astype(bool)

    visible, digit = _running_count(has(_VISIBLE)), _running_count(has(_DIGIT_BIT))
    sizes = _within(visible, line_starts, line_ends)
    chars = int(visible[-1]) or 1
    starts, ends, of_line = _sentences(lines)
    han_in = _within(_running_count(has(_HAN)), starts, ends)
    prose = han_in >= MIN_SENTENCE_HAN
    starts, ends, of_line, prose_han = starts[prose], ends[prose], of_line[prose], han_in[prose]
    in_sentences = np.bincount(of_line, weights=_within(visible, starts, ends), minlength=len(lines)).astype(np.int64)
    sentence_chars = int(in_sentences.sum())
    menu = (sizes <= MENU_LINE) & (in_sentences == 0)
    headings = [line for line, is_menu in zip(lines, menu.tolist()) if is_menu]
    digits = _within(digit, line_starts, line_ends)
    line_sizes = sizes.tolist()
    repeated_chars, repeated = _repeated_lines(lines, line_sizes)
    repeated_line_share = repeated_chars / chars
    han_block = has(_HAN_BLOCK)
    folded = fold_to_simplified(joined)
    terms = find_terms(folded.lower())
    (adult, adult_chars), (gambling, gambling_chars) = terms["adult"], terms["gambling"]
    rare_share, garbled_line_share = _rare_shares(codes, han_block, line_starts, line_ends)
    # A page with no sentence is read line by line: garbled text has lost its punctuation too.
    fluency = (_fluency(codes, code_points(folded), han_block, starts, ends) if len(starts)
               else _fluency(codes, code_points(folded), han_block, line_starts, line_ends))
    return PageSignals(
        chars=int(sizes.sum()),
        han_share=int(np.count_nonzero(han_block)) / chars,
        sentence_chars=sentence_chars,
        sentence_share=sentence_chars / chars,
        longest_run=_longest_run(line_sizes, in_sentences.tolist()),
        menu_share=int(sizes[menu].sum()) / chars,
        data_share=_data_chars(lines, line_sizes, digits.tolist()) / chars,
        repeated_line_share=repeated_line_share,
        digit_share=int(digit[-1]) / chars,
        symbol_share=int(np.count_nonzero(has(_SYMBOL_BIT))) / chars,
        fluency=fluency, rare_share=rare_share, garbled_line_share=garbled_line_share,
        adult_terms=adult, adult_share=adult_chars / chars,
        gambling_terms=gambling, gambling_share=gambling_chars / chars,
        headings=len(headings),
        adult_headings=_headings_with_terms(headings, "adult") if adult else 0,
        gambling_headings=_headings_with_terms(headings, "gambling") if gambling else 0,
        furniture_chars=furniture_chars,
        query_echoes=_query_echoes(lines),
        clause_line_share=_clause_line_share(headings) if _may_lack_content(sentence_chars, chars + furniture_chars) else 0.0,
        repeated_person_share=(sum(map(tells_of_someone, repeated)) / len(repeated)
                               if repeated_line_share > QualityConfig.max_repeated_line_share else 0.0),
        **(_title_listing(lines) if _may_be_listing(sentence_chars / chars, len(lines)) else {}),
        verse_share=_verse_share(joined) if fluency < VERSE_FLUENCY else 0.0,
        stub_share=_stub_share(folded.split("\n"), line_sizes, chars) if chars <= QualityConfig.max_stub_chars else 0.0,
        **_repeated_sentence_chars(joined, starts, ends, prose_han, _sums_within(np.where(has(_HAN), codes, 0), starts, ends)),
    )


# Bits of _char_flags: what each character counts towards.
_VISIBLE, _HAN, _HAN_BLOCK, _DIGIT_BIT, _SYMBOL_BIT = 1, 2, 4, 8, 16


@cache
def _char_flags() -> np.ndarray:
    """For every code point, its bits: :data:`_VISIBLE` (not ``str.isspace``, which ``str.split``
    and ``str.strip`` take for blank), :data:`_HAN` (:data:`cleaners.lm.HAN`), :data:`_HAN_BLOCK`
    (U+3400–U+9FFF), :data:`_DIGIT_BIT` and :data:`_SYMBOL_BIT`."""
    bits = {_VISIBLE: r"\S", _HAN: HAN.pattern, _HAN_BLOCK: "[\u3400-\u9fff]", _DIGIT_BIT: _DIGIT.pattern,
            _SYMBOL_BIT: _SYMBOL.pattern}
    flags = np.zeros(0x110000, dtype=np.uint8)
    for bit, table in zip(bits, class_tables(*bits.values())):
        flags[table] |= bit
    return flags


def _running_count(marked: np.ndarray) -> np.ndarray:
    """How many characters are ``marked`` before each position (and at the end)."""
    return np.concatenate(([0], np.cumsum(marked, dtype=np.int64)))


def _sums_within(values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The sum of ``values`` in each span ``starts[i]:ends[i]`` (none empty): one reduction over
    the spans, not a running sum of the whole page."""
    bounds = np.empty(2 * len(starts), dtype=np.int64)
    bounds[0::2], bounds[1::2] = starts, ends
    return np.add.reduceat(np.append(values, 0), bounds)[0::2] if len(starts) else np.zeros(0, dtype=np.int64)


def _within(running: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """From a :func:`_running_count`, the count in each span ``starts[i]:ends[i]``."""
    return running[ends] - running[starts]


def _in_spans(length: int, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """True at the positions of ``length`` inside some span ``starts[i]:ends[i]`` (spans may touch)."""
    return np.cumsum(np.bincount(starts, minlength=length + 1) - np.bincount(ends, minlength=length + 1))[:-1] > 0


def _headings_with_terms(headings: list[str], kind: str) -> int:
    """How many of ``headings`` carry a term of ``kind`` (:func:`find_terms`)."""
    return sum(1 for h in headings if find_terms(fold_to_simplified(h).lower())[kind][0])


def furniture_chars(edits: Iterable[Edit]) -> int:
    """Non-blank characters that ``edits`` removed as page furniture (``boilerplate.*``)."""
    return sum(visible_chars(e.before) for e in edits if e.rule.startswith("boilerplate."))


def page_verdict(signals: PageSignals, config: QualityConfig = QualityConfig()) -> tuple[str | None, str]:
    """(reason, why) for a page not worth training on, or (None, "") for one to keep.

    Reasons, in the order they are tried: ``adult``, ``gambling``, ``seo_spam``,
    ``no_content``, ``gibberish``. What a page *is* (porn, casino) goes before what it
    lacks. With ``config.keep_all`` every page is kept.
    """
    if config.keep_all:
        return None, ""
    s, c = signals, config
    if s.adult_terms >= c.many_terms or (s.adult_terms >= c.adult_terms and s.adult_share >= c.adult_share):
        return "adult", f"{s.adult_terms} different porn terms cover {s.adult_share:.0%} of the page"
    if _term_headings(s.adult_headings, s.headings, c):
        return "adult", f"{s.adult_headings} of its {s.headings} headings carry porn terms"
    if s.gambling_terms >= c.many_terms or (s.gambling_terms >= c.gambling_terms
                                             and s.gambling_share >= c.gambling_share):
        return "gambling", f"{s.gambling_terms} different gambling terms cover {s.gambling_share:.0%} of the page"
    if _term_headings(s.gambling_headings, s.headings, c):
        return "gambling", f"{s.gambling_headings} of its {s.headings} headings carry gambling terms"
    if s.repeated_line_share > c.max_repeated_line_share and s.repeated_person_share < c.min_chorus_person_share:
        return "seo_spam", f"{s.repeated_line_share:.0%} of the page is lines it repeats"
    if s.pasted_sentence_share >= c.max_pasted_sentence_share and s.pasted_sentence_chars >= c.min_pasted_sentence_chars:
        return "seo_spam", (f"{s.pasted_sentence_share:.0%} of the text of its sentences is sentences it already "
                            "said, pasted among others: a collage of scraped text")
    if s.repeated_sentence_share > c.max_repeated_sentence_share:
        return "seo_spam", f"{s.repeated_sentence_share:.0%} of the text of its sentences is sentences it repeats"
    if s.query_echoes > c.max_query_echoes:
        return "seo_spam", f"a search query is stuffed into its text {s.query_echoes} times"
    if s.stub_share >= c.min_stub_share and s.chars <= c.max_stub_chars:
        return "no_content", (f"{s.stub_share:.0%} of its {s.chars} characters are what a site says in place of a "
                              "page: an error, a removed or parked page, a redirect, a check or a login wall")
    if s.page_chars >= c.min_chars_to_judge and s.sentence_chars < c.min_sentence_chars \
            and s.navigation_share >= c.min_menu_share and s.data_share < c.max_data_share \
            and s.clause_line_share < c.max_clause_line_share:
        return "no_content", (f"{s.sentence_chars} of {s.page_chars} characters are in sentences "
                              f"(< {c.min_sentence_chars}), {s.navigation_share:.0%} menus and furniture: "
                              "navigation, listings or forms only")
    if s.title_listing_lines >= c.min_title_listing_lines and s.title_listing_share >= c.min_title_listing_share \
            and s.sentence_share < c.max_listing_sentence_share and s.title_listing_marked >= c.min_title_listing_marked:
        return "no_content", (f"{s.title_listing_lines} of its lines ({s.title_listing_share:.0%} of those under its "
                              "title) are other pages' headlines with a word of its title, and "
                              f"{s.sentence_share:.0%} of it is in sentences: a listing for a keyword")
    if s.fluency < c.min_fluency and s.han_chars >= c.min_garbled_han and s.verse_share < c.min_verse_share:
        rare = (f"{s.rare_share:.0%} of its characters ones" if s.rare_share >= c.min_rare_share
                else f"a line of it {s.garbled_line_share:.0%} characters"
                if s.garbled_line_share >= c.min_garbled_line_share else None)
        if rare:
            return "gibberish", (f"its sentences read at {s.fluency:.1f} nats per character (< {c.min_fluency}), "
                                 f"{rare} Chinese almost never uses: garbled")
    return None, ""


VERSE_FLUENCY = -6.0  # nats per character below which a page's clauses are measured for verse
VERSE_LENGTHS = range(3, 8)  # Han characters of a verse line's clause: 三言 (诗经's refrains, 三字经) to 七言
MIN_VERSE_CLAUSES = 4
_CLAUSE_PUNCTUATION = re.compile(r"[，。！？；,!?;]")


def _verse_share(text: str) -> float:
    """The share of ``text``'s clauses (runs before Chinese punctuation) that are Han characters
    alone, of the commonest such length or one character either side, when that length is a verse
    line's and half of the clauses have it, and there are four clauses or more; else 0.0. Verse
    keeps to one length give or take a character (诗经's 四言 with refrains of three, 驺虞's five);
    garble keeps to none, and its clauses carry other characters (U+FFFD, digits, Latin).

        >>> _verse_share("奇峰嶾嶙箕山北，秀崿岹嶢嵩鎮南。\\n地首地肺何曾擬，天目天台倍覺慙。")
        1.0
        >>> _verse_share("螽斯羽，诜诜兮。宜尔子孙，振振兮。螽斯羽，薨薨兮。宜尔子孙，绳绳兮。")
        1.0
        >>> _verse_share("房间很干净，早餐种类很多，下次还会再来入住，服务员态度也特别好。")  # prose's lengths vary
        0.0
    """
    # The last piece ends the text, not a clause.
    clauses = [clause for clause in _CLAUSE_PUNCTUATION.split(text)[:-1] if HAN.search(clause)]
    if len(clauses) < MIN_VERSE_CLAUSES:
        return 0.0
    lengths = [_han_only_length(clause) for clause in clauses]
    counts = Counter(length for length in lengths if length)
    length, count = counts.most_common(1)[0] if counts else (0, 0)
    if length not in VERSE_LENGTHS or count < len(clauses) / 2:
        return 0.0
    return sum(1 for n in lengths if n and abs(n - length) <= 1) / len(clauses)


def _han_only_length(clause: str) -> int:
    """Han characters in ``clause`` when it has nothing else but blanks; else 0."""
    han = len(HAN.findall(clause))
    return han if han == visible_chars(clause) else 0


def _stub_share(folded_lines: list[str], sizes: list[int], chars: int) -> float:
    """The share of a page's ``chars`` in its lines (folded to Simplified) that are a site's message
    in place of a page.

        >>> _stub_share(["404 Not Found", "返回首页"], [11, 4], 15)
        0.7333333333333333
    """
    return sum(size for line, size in zip(folded_lines, sizes) if is_stub_message(line)) / chars


def _may_lack_content(sentence_chars: int, page_chars: int) -> bool:
    """Might the page be judged no_content by QualityConfig's defaults (few characters in
    sentences on a page big enough to judge)? Only then are its lines tagged: tagging costs."""
    return sentence_chars < QualityConfig.min_sentence_chars and page_chars >= QualityConfig.min_chars_to_judge


def _may_be_listing(sentence_share: float, lines: int) -> bool:
    """Might the page be judged a listing for a keyword by QualityConfig's defaults (few of its
    characters in sentences, lines enough)? Only then is its title looked for in its lines."""
    return sentence_share < QualityConfig.max_listing_sentence_share and lines > QualityConfig.min_title_listing_lines


def _title_listing(lines: list[str]) -> dict:
    """The page's different short lines under its title (of :data:`MENU_LINE` characters or
    fewer: headlines, captions, teasers cut short) that carry the title's keyword and say
    something (a clause's word or a word that joins a phrase, :func:`cleaners.lm.says_something`):
    as ``title_listing_lines``, as a share of the lines under the title, and the share of them
    that carry a mark other than Han characters, a list's numbers aside (``title_listing_marked``).
    The keyword is the title's pair of Han characters in the most such lines: a longer word of
    the title is in no more of them than its first two characters.

        >>> _title_listing(["学做蛋糕", "哪里可以学蛋糕?", "蛋糕的做法", "新闻中心"])
        {'title_listing_lines': 2, 'title_listing_share': 0.6666666666666666, 'title_listing_marked': 0.5}
        >>> _title_listing(["华泰证券营业部", "国信证券营业部", "中泰证券营业部"])  # a table's rows: names
        {'title_listing_lines': 0, 'title_listing_share': 0.0, 'title_listing_marked': 0.0}
    """
    title, listed = lines[0], {line for line in lines[1:] if len(line) <= MENU_LINE}
    if len(title) > MENU_LINE or not listed:
        return {}
    pairs = dict.fromkeys(title[i:i + 2] for i in range(len(title) - 1) if _HAN_PAIR.fullmatch(title[i:i + 2]))
    carrying = max(([line for line in listed if pair in line] for pair in pairs), key=len, default=[])  # the first of equals
    saying = [line for line in carrying if says_something(line) or joins_words(line)]
    return {"title_listing_lines": len(saying), "title_listing_share": len(saying) / (len(lines) - 1),
            "title_listing_marked": sum(1 for line in saying if _NOT_HAN.search(_ITEM_NUMBER.sub("", line)))
            / max(len(saying), 1)}


_HAN_PAIR = re.compile("[\u3400-\u9fff]{2}")
_NOT_HAN = re.compile(r"[^\u3400-\u9fff\s]")
_ITEM_NUMBER = re.compile(rf"^\s*{LIST_NUMBER}\s*")


def _clause_line_share(lines: list[str]) -> float:
    """The share of ``lines`` that read as clauses: they say something or tell of someone doing
    something (:func:`cleaners.lm.says_something`, :func:`cleaners.lm.tells_of_someone`).

        >>> _clause_line_share(["我走在秋天的小路上", "想要和你飞到宇宙去", "新闻中心", "联系我们"])
        0.5
    """
    return sum(says_something(line) or tells_of_someone(line) for line in lines) / len(lines) if lines else 0.0


def _rare_shares(codes: np.ndarray, han: np.ndarray, line_starts: np.ndarray,
                 line_ends: np.ndarray) -> tuple[float, float]:
    """Of the page's Han characters (``han``, over its ``codes``), and of its densest line of
    :data:`GARBLE_LINE_HAN` or more (one garbled line among good ones): the share Chinese almost
    never uses (:func:`cleaners.lm.rare_han`).

    >>> page_signals("工作顺利。").rare_share, page_signals("宸ヤ綔工作").rare_share  # 宸 and 綔: UTF-8 read as GBK
    (0.0, 0.5)

    Items of an enumeration are left out, as :func:`_fluency` leaves them: herbs' names are rare
    characters, listed.

    >>> page_signals("另有中药薜荔、蘘荷、蓍草、菝葜、蒺藜、菥蓂、芫荽、荸荠，亦各有药用。").garbled_line_share
    0.0
    """
    starts, ends = _runs(han)
    items = _list_items(codes, starts, ends)
    han = han & ~_in_spans(len(codes), starts[items], ends[items])  # names listed (川芎、荆芥) are no garble
    table = rare_han_table()
    rare = han & table[np.minimum(codes, len(table) - 1)]
    han_in, rare_in = (_within(_running_count(marked), line_starts, line_ends) for marked in (han, rare))
    dense = han_in >= GARBLE_LINE_HAN
    return float(rare_in.sum() / max(han_in.sum(), 1)), float((rare_in[dense] / han_in[dense]).max(initial=0.0))


def _query_echoes(lines: list[str]) -> int:
    """How many times a search query is stuffed into the page: its title, when the title is a
    query (a question of :data:`MIN_QUERY_HAN` Han characters or more: 什么, 如何, 哪家, 吗, ？…),
    recurring inside its other lines, between different words each time (a page whose text was
    caught twice repeats it between the same ones); or a question glued into the page's prose
    again and again (:func:`_stuffed_questions`), whichever is more. A doorway built for the
    query repeats it through scraped text; an article names its subject, not its headline word
    for word, and a title that is a name (a company, a product) is no query. Nor is a first line
    longer than a title (:data:`MENU_LINE`).

    >>> _query_echoes(["什么药治咳喘效果好", "病人很多，什么药治咳喘效果好。", "要注意保暖，什么药治咳喘效果好。"])
    2
    >>> _query_echoes(["江苏旭日液压设备有限公司", "江苏旭日液压设备有限公司位于扬州。"])  # a name
    0
    >>> said = "士隐听了，便迎上来道：“你满口说些什么？只听见些好了好了。”那道人笑道：“你若果听见好了二字还算你明白。”"
    >>> _query_echoes([said, "可知世上万般。" + said, "好便是了。" + said, "了便是好。" + said])
    0
    """
    if not lines:
        return 0
    title = lines[0].strip()
    echoes = 0
    if len(title) <= MENU_LINE and len(HAN.findall(title)) >= MIN_QUERY_HAN and _QUERY.search(title):
        echoes = len({(line[max(m.start() - CONTEXT, 0):m.start()], line[m.end():m.end() + CONTEXT])
                      for line in lines[1:] if line.strip() != title for m in re.finditer(re.escape(title), line)})
    return max(echoes, _stuffed_questions(lines))


def _stuffed_questions(lines: list[str]) -> int:
    """Times beyond its first that one question (a clause ending in ？ with :data:`MIN_QUERY_HAN`
    Han characters or more) stands inside lines of prose, :data:`MIN_PROSE_AROUND` Han
    characters of other text on its line. A doorway glues its query between scraped sentences
    (…不需要带烟灰缸。 某某有什么好处？), each time between others; a FAQ gives a question a line
    of its own, a forum's replies quote it after a label (回复：…？), and a page whose text was
    caught twice has it twice between the same words (counted once).

    >>> q = "这款电子烟有什么好处？"
    >>> _stuffed_questions([q, f"戒烟并不容易，我们可以变通一下。{q}", f"{q}随着产品不断升级，电池寿命也得到了改善。",
    ...                     f"没有明火或烟灰，扔烟头非常方便。{q}", f"它比大多数电子烟更像一支香烟。{q}"])
    3
    >>> _stuffed_questions([q, "它有三点好处。", q, "回复：" + q, q])  # a line of its own, or after a label
    0
    >>> _stuffed_questions([f"因检举、控告引起的纠纷，{q}", f"因批评、评论引起的纠纷，{q}", f"因转载引起的纠纷，{q}"])
    0
    >>> _stuffed_questions([f"他把烟递了过来。{q}她笑着说你自己试试就知道了。" * 4])  # one passage, four times
    0
    """
    questions: defaultdict = defaultdict(set)  # question -> the words around it, at each place
    for line in lines:
        if "？" not in line and "?" not in line:  # most lines: the pattern would try every clause
            continue
        for m in _QUESTION.finditer(line):
            question = m.group().strip()
            if len(HAN.findall(question)) >= MIN_QUERY_HAN and _opens_a_sentence(line[:m.start()]) \
                    and len(HAN.findall(line.replace(question, ""))) >= MIN_PROSE_AROUND:
                questions[question].add((line[max(m.start() - CONTEXT, 0):m.start()], line[m.end():m.end() + CONTEXT]))
    return max(map(len, questions.values()), default=1) - 1


def _opens_a_sentence(before: str) -> bool:
    """Does text after ``before`` (on its line) open a sentence: at the line's start, after a
    sentence's end or after a list's number (5、)? The end of a question after a comma does not:
    a Q&A's formula (…引起的名誉权纠纷，人民法院是否受理？) ends many questions, it is none itself."""
    before = before.rstrip()
    return not before or before[-1] in "。！？!?；;…" or bool(_LIST_NUMBER.fullmatch(before))


MIN_QUERY_HAN = 6  # a query long enough that recurring word for word is no accident
CONTEXT = 4  # characters either side of a question that tell its places apart
MIN_PROSE_AROUND = 10  # Han characters of other text on a line that make it prose, not a heading or a quote
_LIST_NUMBER = re.compile(r"\s*[0-9０-９]{1,2}\s*[、.．]")
_CLAUSE_BREAK = "。！？!?；;，,、：:“”\"（）()"
# A clause that ends in a question mark. Matches are tried only where a clause starts: from
# every position, a long line with no question mark cost the square of its length.
_QUESTION = re.compile(rf"(?:^|(?<=[{_CLAUSE_BREAK}]))[^{_CLAUSE_BREAK}]*[？?]")
_QUERY = re.compile(r"什么|怎么|怎样|如何|哪[些里个家种款]|多少|为什么|是否|好不好|吗|呢|[？?]")


def _term_headings(with_terms: int, headings: int, config: QualityConfig) -> bool:
    """Whether the trade's words head the page: in many of its headings, and a good share of them."""
    return with_terms >= config.term_headings and with_terms >= config.term_heading_share * headings


def _data_chars(lines: list[str], sizes: list[int], digits: list[int]) -> int:
    """Characters in the lines that are rows of figures (:func:`_is_data`), given each line's
    size and digits: a line with fewer digits than a row needs is none, whatever its dates; and
    in the entries of a word list (:data:`_WORD_ENTRY`) and the lines with a formula
    (:func:`cleaners.keys.is_formula`: a question's options, A. $\\sin \\alpha>0$), which are no
    menu either. (Not every line shaped like code: a facet's count, Zoology(634), is a menu's.)"""
    return sum(size for line, size, d in zip(lines, sizes, digits)
               if d >= DATA_LINE * size and _is_data(line, size) or _WORD_ENTRY.match(line) or is_formula(line))


# A word list's entry: a foreign word, maybe its pronunciation, its part of speech abbreviated as
# dictionaries do, then its Chinese meaning (abandon v. 放弃；抛弃 / ability [əˈbɪləti] n. 能力).
# A bilingual menu's items (关于我们 About Us) have no part of speech.
_WORD_ENTRY = re.compile(r"[A-Za-z][A-Za-z'\- ]{0,30}?(?:\s*\[[^\]\n]{1,30}\]|\s*/[^/\n]{1,30}/)?\s+"
                         r"(?:n|v|vt|vi|adj|adv|prep|conj|pron|num|art|int|interj|aux|abbr)\.\s*[^\n]{0,4}[\u4e00-\u9fff]")


def _is_data(line: str, size: int) -> bool:
    """A row of figures: two figures or more, and a quarter of its characters digits, dates
    not counted (a column of months is an archive's menu, 2024 年 9 月, not a table). A line
    with one number is a link or a label with a year or a model in it (2022年五月的价格).

    >>> _is_data("2022/03/21 1,841.69 57,283", 24), _is_data("2024 年 9 月", 8), _is_data("2022年五月的价格", 11)
    (True, False, False)
    """
    rest = _DATE.sub("", line)
    return len(_FIGURE.findall(rest)) >= 2 and len(_DIGIT.findall(rest)) >= DATA_LINE * size


def _lines(text: str) -> list[str]:
    """The page's non-empty lines, a line of punctuation alone joined to the lines around it:
    extractors break some pages at every comma (分享\\n.\\n收藏讲究眼界\\n,\\n多欣赏)."""
    lines: list[str] = []
    glue = False
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        punctuation = not _WORD.search(line)
        if lines and (glue or punctuation):
            lines[-1] += line
        else:
            lines.append(line)
        glue = punctuation
    return lines


def _sentences(lines: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where the sentences of ``lines`` are in the text they make joined by "\\n": (starts, ends,
    the line of each). A sentence ends in sentence punctuation. Informal writers end a line
    without a full stop; what follows the last one still counts when it has clauses as
    sentences do: commas, or spaces between clauses longer than menu items. The page keeps
    those of :data:`MIN_SENTENCE_HAN` Han characters or more.

    >>> [spans.tolist() for spans in _sentences(["好。房间很干净，下次还来", "首页 新闻中心 体育频道 财经频道"])]
    [[0, 2], [2, 12], [0, 0]]
    >>> [spans.tolist() for spans in _sentences(["机器运行状态 有些电源等等的白色指示灯 很漂亮"])]
    [[0], [23], [0]]
    """
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer("\n".join(lines))]
    starts, ends, of_line = [], [], []
    k = offset = 0
    for i, line in enumerate(lines):
        start, stop = offset, offset + len(line)
        while k < len(sentence_ends) and sentence_ends[k] <= stop:
            starts.append(start)
            ends.append(sentence_ends[k])
            of_line.append(i)
            start = sentence_ends[k]
            k += 1
        rest = line[start - offset:]
        if rest and (_CLAUSE.search(rest) or _clauses_as_sentences(rest)):
            starts.append(start)
            ends.append(stop)
            of_line.append(i)
        offset = stop + 1
    return tuple(np.array(spans, dtype=np.int64) for spans in (starts, ends, of_line))


def _clauses_as_sentences(text: str) -> bool:
    """Is ``text`` clauses separated by spaces, longer on average than menu items?"""
    clauses = [len(HAN.findall(c)) for c in _GAP.split(text.strip())]
    return len(clauses) >= 2 and sum(clauses) / len(clauses) >= MIN_CLAUSE_HAN


def _longest_run(sizes: list[int], in_sentences: list[int]) -> int:
    """Characters in the longest stretch of consecutive lines that are mostly sentences."""
    best = current = 0
    for size, k in zip(sizes, in_sentences):
        current = current + size if k >= size / 2 else 0
        best = max(best, current)
    return best


MIN_REPEATED_HAN = 10  # Han characters of a sentence whose repeat says something (好的。 recurs anywhere)


def _repeated_sentence_chars(joined: str, starts: np.ndarray, ends: np.ndarray, han: np.ndarray,
                             han_sums: np.ndarray) -> dict[str, int]:
    """Characters of the sentences (spans ``starts`` to ``ends`` of ``joined``, with ``han`` Han
    characters each, whose code points sum to ``han_sums``) of :data:`MIN_REPEATED_HAN` Han
    characters or more that an earlier sentence of the page already said, its closing
    punctuation aside (``repeated``), and of
    those the ones said among other sentences than there (``pasted``): a collage pastes
    sentences anew each time, while a page whose text was caught twice repeats them in the
    same company.

    >>> said = "当时不少人劝她，写字楼租金高、投资大，风险实在太大了。"
    >>> s = page_signals(f"{said}她却有自己的想法。\\n根据用户反映，押金越来越难退。{said}")
    >>> s.repeated_sentence_chars, s.pasted_sentence_chars
    (27, 27)
    >>> s = page_signals(f"{said}根据用户反映，押金越来越难退。" * 2)  # doubled: pasted anew only at its seam
    >>> s.repeated_sentence_chars, s.pasted_sentence_chars
    (42, 27)
    """
    long = han >= MIN_REPEATED_HAN
    # Most pages say no sentence twice: two sentences alike have the same Han characters, so
    # when no two have the same count and sum of them, no string need be cut.
    prints = (han_sums[long] * 1024 + han[long]).tolist()  # a set: np.unique costs more on a page's few
    if len(set(prints)) == len(prints):
        return {"repeated_sentence_chars": 0, "pasted_sentence_chars": 0}
    sentences = [joined[start:end].strip() for start, end in zip(starts[long].tolist(), ends[long].tolist())]
    keys = [sentence.rstrip("。！？!?；;….”’」』）)\"'") for sentence in sentences]
    first: dict = {}  # a pair of neighbouring sentences -> where it first occurs
    for k, pair in enumerate(zip(keys, keys[1:])):
        first.setdefault(pair, k)
    seen: set[str] = set()
    repeated = pasted = 0
    for k, (sentence, key) in enumerate(zip(sentences, keys)):
        if key in seen:
            size = visible_chars(sentence)
            repeated += size
            same_before = k > 0 and first[keys[k - 1], key] < k - 1
            same_after = k + 1 == len(keys) or first[key, keys[k + 1]] < k  # the page's end: as before
            if not (same_before and same_after):
                pasted += size
        seen.add(key)
    return {"repeated_sentence_chars": repeated, "pasted_sentence_chars": pasted}


def _repeated_lines(lines: list[str], sizes: list[int]) -> tuple[int, set[str]]:
    """Characters in the lines that repeat an earlier line of the page, and which lines they are."""
    seen: set[str] = set()
    repeated, which = 0, set()
    for line, size in zip(lines, sizes):
        if line in seen and size >= MIN_SENTENCE_HAN:
            repeated += size
            which.add(line)
        seen.add(line)
    return repeated, which


MAX_LIST_ITEM = 4  # Han characters of an item in an enumeration (王东、王永锡、王厚德): a name, not prose


def _runs(marked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the runs of ``marked`` positions start and end."""
    bounds = np.flatnonzero(np.diff(marked, prepend=False, append=False))
    return bounds[::2], bounds[1::2]


def _list_items(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which of the runs ``starts[i]:ends[i]`` of ``codes`` are items of an enumeration: runs of
    :data:`MAX_LIST_ITEM` characters or fewer next to a 、."""
    comma = np.append(codes == ord("、"), False)  # comma[-1]: nothing before the text
    return (ends - starts <= MAX_LIST_ITEM) & (comma[starts - 1] | comma[ends])


def _fluency(codes: np.ndarray, folded: np.ndarray, han: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> float:
    """Mean log-probability per Han character (``han``: U+3400–U+9FFF) of the page's sentences
    (the spans ``starts`` to ``ends`` of its ``codes``; ``folded`` to Simplified), each run of
    Han characters scored on its own. Items of an enumeration (runs of :data:`MAX_LIST_ITEM`
    characters or fewer next to a 、) are left out: a list of names is rare characters in a row,
    not garbled text.

    >>> page_signals("王东、王永锡、王厚德、乌云、白文庆、包起帆、刘松金、孙承璇。").fluency  # nothing but items
    0.0
    >>> page_signals("房间很干净，服务也不错。").fluency < 0
    True
    """
    starts, ends = _runs(han & _in_spans(len(codes), starts, ends))
    items = _list_items(codes, starts, ends)
    starts, ends = starts[~items], ends[~items]
    if not len(starts):
        return 0.0
    positions = np.flatnonzero(_in_spans(len(codes), starts, ends))
    prev = np.concatenate(([0], folded[:-1]))
    prev[starts] = 0  # a run starts afresh, as after punctuation
    logprobs = char_model().pair_logprobs(prev[positions], folded[positions])
    return float(logprobs.sum()) / len(logprobs)
