"""Injected spam: tokens pushed into words, and sentences spliced in from elsewhere.

A word list alone is never enough (campaigns change monthly) and too much (a news
story about a surrogacy ban keeps 代孕). The evidence we use is where a string sits:
injected text is dropped in at random positions, so it often *splits* a word. Take
it out and the characters on either side join into a common pair: 上|包養|午 gives
上午, 第|包養|三 gives 第三, 1|包養網|995 gives 1995.

- :func:`split_candidates` finds, in one document, the short spans whose removal
  rejoins such a pair.
- :class:`SpamLexicon` gathers candidates across a corpus; a family of strings that
  split words in several places and documents, at a good share of all their
  occurrences (:func:`count_occurrences`), is injected (:meth:`SpamLexicon.discover`),
  and joins the known family it is a variant of. Spliced sentences are found by
  recurrence (:mod:`cleaners.spliced`) and added to it.
- :func:`remove_spam` removes occurrences where there is evidence: the occurrence
  splits a pair itself, its document carries injected text of the same family, or
  the corpus proved the string injected and it is no ordinary word. Lines made of
  spam strings go whole; on a page a campaign reached, so does broken dialogue, and
  on a page with several pieces of a story, the single pieces of it that remain.

    >>> lexicon = SpamLexicon.from_tokens({"escort": ["包养网"]})
    >>> remove_spam("2024包养网年1月13日上午,会议召开。", lexicon).text
    '2024年1月13日上午,会议召开。'
    >>> remove_spam("包养网是一个违法网站的名字,警方已经查封。", lexicon).text  # no evidence: kept
    '包养网是一个违法网站的名字,警方已经查封。'
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import ahocorasick
import numpy as np

from .edits import Cleaned, replace_spans
from .keys import stable_hash
from .lm import (FUNCTION_CHARS, HAN, JOIN_ADVANTAGE, JOIN_PROBABILITY, WORD_CHAR, char_model, joined_in_a_word,
                 ordinary, rejoins, starts_with_a_unit, word_frequency)
from .script import fold_to_simplified
from .spliced import (SPLICED_FAMILY, SplicedSentence, han_pairs, novelty, strip_broken_dialogue,
                      strip_story_pieces)

TOKEN_LENGTHS = range(2, 13)  # characters in an injected token
_SPAN_ENDS = np.array([length + 1 for length in TOKEN_LENGTHS])  # from the character before a token to the one after
MIN_SPLITS = 3  # a family's members must split this many different pairs across the corpus together
MIN_VARIANT_SPLITS = 2  # ... each member this many
MIN_SPLIT_DOCS = 2  # ... in at least this many documents
MIN_SPLIT_SHARE = 0.08  # ... and split a pair at this share of all its occurrences in the corpus
MIN_LONE_SPLITS = 4  # a string with no variant must split this many pairs
MIN_LONE_DOCS = 3  # ... in this many documents
MIN_PAGE_SPLITS = 4  # or a string splits this many different pairs on one page
MIN_PAGE_SHARE = 0.2  # ... at this share of its occurrences there
MAX_PAIRS = 8  # different pairs kept per string: enough to tell a campaign from a frame
MIN_PAIR_VARIETY = 0.5  # different pairs per split (of the first MAX_PAIRS): random places differ
MAX_TOP_PAIR_SHARE = 0.5  # of a string's splits, the most one pair may account for
SEGMENT_WINDOW = 3  # characters either side of a split that segmentation looks at
COMMON_WORD = 1e-5  # wordfreq frequency of a built-in family's word that is too common to prove


_DIGIT_BEFORE_HAN = re.compile(r"\d(?=[\u3400-\u9fff])")
_HAN_ONLY = re.compile(r"[\u3400-\u9fff]+")
_DIGIT = re.compile(r"\d")


@cache
def _pair_sides() -> tuple[np.ndarray, np.ndarray, float]:
    """Which characters begin and which end a pair strong enough to join (:func:`lm.rejoins`),
    by code point, and the strongest pair's strength."""
    strengths = char_model().pair_strengths()
    return (*strengths.sides(JOIN_PROBABILITY), strengths.strongest())


def warm_up() -> None:
    """Build the pair tables :func:`split_candidates` uses, and load the segmenter and tagger
    that judge splits (jieba's dictionaries), once per process."""
    _pair_sides()
    joined_in_a_word("上", "午")
    starts_with_a_unit("千克")


def split_candidates(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of ``text`` whose removal joins the characters around them into a word.

    Every span length is examined at once with vectorised lookups of the pairs
    around the spans, folded to Simplified, in a table of pair strengths; clean text
    thus costs a few array operations.
    """
    found: dict[int, int] = {}  # start -> the shortest end that joins
    n = len(text)
    folded = fold_to_simplified(text)  # character for character: same positions
    codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    # Which run of token characters (Han, ASCII letters and digits) each position is in, or -1.
    lower = codes | 0x20
    token = ((codes >= 0x3400) & (codes <= 0x9FFF)) | ((codes >= 0x30) & (codes <= 0x39)) \
        | ((lower >= 0x61) & (lower <= 0x7A))
    starts = token.copy()
    starts[1:] &= ~token[:-1]
    run = np.where(token, np.cumsum(starts), -1)
    strengths = char_model().pair_strengths().in_text(codes)
    # How strongly each character holds to the next.
    neighbours = np.zeros(n, dtype=np.float32)
    neighbours[:-1] = strengths.adjacent()
    # A join must be JOIN_ADVANTAGE times stronger than the link at either edge of the span, and no
    # pair is stronger than the strongest: edges linked more tightly than that never split.
    begins, ends, strongest = _pair_sides()
    loose = JOIN_ADVANTAGE * neighbours <= strongest
    lefts = np.flatnonzero(begins[codes[:-1]] & loose[:-1] & (run[1:] >= 0))
    rights = ends[codes] & np.concatenate(([False], loose[:-1]))
    if not len(lefts):
        return _digit_splits(text, run, found)
    # What rejoins asks, for every span of every length at once: a row per left side p, a column
    # per length, shortest first; the span is text[p + 1:j], between text[p] and text[j], inside
    # one run of token characters.
    j = lefts[:, None] + _SPAN_ENDS
    inside = j < n
    j = np.where(inside, j, n - 1)
    keep = inside & rights[j] & (run[lefts + 1][:, None] == run[j])
    p, j = np.broadcast_to(lefts[:, None], j.shape)[keep], j[keep]
    joined = strengths(p, j)
    strong = joined >= JOIN_PROBABILITY
    p, j, joined = p[strong], j[strong], joined[strong]
    wins = (joined >= JOIN_ADVANTAGE * neighbours[p]) & (joined >= JOIN_ADVANTAGE * neighbours[j - 1])
    for left, right in zip(p[wins].tolist(), j[wins].tolist()):
        found.setdefault(left + 1, right)
    return _digit_splits(text, run, found)


def _digit_splits(text: str, run: np.ndarray, found: dict[int, int]) -> list[tuple[int, int]]:
    """:func:`split_candidates` after a digit, added to ``found``: numbers have no pair table."""
    n = len(text)
    for m in _DIGIT_BEFORE_HAN.finditer(text):  # 1|包養網|995, 2024|包養|年
        p = m.start()
        if p + 1 not in found:
            for j in range(p + 1 + TOKEN_LENGTHS.start, min(p + 1 + TOKEN_LENGTHS.stop, n)):
                if text[j - 1].isdigit() or run[j] != run[p + 1]:
                    break
                if rejoins(text[p], text[j], text[p + 1], text[j - 1]):
                    found[p + 1] = j
                    break
    return sorted(found.items())


_NUMERALS = frozenset("〇一二三四五六七八九十百千万亿两")
_AFTER_NUMBERS = frozenset("余多个")
# What numbers are written with: numerals, and the words of approximate ones (三千有馀, 十余, 数百).
_NUMBER_WORDS = re.compile(r"[0-9〇零一二三四五六七八九十百千万亿两余馀餘多有几数]+")
_CALENDAR = re.compile(r"[年月日载号]")  # between two numbers, a date's text (2024|年3月|5, 十|载正月初|八)
_DIRECTIONS = frozenset("东南西北")


def _numeral(char: str) -> bool:
    return char.isdigit() or char in _NUMERALS


def _in_a_number(left: str, right: str) -> bool:
    """Is the pair a split would join part of a number (10|…|个, 2万|…|余篇)? Numbers join by
    their own rule (:func:`lm.rejoins`), and a dictionary holds few of them as words."""
    return _numeral(left) or right in _AFTER_NUMBERS


@lru_cache(maxsize=1 << 16)  # split strings recur across pages
def provable_at_all(string: str) -> bool:
    """Could any lexicon prove ``string`` (folded) injected? Not without Han characters, nor a
    piece of a phrase (a function character at an edge), nor a common word or phrase of ordinary
    Chinese (a built-in family's word must be rare, anything else no phrase at all). Sightings
    keep only such strings: most split candidates of clean text are phrases.

        >>> provable_at_all("工作"), provable_at_all("的时候"), provable_at_all("蓝鲸娱乐城"), provable_at_all("有馀")
        (False, False, True, False)
    """
    if not HAN.search(string) or string[0] in FUNCTION_CHARS or string[-1] in FUNCTION_CHARS:
        return False
    if _NUMBER_WORDS.fullmatch(string):
        return False  # part of a number (百|有馀|万, 二万|九千馀|丈): injected text is no numeral
    # The dictionary lookup first: segmenting for the phrase frequency costs a hundred times more.
    return not (word_frequency(string) >= COMMON_WORD and ordinary(string))


@dataclass
class SpamLexicon:
    """Spam strings by family, and the corpus statistics that discovered them."""

    families: dict[str, set[str]] = field(default_factory=dict)
    splits: Counter = field(default_factory=Counter)  # string -> occurrences that split a word
    split_docs: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    # The pairs each string split (folded): injected text lands at random and splits many
    # different pairs, while a phrase in a frame (以|习近平同志|为) splits the same one
    # again and again, and copies of one article share theirs.
    joined: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    contexts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Strings that split many different pairs on one page: a campaign that hit one page
    # hard is proven there, however small the corpus.
    page_proven: set[str] = field(default_factory=set)
    discovered: set[str] = field(default_factory=set)  # strings this corpus proved injected
    allowed: set[str] = field(default_factory=set)  # strings the user says are never spam (folded)
    _automaton: object = None
    _known: set | None = None

    @classmethod
    def from_tokens(cls, families: dict[str, Iterable[str]]) -> "SpamLexicon":
        lexicon = cls()
        for family, tokens in families.items():
            lexicon.add(family, tokens)
        return lexicon

    @classmethod
    def from_json(cls, data: dict) -> "SpamLexicon":
        """A lexicon saved by :meth:`to_json`; tokens a corpus proved injected stay proven."""
        lexicon = cls.from_tokens({f: d["tokens"] for f, d in data["families"].items()})
        lexicon.discovered = {t for d in data["families"].values() for t in d.get("discovered", [])}
        lexicon.allow(data.get("allow", []))
        return lexicon

    def allow(self, strings: Iterable[str]) -> None:
        """Veto ``strings``: never proven, never removed, in either script (``"allow"`` in the JSON)."""
        self.allowed |= {fold_to_simplified(s) for s in strings}
        for family, tokens in self.families.items():
            self.families[family] = {t for t in tokens if fold_to_simplified(t) not in self.allowed}
        self._automaton = self._known = None

    def for_removal(self) -> "SpamLexicon":
        """A copy with what :func:`remove_spam` needs (the families, what was proven and how, the
        user's vetoes) and not the statistics that proved it: this copy travels to every batch.

            >>> lexicon = SpamLexicon.from_tokens({"gambling": ["博彩"]})
            >>> lexicon.splits.update({"某某娱乐": 3, "周末": 2})
            >>> lexicon.discovered.add("某某娱乐")
            >>> slim = lexicon.for_removal()
            >>> dict(slim.splits), slim.proven("某某娱乐") == lexicon.proven("某某娱乐")
            ({'某某娱乐': 3}, True)
        """
        return SpamLexicon(families={family: set(tokens) for family, tokens in self.families.items()},
                           splits=Counter({s: self.splits[s] for s in self.discovered if s in self.splits}),
                           discovered=set(self.discovered),
                           allowed=set(self.allowed))

    def to_json(self) -> dict:
        def order(tokens):
            return sorted(tokens, key=lambda t: (-len(t), t))

        return {"families": {family: {"tokens": order(tokens),
                                      "discovered": order(tokens & self.discovered),
                                      "splits": sum(self.splits[t] for t in tokens),
                                      "pairs_split": sorted(set().union(*(self.joined.get(t, ()) for t in tokens))),
                                      "documents": len(set().union(*(self.split_docs.get(t, ()) for t in tokens))),
                                      "contexts": [c for t in sorted(tokens) for c in self.contexts.get(t, [])][:5]}
                             for family, tokens in sorted(self.families.items())},
                "allow": sorted(self.allowed)}

    def add(self, family: str, tokens: Iterable[str]) -> None:
        """Add tokens to a family, in both scripts (OpenCC), Simplified being the key."""
        from .script import convert_script

        group = self.families.setdefault(family, set())
        for token in tokens:
            if fold_to_simplified(token) in self.allowed:
                continue
            group.update({token, fold_to_simplified(token), convert_script(token, "traditional").text})
        self._automaton = self._known = None

    def observe(self, doc_id, text: str, spans: Iterable[tuple[int, int]]) -> None:
        """Count the split candidates of one document."""
        on_page: dict[str, set[str]] = defaultdict(set)
        for start, end in spans:
            string = fold_to_simplified(text[start:end])  # both scripts of a campaign count together
            if not provable_at_all(string):
                continue  # no lexicon could prove it: not worth a place in the sightings
            if not _in_a_number(text[start - 1], text[end]) and not joined_in_a_word(
                    text[max(start - SEGMENT_WINDOW, 0):start], text[end:end + SEGMENT_WINDOW]):
                continue  # the sides were words already: a coincidence of the text, not a split
            if _numeral(text[start - 1]) and _numeral(text[end]) and (
                    _CALENDAR.search(string) or starts_with_a_unit(text[start:end])):
                continue  # a quantity or a date between two numbers (500|千克以上不满|1000, 十|载正月初|八)
            if set(fold_to_simplified(text[start - 1] + text[end])) <= _DIRECTIONS:
                continue  # directions join as directions do (东西, 西北): 沿南|面的山崖向|北 is no split
            pair = _DIGIT.sub("0", fold_to_simplified(text[start - 1] + text[end]))  # 1|…|9 and 2|…|0 alike
            self.splits[string] += 1
            self.split_docs[string].add(doc_id)
            on_page[string].add(pair)
            _count_pair(self.joined[string], pair, 1)
            self.contexts[string] = _sample(self.contexts[string] + [text[max(start - 8, 0):end + 8]])
        crowded = [string for string, pairs in on_page.items() if len(pairs) >= MIN_PAGE_SPLITS]
        if crowded:
            counts = count_occurrences([text], set(crowded))
            self.page_proven |= {string for string in crowded
                                 if len(on_page[string]) >= MIN_PAGE_SHARE * counts[string]}

    def merge(self, other: "SpamLexicon") -> None:
        """Add ``other``'s sightings to these. A string's sightings that only ``other`` has are
        taken over, not copied (most strings are seen in one batch), and may change with these
        later: ``other`` is not to be used afterwards (:meth:`CorpusPass.merge`)."""
        self.splits.update(other.splits)
        self.page_proven |= other.page_proven
        for string, docs in other.split_docs.items():
            if string in self.split_docs:
                self.split_docs[string] |= docs
            else:
                self.split_docs[string] = docs
        for string, pairs in other.joined.items():
            if string in self.joined:
                for pair, n in pairs.items():
                    _count_pair(self.joined[string], pair, n)
            else:
                self.joined[string] = pairs
        for string, contexts in other.contexts.items():
            self.contexts[string] = _sample(self.contexts[string] + contexts) if string in self.contexts else contexts

    def candidates(self) -> set[str]:
        """Strings worth counting across the corpus: Han characters in them, not ordinary words or
        phrases (千瓦, 这本书), not pieces of a phrase, not allowed by the user, and split a pair somewhere."""
        known = self._known_tokens()
        return {string for string in self.splits if self._provable(string, known)}

    def countable(self) -> set[str]:
        """The :meth:`candidates` worth counting across the corpus: those whose sightings already
        allow :meth:`discover` to prove them once counted (split on a page at a good share, or
        different pairs in several documents), and the longer candidates that contain one of
        them, which an occurrence inside counts for (包养 in 包养网). No count can prove the
        rest, and counting them was most of the second look's time: on a 50 MB web-like
        corpus, 15 of 12,867 candidates could be proven."""
        # The counts first, then whether a string is ordinary Chinese: segmenting every split
        # string for that was a tenth of observing, and deciding asks about a few hundred.
        known = self._known_tokens()
        provable = {s for s in self.splits if (s in self.page_proven or self._splits_widely(s, MIN_VARIANT_SPLITS))
                    and self._provable(s, known)}
        if not provable:
            return set()
        inside = _automaton({s: s for s in provable})
        return provable | {t for t in self.splits if next(inside.iter(t), None) is not None and self._provable(t, known)}

    def _provable(self, string: str, known: set[str]) -> bool:
        """Can corpus evidence prove ``string`` (folded) injected? Not when the user allows it, nor
        when it is a piece of a phrase, nor when it is ordinary Chinese: a word or phrase wordfreq
        knows, except the built-in families' own words (博彩, 包養), which need only be no
        common word."""
        if string in self.allowed or not provable_at_all(string):
            return False
        if string in known:
            return word_frequency(string) < COMMON_WORD
        return not ordinary(string)

    def discover(self, occurrences: Counter) -> dict[str, set[str]]:
        """Promote candidates that split words at a good share of their ``occurrences`` in the
        corpus (counted for :meth:`candidates` by :func:`count_occurrences`); returns what was new.

        Injected text lands at random, so it splits *different* pairs, at a good share of the
        places it appears; a phrase in a frame (不|计较|了) splits the same pair again and again,
        and copies of one review share theirs. Evidence is pooled over a campaign's variants
        (包養, 包養網, 包養網評價): strings that each split two different pairs in two documents,
        and are variants of one another, are a campaign when together they split three. A lone
        string is more often a set phrase, so it needs four pairs in three documents. A string
        that splits four different pairs on one page, at a good share of its occurrences there,
        is proven by that page alone (a small corpus hit hard).

        Families never grow by chains of resemblance: a string joins a family only as a variant
        of a string proven in it, and a built-in family only with one of its own words in it.
        """
        known = self._known_tokens()
        injected = {s for s in self.splits if occurrences.get(s, 0) >= 2
                    and (s in self.page_proven or self._evidence(s, occurrences[s], MIN_VARIANT_SPLITS))
                    and self._provable(s, known)}
        new: dict[str, set[str]] = defaultdict(set)
        for group in _variant_groups(injected, known):
            strings = group & injected
            places = set().union(*(self.joined[s] for s in strings))
            if len(group) >= 2:
                campaign = len(places) >= MIN_SPLITS
            else:  # a lone string: more often a set phrase, so it needs more
                campaign = any(s in self.page_proven or (len(self.joined[s]) >= MIN_LONE_SPLITS
                                                         and len(self.split_docs[s]) >= MIN_LONE_DOCS)
                               for s in strings)
            if not campaign:
                continue
            family = self._family_for(group) or f"discovered:{max(strings, key=lambda s: (len(s), s))[:4]}"
            for string in sorted(strings):
                if string not in self.families.get(family, ()):
                    new[family].add(string)
                    self.add(family, [string])
                self.discovered.add(string)
        return dict(new)

    def _evidence(self, string: str, occurrences: int, places: int) -> bool:
        """Does ``string`` split pairs widely (:meth:`_splits_widely`) at a good share of its
        ``occurrences``?"""
        return self._splits_widely(string, places) and self.splits[string] >= MIN_SPLIT_SHARE * occurrences

    def _splits_widely(self, string: str, places: int) -> bool:
        """Does ``string`` split at least ``places`` different pairs, in two documents or more, and
        different pairs at most of the places it splits, none of them at most? A formula's frame
        (在|本行政区域|内) splits many pairs now and then, one pair again and again."""
        pairs = self.joined[string]
        splits = self.splits[string]
        return (len(self.split_docs[string]) >= MIN_SPLIT_DOCS and len(pairs) >= places
                and len(pairs) >= MIN_PAIR_VARIETY * min(splits, MAX_PAIRS)
                and max(pairs.values()) <= MAX_TOP_PAIR_SHARE * splits)

    def add_spliced(self, sentences: Iterable[SplicedSentence]) -> None:
        """Spliced sentences found across the corpus (:mod:`cleaners.spliced`): removable anywhere."""
        for sentence in sentences:
            self.add(SPLICED_FAMILY, [sentence.text])
            self.discovered.add(sentence.text)
            self.splits[sentence.text] = sentence.documents
            self.contexts[sentence.text] = sentence.contexts

    def _known_tokens(self) -> set[str]:
        if self._known is None:  # built once per change of the families: proven() asks per occurrence
            self._known = {fold_to_simplified(t) for f, ts in self.families.items() if f != SPLICED_FAMILY for t in ts}
        return self._known

    def _family_for(self, strings: Iterable[str]) -> str | None:
        """The family whose own word one of ``strings`` is, or holds (包养网评价 holds 包养)."""
        for string in strings:
            for family, tokens in self.families.items():
                if family != SPLICED_FAMILY and any(fold_to_simplified(t) in string for t in tokens):
                    return family
        return None

    def proven(self, string: str) -> bool:
        """Discovered in this corpus as injected, and not an ordinary word: removable anywhere."""
        key = fold_to_simplified(string)
        return key in self.discovered and self._provable(key, self._known_tokens())

    def automaton(self):
        """Every token and sentence, folded to Simplified, for :func:`longest_matches`."""
        if self._automaton is None:
            self._automaton = _automaton({fold_to_simplified(t): family for family, tokens in self.families.items()
                                          for t in tokens})
        return self._automaton


CONTEXTS = 3  # kept per string, for the report


@lru_cache(maxsize=1 << 18)
def _rank(text: str) -> int:
    return stable_hash(text)


def _count_pair(pairs: Counter, pair: str, n: int) -> None:
    """Count ``pair`` among a string's :data:`MAX_PAIRS` pairs of lowest :func:`_rank`: the
    same pairs and counts whatever order batches are seen and merged in (a pair among the
    lowest of all is among the lowest of every part, so it is never dropped)."""
    if pair in pairs or len(pairs) < MAX_PAIRS:
        pairs[pair] += n
        return
    worst = max(pairs, key=_rank)
    if _rank(pair) < _rank(worst):
        del pairs[worst]
        pairs[pair] = n


def _sample(contexts: list[str]) -> list[str]:
    """The :data:`CONTEXTS` contexts of lowest rank: order-free, like :func:`_count_pair`."""
    return sorted(set(contexts), key=_rank)[:CONTEXTS]


def _automaton(values: dict[str, object]):
    automaton = ahocorasick.Automaton()
    for key, value in values.items():
        automaton.add_word(key, (key, value))
    if len(automaton):
        automaton.make_automaton()
    return automaton


def longest_matches(automaton, text: str) -> list[tuple[int, int, object]]:
    """Leftmost-longest non-overlapping matches (start, end, value) of ``automaton`` in ``text``."""
    if not len(automaton):
        return []
    matches = sorted(((end + 1 - len(key), end + 1, value) for end, (key, value) in automaton.iter(text)),
                     key=lambda m: (m[0], m[0] - m[1]))
    chosen: list[tuple[int, int, object]] = []
    for m in matches:
        if not chosen or m[0] >= chosen[-1][1]:
            chosen.append(m)
    return chosen


def count_occurrences(texts: Iterable[str], strings: set[str]) -> Counter:
    """How often each of ``strings`` (Simplified keys) occurs in ``texts``, in either script.
    An occurrence inside a longer one (包养 in 包养网) counts for the longer one only."""
    counts: Counter = Counter()
    if strings:
        automaton = _automaton({s: s for s in strings})
        for text in texts:
            counts.update(s for _, _, s in longest_matches(automaton, fold_to_simplified(text)))
    return counts


def _variants(a: str, b: str) -> bool:
    """One string holds the other (包养 in 包养网), or they share three characters in a row."""
    if a in b or b in a:
        return True
    triples = {a[i:i + 3] for i in range(len(a) - 2)}
    return any(b[i:i + 3] in triples for i in range(len(b) - 2))


def _variant_groups(strings: set[str], known: set[str]) -> list[set[str]]:
    """``strings`` grouped with their variants (single link), among themselves and the known
    tokens that are variants of one of them: a campaign's names found with the family's own.

    >>> sorted(map(sorted, _variant_groups({"包养网站", "包养行情", "蓝鲸娱乐"}, {"包养", "代孕"})))
    [['包养', '包养网站', '包养行情'], ['蓝鲸娱乐']]
    """
    ordered = sorted(strings | {t for t in known if any(_variants(s, t) for s in strings)})
    parent = {s: s for s in ordered}

    def root(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if _variants(a, b):
                parent[root(a)] = root(b)
    groups: dict[str, set[str]] = defaultdict(set)
    for string in ordered:
        groups[root(string)].add(string)
    return [group for group in groups.values() if group & strings]


def remove_spam(text: str, lexicon: SpamLexicon) -> Cleaned:
    """Remove spam occurrences with evidence; see the module docstring.

    Taking a token out can rejoin another that it had been pushed into
    (老虎老虎机技巧机技巧), so the page is looked at again, a few times at most.
    Once :data:`MIN_STORY_PIECES` pieces of spliced text are gone from a page, pieces
    that occur once are looked for too (:func:`cleaners.spliced.strip_story_pieces`):
    evidence that weak is only worth acting on where a story is known to be spliced.

        >>> lexicon = SpamLexicon.from_tokens({"gambling": ["老虎机技巧"]})
        >>> lexicon.discovered.add("老虎机技巧")
        >>> remove_spam("会议于上午老虎老虎机技巧机技巧召开。", lexicon).text
        '会议于上午召开。'
    """
    result = Cleaned(text)
    infected: set[str] = set()
    touched: set[int] = set()  # lines that carried spam (removals keep newlines: numbers hold)
    for _ in range(MAX_PASSES):
        found = _remove_occurrences(result.text, lexicon, infected)
        if not found.edits:
            break
        touched |= {found.text.count("\n", 0, e.offset) for e in found.edits}
        result = Cleaned(found.text, result.edits + found.edits)
    if not result.edits:
        return result
    # A page a campaign reached may also carry dialogue cut from its story, and a page
    # that carries several pieces of a story may carry more of it.
    dialogue = strip_broken_dialogue(result.text, touched)
    result = Cleaned(dialogue.text, result.edits + dialogue.edits)
    if sum(e.detail == SPLICED_FAMILY for e in result.edits) < MIN_STORY_PIECES:
        return result
    story = strip_story_pieces(result.text)
    return Cleaned(story.text, result.edits + story.edits)


MAX_PASSES = 3
MIN_STORY_PIECES = 2  # pieces of spliced text found on a page before its single pieces are looked for


def _remove_occurrences(text: str, lexicon: SpamLexicon, infected: set[str]) -> Cleaned:
    """One look at the page: spam lines, and occurrences with evidence. ``infected`` gathers
    the families that split a word on this page, whose other occurrences go with them."""
    occurrences = longest_matches(lexicon.automaton(), fold_to_simplified(text))
    if not occurrences:
        return Cleaned(text)
    lines, occurrences = _spam_lines(text, occurrences)
    spans = [(start, end, "", "spam.line", family) for start, end, family in lines]
    proven = [lexicon.proven(text[s:e]) for s, e, _ in occurrences]
    infected |= {fam for (s, e, fam), p in zip(occurrences, proven) if p or _splits(text, s, e)}
    removed = [o for o, p in zip(occurrences, proven) if p or o[2] in infected]
    spans += [(s, e, "", "spam.spliced" if fam == SPLICED_FAMILY else "spam.token", fam)
              for s, e, fam in _with_wrappers(text, _with_affixes(text, removed))]
    return replace_spans(text, sorted(spans))


SPAM_LINE_SHARE = 0.5  # of a line's letters and digits in spam strings: an SEO header or footer
MIN_SPAM_LINE_MATCHES = 2


def _spam_lines(text: str, occurrences: list[tuple[int, int, str]]) -> tuple[list, list]:
    """Lines made mostly of spam strings, such as the porn-SEO headers and footers of crawled
    pages, as (start, end, family: the one with most of the line); and the ``occurrences``
    (in order, as :func:`longest_matches` gives them) outside those lines. One spam word in
    a sentence makes no such line.

    >>> lexicon = SpamLexicon.from_tokens({"gambling": ["新葡京", "百家乐"]})
    >>> remove_spam("新葡京官网|百家乐在线\\n今天召开会议。", lexicon).text
    '\\n今天召开会议。'
    """
    lines, others = [], []
    start = k = 0
    for line in text.split("\n"):
        end = start + len(line)
        inside = []
        while k < len(occurrences) and occurrences[k][0] < end:
            inside.append(occurrences[k])
            k += 1
        if (len(inside) >= MIN_SPAM_LINE_MATCHES
                and sum(e - s for s, e, _ in inside) >= SPAM_LINE_SHARE * len(WORD_CHAR.findall(line))):
            lines.append((start, end, Counter(fam for _, _, fam in inside).most_common(1)[0][0]))
        else:
            others += inside
        start = end + 1
    return lines, others


AFFIX_LENGTHS = (4, 3, 2)
MIN_AFFIX_REPEATS = 2


def _with_affixes(text: str, removed: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Extend removed tokens by the characters that follow them again and again in this text.

    Campaigns use compounds of a name (包養 + 行情, 包養網 + 評價); an affix that follows
    removed tokens at least twice here, and never appears here without one, belongs to
    them. What follows a token once, or a word the text also uses on its own (优秀), is
    the text the token was pushed into.
    """
    after: Counter = Counter()
    for _, end, fam in removed:
        if fam == SPLICED_FAMILY:
            continue
        for n in AFFIX_LENGTHS:
            affix = text[end:end + n]
            if len(affix) == n and _HAN_ONLY.fullmatch(affix):
                after[affix] += 1
    extended = []
    for start, end, fam in removed:
        for n in AFFIX_LENGTHS:
            affix = text[end:end + n]
            if fam != SPLICED_FAMILY and after[affix] >= MIN_AFFIX_REPEATS and after[affix] == text.count(affix):
                end += n
                break
        if extended and start < extended[-1][1]:
            start = extended[-1][1]
        if start < end:
            extended.append((start, end, fam))
    return extended


WRAPPER = range(2, 5)  # characters of the words a campaign may wrap its name in, on each side
MIN_WORD = 1e-7  # wordfreq frequency of a word the host closes up into


def _with_wrappers(text: str, removed: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Extend removed tokens (runs of them) whose gap leaves no word to the compound around them.

    Campaigns also push in their name wrapped in other words (女大生 + 包養 + 俱樂部), too
    seldom to be learnt. With the name gone the wrapper still splits the host's word
    (經濟|女大生俱樂部|圈). It goes too when the page uses none of its character pairs
    elsewhere and its removal closes the host up into a three-character word (經濟圈)
    whose pair beats the wrapper's pairs with the host, as :func:`lm.rejoins` asks.

        >>> _with_wrappers("發布雙城經濟女大生包養俱樂部圈建設清單。", [(9, 11, "escort")])
        [(6, 14, 'escort')]
    """
    extended = [list(span) for span in removed]
    folded = fold_to_simplified(text)
    pairs: Counter | None = None  # the page's character pairs, counted once a wrapper is looked for
    first = 0
    for k, last in enumerate(extended):
        if k + 1 < len(extended) and extended[k + 1][0] <= last[1]:
            continue  # the run goes on
        run = extended[first]
        if SPLICED_FAMILY not in (run[2], last[2]) and not any(
                _closes_into_word(folded, run[0], last[1], length) for length in (2, 3)):
            if pairs is None:
                pairs = Counter(han_pairs(folded))
            # between the runs either side: spans never overlap
            floor = extended[first - 1][1] if first else 0
            ceiling = extended[k + 1][0] if k + 1 < len(extended) else len(folded)
            run[0], last[1] = _wrapper(folded, run[0], last[1], floor, ceiling, pairs)
        first = k + 1
    return [tuple(span) for span in extended]


def _wrapper(folded: str, start: int, end: int, floor: int, ceiling: int, pairs: Counter) -> tuple[int, int]:
    for size in range(2 * WRAPPER.start, 2 * WRAPPER.stop - 1):  # the shortest first
        for before in range(max(WRAPPER.start, size - WRAPPER.stop + 1), min(WRAPPER.stop, size - 1)):
            left, right = start - before, end + size - before
            if (left < max(floor, 2) or right > ceiling or right + 2 > len(folded)
                    or not _HAN_ONLY.fullmatch(folded[left - 2:start])
                    or not _HAN_ONLY.fullmatch(folded[end:right + 2])):
                continue
            if (rejoins(folded[left - 1], folded[right], folded[left], folded[right - 1], min_strength=0.0)
                    and _closes_into_word(folded, left, right, 3)
                    and novelty(folded[left:start] + "\n" + folded[end:right], pairs) == 1.0):
                return left, right
    return start, end


def _closes_into_word(folded: str, left: int, right: int, length: int) -> bool:
    """Do the characters around ``folded[left:right]`` form a word of ``length`` (2 or 3) once it is gone?"""
    before, after = folded[max(left - length + 1, 0):left], folded[right:right + length - 1]
    return any(word_frequency(before[len(before) - k:] + after[:length - k]) >= MIN_WORD
               for k in range(1, length) if k <= len(before) and length - k <= len(after))


def _splits(text: str, start: int, end: int) -> bool:
    """Does this occurrence split a pair, the characters around it joining once it is gone?"""
    return 0 < start and end < len(text) and rejoins(text[start - 1], text[end], text[start], text[end - 1])

