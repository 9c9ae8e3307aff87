"""A character language model of real Chinese, built from wordfreq's data.

wordfreq ships word frequencies for Chinese gathered from many sources
(subtitles, Wikipedia, news, the web). Characters and the character pairs
inside words, weighted by word frequency, give a unigram and an interpolated
bigram model: small, fast, and good enough to tell Chinese from mojibake.
Traditional text is folded to Simplified first (wordfreq's list is Simplified).

    >>> model = char_model()
    >>> model.mean_logprob("工会工作") > model.mean_logprob("宸ヤ細宸ヤ綔")  # UTF-8 read as GBK
    True
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter, defaultdict
from functools import cache, lru_cache

import numpy as np

from .script import fold_to_simplified

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
WORD_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")  # what words are made of: Han, ASCII letters, digits
_COMMON_NON_HAN = re.compile(r"[\x20-\x7e\u3000-\u303f\uff01-\uff5e\u2014\u2018\u2019\u201c\u201d\u2026\u00b7]")

OOV_LOGPROB = math.log(1e-9)  # a character Chinese text never uses
COMMON_NON_HAN_LOGPROB = math.log(1e-3)  # digits, ASCII, other CJK punctuation
# Commas, full stops and enumeration commas are among the most frequent characters of
# written Chinese (a few in every hundred); wordfreq's word lists leave punctuation out.
# Enumeration commas (、) are the rarest of them: rough shares of running text, enough
# to break a tie between two marks a lost byte could have been.
CLAUSE_PUNCTUATION_LOGPROB = {c: math.log(p) for c, p in
                              {"，": 0.01, ",": 0.01, "。": 0.01, ".": 0.01, "、": 0.004}.items()}
_BACKOFF = 0.3  # weight of the unigram in the interpolated bigram
_LOW = (1 << 21) - 1  # the low code point of a pair key (high << 21 | low)
# Function characters: a string that starts or ends with one is a piece of a phrase
# (为核心的 in 以…为核心的, 的一个重要原因), not a name or a sentence of its own.
FUNCTION_CHARS = frozenset("的了是在和与为以把被对于之也就都而及或")


class CharModel:
    """Unigram and within-word bigram log-probabilities over Simplified characters."""

    def __init__(self, words: dict[str, float]):
        # Counted with arrays over all the words at once (a loop over 335k words took a second
        # in every process). Sums run in the words' order, as a loop's would.
        codes = code_points("\n".join(words))
        weight = np.fromiter(words.values(), dtype=np.float64, count=len(words))[np.cumsum(codes == 0x0A)]
        # Only Han characters: Latin letters inside words (卡拉ok) would make them look rare.
        han = _is_han(codes)
        unigrams = {chr(c): f for c, f in _sums_as_met(codes[han], weight[han])[2]}
        pair = han[:-1] & han[1:]  # the separator is not Han: pairs stay inside words
        pairs, counts, as_met = _sums_as_met(codes[:-1][pair] << 21 | codes[1:][pair], weight[:-1][pair])
        bigrams = {(chr(k >> 21), chr(k & _LOW)): f for k, f in as_met}
        self._pair_keys, self._pair_counts = pairs, counts  # the same, sorted by key, for the tables
        total = sum(unigrams.values())
        self.unigram = {c: f / total for c, f in unigrams.items()}
        self.logp = {c: math.log(p) for c, p in self.unigram.items()}
        self._bigram = bigrams
        self._unigram_mass = unigrams
        self._right_mass: Counter = Counter()
        for (_, b), f in bigrams.items():
            self._right_mass[b] += f
        self._pair_strengths: PairStrengths | None = None
        self._transitions: Transitions | None = None

    def char_logprob(self, c: str) -> float:
        """log P(c), folding Traditional to Simplified; punctuation and ASCII get a flat score."""
        c = fold_to_simplified(c)
        logp = self.logp.get(c)
        if logp is not None:
            return logp
        return COMMON_NON_HAN_LOGPROB if _COMMON_NON_HAN.match(c) else OOV_LOGPROB

    def transition(self, prev: str, c: str) -> float:
        """log P(c | prev) for Simplified characters (fold first), interpolated with the unigram."""
        p_uni = self.unigram.get(c)
        if p_uni is None:
            if c in CLAUSE_PUNCTUATION_LOGPROB:
                return CLAUSE_PUNCTUATION_LOGPROB[c]
            return COMMON_NON_HAN_LOGPROB if _COMMON_NON_HAN.match(c) else OOV_LOGPROB
        mass = self._unigram_mass.get(prev)
        if mass is None:  # after punctuation, a digit or nothing: a word starts, as after a word
            return math.log(_BACKOFF * p_uni)
        return math.log((1 - _BACKOFF) * self._bigram.get((prev, c), 0.0) / mass + _BACKOFF * p_uni)

    def pair_strength(self, prev: str, c: str) -> float:
        """How much ``prev`` and ``c`` belong together inside words: the larger of P(c | prev) and
        P(prev | c), from pairs inside words only (0.0 when never seen); folds to Simplified.

        Both directions, because a common first character (上) continues many ways while
        the pair is still the usual company of the second (午 in 上午)."""
        prev, c = fold_to_simplified(prev), fold_to_simplified(c)
        count = self._bigram.get((prev, c), 0.0)
        if not count:
            return 0.0
        return self._strength(prev, c, count)

    def _strength(self, prev: str, c: str, count: float) -> float:
        return max(count / self._unigram_mass[prev], count / self._right_mass[c])

    def pair_strengths(self) -> "PairStrengths":
        """:meth:`pair_strength` for arrays of code points at once (built once per model)."""
        if self._pair_strengths is None:
            mass, right = self._by_code(self._unigram_mass), self._by_code(self._right_mass)
            keys, counts = self._pair_keys, self._pair_counts
            strengths = np.maximum(counts / mass[keys >> 21], counts / right[keys & _LOW])  # as _strength
            self._pair_strengths = PairStrengths(keys, strengths, self.unigram)
        return self._pair_strengths

    def transitions(self, text: str, prev: str = "") -> np.ndarray:
        """:meth:`transition` for every character of ``text`` (after ``prev``) at once.

            >>> model = char_model()
            >>> round(float(model.transitions("工会工作").sum()), 6) == round(model.logprob("工会工作"), 6)
            True
        """
        return self._table()(fold_to_simplified(text), fold_to_simplified(prev[-1:]))

    def pair_logprobs(self, prev: np.ndarray, codes: np.ndarray) -> np.ndarray:
        """:meth:`transition` for arrays of folded code points, broadcast against each other
        (:func:`code_points`; 0 for no previous character).

            >>> model = char_model()
            >>> model.pair_logprobs(code_points("工"), code_points("会作")).tolist() == [
            ...     model.transition("工", "会"), model.transition("工", "作")]
            True
        """
        return self._table().pairs(prev, codes)

    @staticmethod
    def _by_code(values: dict[str, float]) -> np.ndarray:
        """``values`` as a table over all code points (0.0 elsewhere)."""
        table = np.zeros(0x110000)
        table[[ord(c) for c in values]] = list(values.values())
        return table

    def _table(self) -> "Transitions":
        if self._transitions is None:
            self._transitions = Transitions(self)
        return self._transitions

    def logprob(self, text: str, prev: str = "") -> float:
        """Total log-probability of ``text`` (after ``prev``) under the interpolated bigram model."""
        if len(text) >= VECTOR_MIN_CHARS:
            return float(self.transitions(text, prev).sum())
        text = fold_to_simplified(text)
        prev = fold_to_simplified(prev[-1:])
        total = 0.0
        for c in text:
            total += self.transition(prev, c)
            prev = c
        return total

    def mean_logprob(self, text: str) -> float:
        """Log-probability per character (``OOV_LOGPROB`` for empty text)."""
        return self.logprob(text) / len(text) if text else OOV_LOGPROB


VECTOR_MIN_CHARS = 32  # from this length numpy's set-up costs less than a loop over characters


class Transitions:
    """:meth:`CharModel.transition` for arrays of code points: a table of each character's
    log-probability where no pair applies, a dense matrix of the pairs of the most frequent
    characters (nearly every pair of Han characters in real text), and the model's other
    pairs, sorted, for a binary search."""

    DENSE = 2000  # characters in the matrix (32 MB of float64)

    def __init__(self, model: CharModel):
        first = np.full(0x110000, OOV_LOGPROB)
        first[[cp for cp in range(0x10000) if _COMMON_NON_HAN.match(chr(cp))]] = COMMON_NON_HAN_LOGPROB
        for c, logp in CLAUSE_PUNCTUATION_LOGPROB.items():
            first[ord(c)] = logp
        for c, p in model.unigram.items():
            first[ord(c)] = math.log(_BACKOFF * p)  # after punctuation, or a pair never seen
        self.first = first
        # A pair applies only between a character that begins some pair and one the model knows.
        self.begins = np.zeros(0x110000, dtype=bool)
        self.begins[[ord(c) for c in model._unigram_mass]] = True
        self.known = np.zeros(0x110000, dtype=bool)
        self.known[[ord(c) for c in model.unigram]] = True
        frequent = np.array([ord(c) for c in sorted(model.unigram, key=model.unigram.__getitem__,
                                                    reverse=True)[:self.DENSE]], dtype=np.int64)
        # Row and column len(frequent) stand for every other character: NaN, not in the matrix.
        self.index = np.full(0x110000, len(frequent), dtype=np.int32)
        self.index[frequent] = np.arange(len(frequent))
        dense = np.full((len(frequent) + 1, len(frequent) + 1), np.nan)
        dense[:-1, :-1] = first[frequent][np.newaxis, :]
        # As CharModel.transition, for every pair at once.
        self.keys = model._pair_keys
        mass, unigram = model._by_code(model._unigram_mass), model._by_code(model.unigram)
        p = (1 - _BACKOFF) * model._pair_counts / mass[self.keys >> 21] + _BACKOFF * unigram[self.keys & _LOW]
        self.values = np.array([math.log(x) for x in p.tolist()])  # math.log: transition()'s very floats
        i, j = self.index[self.keys >> 21], self.index[self.keys & _LOW]
        in_dense = (i < len(frequent)) & (j < len(frequent))
        dense[i[in_dense], j[in_dense]] = self.values[in_dense]
        self.dense = dense.ravel()  # looked up by flat index: one take, no masks
        self.width = len(frequent) + 1

    def __call__(self, folded: str, prev: str) -> np.ndarray:
        codes = code_points((prev or "\0") + folded)
        return self.pairs(codes[:-1], codes[1:])

    def pairs(self, prev: np.ndarray, codes: np.ndarray) -> np.ndarray:
        """log P(c | p) for arrays of (folded) code points p and c, broadcast against each other."""
        prev, codes = np.broadcast_arrays(prev, codes)
        out = self.dense.take(self.index[prev] * self.width + self.index[codes])
        outside = np.isnan(out)
        if outside.any():
            prev, codes = prev[outside], codes[outside]
            rest = self.first[codes]
            searched = self.begins[prev] & self.known[codes]
            if searched.any():
                keys = prev[searched] << 21 | codes[searched]
                at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
                rest[searched] = np.where(self.keys[at] == keys, self.values[at], rest[searched])
            out[outside] = rest
        return out


def _sums_as_met(keys: np.ndarray, weights: np.ndarray):
    """The distinct ``keys`` (sorted), the sum of ``weights`` for each, and (key, sum) pairs in
    the order a loop over ``keys`` first meets them; each sum adds in the keys' order, as a loop would.

        >>> _sums_as_met(np.array([7, 3, 7]), np.array([1.0, 2.0, 4.0]))[2]
        [(7, 5.0), (3, 2.0)]
    """
    distinct, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    sums = np.bincount(inverse, weights=weights)
    met = np.argsort(first, kind="stable")
    return distinct, sums, list(zip(distinct[met].tolist(), sums[met].tolist()))


def _is_han(codes: np.ndarray) -> np.ndarray:
    """:data:`HAN` for an array of code points."""
    return (((codes >= 0x3400) & (codes <= 0x4DBF)) | ((codes >= 0x4E00) & (codes <= 0x9FFF))
            | ((codes >= 0xF900) & (codes <= 0xFAFF)) | ((codes >= 0x20000) & (codes <= 0x3134F)))


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as an int64 array."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


class PairStrengths:
    """Pair strengths looked up for whole arrays of (folded) code points.

    The most frequent characters get a dense matrix, one fancy-indexing step for
    nearly every pair of real text; pairs with a rarer character fall back to a
    binary search in a sorted table.

        >>> codes = np.array([ord(c) for c in "上午上包镕基"])
        >>> strengths = char_model().pair_strengths().in_text(codes)
        >>> [round(s, 2) for s in strengths(np.array([0, 2, 4]), np.array([1, 3, 5])).tolist()] == [
        ...     round(char_model().pair_strength(a, b), 2) for a, b in ("上午", "上包", "镕基")]
        True
    """

    DENSE = 3000  # characters in the matrix (36 MB of float32)

    def __init__(self, keys: np.ndarray, strengths: np.ndarray, unigram: dict[str, float]):
        """``strengths`` of the pairs ``keys`` (sorted, ``a << 21 | b``)."""
        frequent = sorted(unigram, key=unigram.__getitem__, reverse=True)[:self.DENSE]
        self.frequent = np.array([ord(c) for c in frequent], dtype=np.int64)
        self.index = np.full(0x110000, len(frequent), dtype=np.int16)  # len(frequent): any other character
        self.index[self.frequent] = np.arange(len(frequent))
        self.dense = np.zeros((len(frequent) + 1, len(frequent) + 1), dtype=np.float32)
        i, j = self.index[keys >> 21], self.index[keys & _LOW]
        in_dense = (i < len(frequent)) & (j < len(frequent))
        self.dense[i[in_dense], j[in_dense]] = strengths[in_dense]
        self.codes = keys[~in_dense]
        self.strengths = strengths[~in_dense].astype(np.float32)

    def sides(self, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        """Two tables over all code points: which characters begin, and which end, a pair at
        least ``threshold`` strong.

            >>> begins, ends = char_model().pair_strengths().sides(0.5)
            >>> bool(begins[ord("午")]), bool(ends[ord("午")])  # 上午
            (False, True)
        """
        begins, ends = np.zeros(0x110000, dtype=bool), np.zeros(0x110000, dtype=bool)
        strong = self.dense[:-1, :-1] >= threshold
        begins[self.frequent[strong.any(axis=1)]] = True
        ends[self.frequent[strong.any(axis=0)]] = True
        rare = self.codes[self.strengths >= threshold]
        begins[rare >> 21] = True
        ends[rare & _LOW] = True
        return begins, ends

    def strongest(self) -> float:
        """The strongest pair's strength (at most 1)."""
        return float(max(self.dense.max(), self.strengths.max(initial=0.0)))

    def in_text(self, codes: np.ndarray) -> "TextPairs":
        """The strengths of pairs of one text's (folded) code points; the text is indexed once."""
        return TextPairs(self, codes)


class TextPairs:
    """:class:`PairStrengths` over one text: called with arrays of positions p, q, the strengths
    of the pairs (codes[p], codes[q]); :meth:`adjacent`, of each character and the next."""

    def __init__(self, table: PairStrengths, codes: np.ndarray):
        self.table, self.codes = table, codes
        self.index = table.index[codes]

    def __call__(self, p: np.ndarray, q: np.ndarray) -> np.ndarray:
        return self._lookup(self.index[p], self.index[q], self.codes[p], self.codes[q])

    def adjacent(self) -> np.ndarray:
        """``self(p, p + 1)`` for every position but the last, read with slices, not positions."""
        return self._lookup(self.index[:-1], self.index[1:], self.codes[:-1], self.codes[1:])

    def _lookup(self, i: np.ndarray, j: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The strengths of the pairs (first, second), whose rows and columns in the dense matrix
        are ``i`` and ``j``; a pair with a rarer character (the matrix's last row or column) by a
        binary search in the sorted table."""
        table = self.table
        out = table.dense[i, j]
        rare = len(table.dense) - 1
        other = (i == rare) | (j == rare)
        if other.any() and len(table.codes):
            pairs = first[other] << 21 | second[other]
            at = np.minimum(np.searchsorted(table.codes, pairs), len(table.codes) - 1)
            out[other] = np.where(table.codes[at] == pairs, table.strengths[at], 0.0)
        return out


JOIN_PROBABILITY = 0.02  # pair strength (CharModel.pair_strength) for two characters to count as one word
JOIN_ADVANTAGE = 20.0  # ... and that many times likelier than each side with what came between
_DIGIT_UNITS = frozenset("年月日号時时分秒萬万億亿餘余多個个名人元%")
# What a number counts (16枚, 3條): a span that opens with one did not split the number, it goes with it.
_MEASURE_WORDS = _DIGIT_UNITS | frozenset("枚颗顆粒只隻条條张張件位台臺辆輛架艘座栋棟项項株棵朵篇届屆层層岁歲倍亩畝吨噸斤户戶例次种種")


def rejoins(left: str, right: str, first: str, last: str, min_strength: float = JOIN_PROBABILITY) -> bool:
    """Once the span ``first…last`` between them is gone, do ``left`` and ``right`` form a word
    (a pair ``min_strength`` strong), more than either does with the span? Injected text
    splits words: 上|包養|午, 400|…|余萬.

        >>> rejoins("上", "午", "包", "養"), rejoins("的", "品", "包", "養")
        (True, False)
    """
    if left.isdigit():  # 1|包養網|995, 2024|包養|年: digits have no pairs in the model
        return (right.isdigit() or right in _DIGIT_UNITS) and bool(HAN.match(first)) and first not in _MEASURE_WORDS
    model = char_model()
    joined = model.pair_strength(left, right)
    if joined < min_strength:
        return False
    return (joined >= JOIN_ADVANTAGE * model.pair_strength(left, first)
            and joined >= JOIN_ADVANTAGE * model.pair_strength(last, right))


@cache
def char_model() -> CharModel:
    """The model, built once per process from wordfreq's Chinese list (about a second)."""
    return CharModel(_word_frequencies())


@cache
def rare_han() -> re.Pattern:
    """Han characters ordinary Chinese almost never uses (below one in a million), nor written
    Cantonese often (:func:`cantonese_shares`): mojibake is made of them, while a name or a line
    of verse has one here and there.

        >>> bool(rare_han().search("宸ヤ綔")), bool(rare_han().search("工作")), bool(rare_han().search("佢哋"))
        (True, False, False)
    """
    return re.compile("[" + "".join(map(chr, np.flatnonzero(rare_han_table()))) + "]")


@cache
def rare_han_table() -> np.ndarray:
    """:func:`rare_han` as a table: true at the code points of rare Han characters (up to U+9FFF)."""
    model, cantonese = char_model(), cantonese_shares()
    table = np.zeros(0xA000, dtype=bool)
    for c in itertools.chain(range(0x3400, 0x4dc0), range(0x4e00, 0xa000)):
        folded = fold_to_simplified(chr(c))
        table[c] = model.unigram.get(folded, 0.0) < 1e-6 and cantonese.get(folded, 0.0) < CANTONESE_ORDINARY
    return table


# Share of written Cantonese: a character Cantonese writes this often (about 44 times in
# pycantonese's 2.2 M characters) is a word of Hong Kong's pages, not a misread: 佢哋, 咗, 嘅.
CANTONESE_ORDINARY = 2e-5
CANTONESE_OWN = 300  # times as often in Cantonese as in Mandarin: a character of Cantonese's own


@cache
def cantonese_shares() -> dict[str, float]:
    """Each Han character's share of written Cantonese (folded to Simplified), from the sentences
    pycantonese ships: the Cantonese–Traditional Chinese Parallel Corpus and Common Voice (CC0).
    wordfreq's Chinese is Mandarin, in which Cantonese's own characters are one in a million.

        >>> cantonese_shares()["佢"] > CANTONESE_ORDINARY > cantonese_shares().get("綔", 0.0)
        True
    """
    codes = np.frombuffer("".join(_cantonese_sentences()).encode("utf-32-le"), dtype=np.uint32)
    counts = np.bincount(codes[codes < 0xA000], minlength=0xA000)
    shares: dict[str, float] = defaultdict(float)
    for c in np.flatnonzero(counts):
        if HAN.match(chr(c)):
            shares[fold_to_simplified(chr(c))] += counts[c] / len(codes)
    return dict(shares)


@cache
def _word_frequencies() -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict("zh", wordlist="best")


def word_frequency(word: str) -> float:
    """How often ``word`` (folded to Simplified) occurs as a word in wordfreq's Chinese data."""
    return _word_frequencies().get(fold_to_simplified(word), 0.0)


ORDINARY_PHRASE = 1e-6  # wordfreq frequency of a word or phrase that ordinary Chinese uses


@lru_cache(maxsize=1 << 17)  # strings recur across pages; unbounded, the cache grew with the corpus
def phrase_frequency(text: str) -> float:
    """How often ``text`` occurs in Chinese as a word or a phrase of words: wordfreq segments
    it with jieba and combines the words' frequencies (each word boundary costs a factor).

        >>> phrase_frequency("这本书") > ORDINARY_PHRASE > phrase_frequency("天天彩票网")
        True
    """
    import wordfreq

    _jieba()  # wordfreq segments Chinese with it: quiet it first
    return wordfreq.word_frequency(fold_to_simplified(text), "zh")


@cache
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not ours to print
    return jieba


@lru_cache(maxsize=1 << 16)  # on a web-like corpus, over a third of the calls repeat an earlier pair of sides
def joined_in_a_word(before: str, after: str) -> bool:
    """Once the text between them is gone, does ordinary segmentation (jieba's dictionary) put
    the last character of ``before`` and the first of ``after`` into one word? A removal that
    only brings two words side by side (营运|单位应当制定|载运: 营运 载运) joins nothing.

        >>> joined_in_a_word("今天上", "午开会"), joined_in_a_word("客渡船营运", "载运电动")
        (True, False)
    """
    if not before or not after:
        return False
    text, at = fold_to_simplified(before + after), len(before)
    jieba = _jieba()
    # jieba cuts each block of word characters on its own: only the block around the join matters.
    block = next((m for m in jieba.re_han_default.finditer(text) if m.start() < at < m.end()), None)
    if block is not None and _HAN_ONLY.fullmatch(block.group()):
        # Han characters alone: jieba's best route through its dictionary, without lcut's
        # generators (this runs for every split on every page).
        piece, route = block.group(), {}
        jieba.dt.calc(piece, jieba.dt.get_DAG(piece), route)
        return at - block.start() not in _route_ends(route, len(piece))
    return at not in itertools.accumulate(len(token) for token in jieba.lcut(text, HMM=False))


def _route_ends(route: dict, length: int) -> list[int]:
    """Where the words of jieba's route (``calc``) end."""
    ends, at = [], 0
    while at < length:
        at = route[at][1] + 1
        ends.append(at)
    return ends


_HAN_ONLY = re.compile("[\u4e00-\u9fd5]+")  # what jieba cuts without grouping letters and digits


QUANTITY_TAGS = ("m", "q")  # jieba's part-of-speech tags of numerals and measure words


def starts_with_a_unit(text: str) -> bool:
    """Does ``text`` begin with a measure word or numeral (千克, 株, 个, 万元), by jieba's tagger?
    After a number such a string is the number's unit (500|千克以上不满|1000), not a token
    pushed into the number (1|包養網|995).

        >>> starts_with_a_unit("千克以上不满"), starts_with_a_unit("包養網")
        (True, False)
    """
    tags = jieba_tags(text)
    return bool(tags) and tags[0] in QUANTITY_TAGS


@lru_cache(maxsize=1 << 14)
def jieba_words(text: str) -> tuple[tuple[str, str], ...]:
    """The words of ``text`` (folded to Simplified) with jieba's part-of-speech tags, in order.

        >>> jieba_words("联系我们的客服")
        (('联系', 'n'), ('我们', 'r'), ('的', 'uj'), ('客服', 'n'))
    """
    import jieba.posseg

    _jieba()
    return tuple((word.word, word.flag) for word in jieba.posseg.cut(fold_to_simplified(text), HMM=False))


def jieba_tags(text: str) -> tuple[str, ...]:
    """jieba's part-of-speech tags of the words of ``text`` (:func:`jieba_words`), in order.

        >>> jieba_tags("联系我们的客服")
        ('n', 'r', 'uj', 'n')
    """
    return tuple(tag for _, tag in jieba_words(text))


# jieba's tags of the words a clause is made of and a name is not: adjectives, adverbs, modal and
# aspect particles, interjections, descriptive words (配置高, 很不错, 辛苦了, 好吃吗). Not 的
# (uj): a menu's items may be 我的订单.
CLAUSE_TAGS = frozenset({"a", "ad", "an", "d", "y", "ul", "uz", "ug", "uv", "ud", "e", "z", "zg"})


# pycantonese's tags of the same words, for Cantonese (好攰, 買咗, 更強勁): not 嘅, Cantonese's 的.
CANTONESE_CLAUSE_TAGS = frozenset({"ADJ", "ADV", "PART", "INTJ"})


@lru_cache(maxsize=1 << 14)
def says_something(text: str) -> bool:
    """Does ``text`` carry a word of a clause (:data:`CLAUSE_TAGS`, by jieba's tagger; in Cantonese
    :data:`CANTONESE_CLAUSE_TAGS`, by pycantonese's), as a review's short phrases do and the items
    of a menu or a list of places do not?

        >>> says_something("待机时间长"), says_something("很不错"), says_something("新闻中心"), says_something("我的订单")
        (True, True, False, False)
        >>> says_something("買咗啲膠袋"), says_something("我哋嘅訂單")
        (True, False)
    """
    if is_cantonese(text):
        return any(tag in CANTONESE_CLAUSE_TAGS and word != "嘅" for word, tag in _cantonese_words(text))
    return any(tag in CLAUSE_TAGS for tag in jieba_tags(text))


# Personal pronouns: someone a line tells of (我, 你们, and 妳 and 祂 as songs and hymns write them).
# Not 您: a site addresses its visitors so (为您服务, 欢迎您).
PERSONS = frozenset({"我", "你", "妳", "他", "她", "它", "祂", "咱", "俺",
                     "我们", "你们", "妳们", "他们", "她们", "它们", "咱们"})
# Han characters a line needs before a pronoun and a verb make it a clause: a site's buttons have
# 4 or 5 (联系我们, 我要投稿, 给我们留言).
PERSON_CLAUSE_HAN = 6


def tells_of_someone(text: str) -> bool:
    """Does ``text`` tell of someone doing something: a personal pronoun and a verb, in a line of
    :data:`PERSON_CLAUSE_HAN` Han characters or more? A song's or a poem's lines do, with no
    adjective or adverb (想要和你飞到宇宙去, 无论我走到哪里); a menu's buttons are shorter.

        >>> tells_of_someone("想要和你飞到宇宙去"), tells_of_someone("无论我走到哪里"), tells_of_someone("联系我们")
        (True, True, False)
        >>> tells_of_someone("炊烟升起在屋后的山岗")  # no one in it
        False
    """
    if len(HAN.findall(text)) < PERSON_CLAUSE_HAN:
        return False
    words = jieba_words(text)
    return any(word in PERSONS for word, _ in words) and any(tag.startswith("v") for _, tag in words)


def is_idiom(text: str) -> bool:
    """Is ``text`` one idiom (成语) by jieba's dictionary? A menu's items name sections; an
    exam's or an essay's idioms say something.

        >>> is_idiom("同舟共济"), is_idiom("售后服务"), is_idiom("企业文化")
        (True, False, False)
    """
    words = jieba_words(text)
    return len(words) == 1 and words[0][1] == "i"


def joins_words(text: str) -> bool:
    """Does ``text`` carry a word that joins others into a phrase: a particle, a preposition or a
    conjunction (的, 在, 和, by jieba's tagger)? What is left of 联系我们的客服人员 around a
    page's furniture word does; a site's name beside one (新浪网) does not.

        >>> joins_words("的客服人员"), joins_words("和的区别"), joins_words("新浪网"), joins_words("下载安装包")
        (True, True, False, False)
    """
    return any(tag[0] in "upc" for tag in jieba_tags(text))


def ordinary(text: str) -> bool:
    """Is ``text`` a word or phrase of ordinary Chinese (千瓦, 这本书, 有关部门), or of written
    Cantonese (多啲, :func:`cantonese_phrase_frequency`)? Such text is never taken for injected
    on corpus statistics alone."""
    if phrase_frequency(text) >= ORDINARY_PHRASE:
        return True
    return is_cantonese(text) and cantonese_phrase_frequency(text) >= ORDINARY_PHRASE


def is_cantonese(text: str) -> bool:
    """Is ``text`` written in Cantonese: has it a character that written Cantonese uses often, and
    300 times as often as Mandarin does (佢, 咗, 嘅, 啲, 睇), and none that neither uses (mojibake
    has such characters among its others: 浣揿仴)?

        >>> is_cantonese("佢哋去咗飲茶"), is_cantonese("他们去喝茶了"), is_cantonese("浣揿仴搴蜂")
        (True, False, False)
    """
    folded = fold_to_simplified(text)
    return bool(_cantonese_han().search(folded)) and not rare_han().search(folded)


@cache
def _cantonese_han() -> re.Pattern:
    model = char_model()
    own = [c for c, share in cantonese_shares().items()
           if share >= CANTONESE_ORDINARY and share >= CANTONESE_OWN * model.unigram.get(c, 0.0)]
    return re.compile("[" + "".join(own) + "]")


def cantonese_phrase_frequency(text: str) -> float:
    """How often ``text`` occurs in Cantonese as a word or a phrase of words, combined as wordfreq
    combines Chinese words (:func:`phrase_frequency`): segmented by pycantonese, each word's
    frequency in the Hong Kong Cantonese Corpus (HKCanCor, segmented by hand), each boundary a
    factor of ten.

        >>> cantonese_phrase_frequency("多啲") > ORDINARY_PHRASE > cantonese_phrase_frequency("包養網")
        True
    """
    frequencies = _hkcancor_frequencies()
    words = [fold_to_simplified(word) for word, _ in _cantonese_words(text)]
    if not words or not all(word in frequencies for word in words):
        return 0.0
    return 1.0 / sum(1.0 / frequencies[word] for word in words) / 10.0 ** (len(words) - 1)


def _cantonese_sentences() -> list[str]:
    """pycantonese's sentences (its ``data/ctcpc`` and ``data/common_voice``), read from its files:
    importing the package loads its native library and models, 50 MB in every worker for a list."""
    from importlib.metadata import files

    shipped = [f for f in files("pycantonese") or []
               if f.name == "sents.json" and f.parent.name in ("ctcpc", "common_voice")]
    if len(shipped) != 2:
        raise RuntimeError("pycantonese's Cantonese sentences (data/ctcpc, data/common_voice) are not installed")
    return [sentence for f in shipped for sentence in json.loads(f.locate().read_text(encoding="utf-8"))]


@lru_cache(maxsize=1 << 14)
def _cantonese_words(text: str) -> tuple[tuple[str, str], ...]:
    """``text`` segmented and tagged by pycantonese (its model loads in under a second, once)."""
    import pycantonese

    return tuple(pycantonese.pos_tag(pycantonese.segment(text)))


@cache
def _hkcancor_frequencies() -> dict[str, float]:
    import pycantonese

    counts = Counter(fold_to_simplified(word) for word in pycantonese.hkcancor().words())
    total = sum(counts.values())
    return {word: n / total for word, n in counts.items()}
