"""Injected spam: tokens pushed into words, and sentences spliced in from elsewhere.

A word list alone is never enough (campaigns change monthly) and too much (a news
story about a surrogacy ban keeps 代孕). The evidence we use is where a string sits:
injected text is dropped in at random positions, so it often *splits* a word. Take
it out and the characters on either side join into a common pair: 上|包養|午 gives
上午, 第|包養|三 gives 第三, 1|包養網|995 gives 1995.

- :func:`split_candidates` finds, in one document, spans whose removal rejoins such a
  pair: short tokens anywhere, and whole sentences that end in a clause mark.
- :class:`SpamLexicon` gathers candidates across a corpus; a string that splits words
  again and again, in several documents, is injected (:meth:`SpamLexicon.discover`),
  and it joins the known families, grouped by the characters they share.
- :func:`remove_spam` removes occurrences where there is evidence: the occurrence
  splits a pair itself, or its document carries injected text of the same family.

    >>> lexicon = SpamLexicon.from_tokens({"escort": ["包养网"]})
    >>> remove_spam("2024包养网年1月13日上午,会议召开。", lexicon).text
    '2024年1月13日上午,会议召开。'
    >>> remove_spam("包养网是一个违法网站的名字,警方已经查封。", lexicon).text  # no evidence: kept
    '包养网是一个违法网站的名字,警方已经查封。'
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from .edits import Cleaned, replace_spans
from .lm import char_model, word_frequency
from .script import fold_to_simplified

TOKEN_LENGTHS = range(2, 13)  # characters in an injected token
SENTENCE_LENGTHS = range(8, 90)  # characters in a spliced sentence
JOIN_PROBABILITY = 0.02  # pair strength (lm.CharModel.pair_strength) for the two sides to count as one word
JOIN_ADVANTAGE = 20.0  # ... and that many times likelier than each side with the span
MIN_SPLITS = 2  # a token must split this many different pairs across the corpus to be discovered
MIN_SPLIT_DOCS = 2  # ... in at least this many documents
MIN_SPLIT_SHARE = 0.2  # ... and split a pair at this share of its occurrences
MIN_SENTENCE_SPLITS = 2
COMMON_WORD = 1e-5  # wordfreq frequency from which a string is an ordinary word

_HAN = re.compile(r"[\u3400-\u9fff]")
_DIGIT_UNITS = set("年月日号時时分秒萬万億亿餘余多個个名人元%")
_CLAUSE_END = set("。!?！？”")
_TOKEN_CHARS = re.compile(r"[\u3400-\u9fffA-Za-z0-9]+")


def _joins(left: str, right: str, first: str, last: str) -> bool:
    """Do ``left`` and ``right`` belong together, more than either does with the span between them?"""
    if left.isdigit():  # 1|包養網|995, 2024|包養|年
        return (right.isdigit() or right in _DIGIT_UNITS) and bool(_HAN.match(first)) and first not in _DIGIT_UNITS
    model = char_model()
    joined = model.pair_strength(left, right)
    if joined < JOIN_PROBABILITY:
        return False
    return (joined >= JOIN_ADVANTAGE * model.pair_strength(left, first)
            and joined >= JOIN_ADVANTAGE * model.pair_strength(last, right))


def split_candidates(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of ``text`` whose removal joins the characters around them into a word."""
    found = []
    n = len(text)
    for i in range(1, n - 2):
        left = text[i - 1]
        if not (_HAN.match(left) or left.isdigit()):
            continue
        for length in TOKEN_LENGTHS:
            j = i + length
            if j >= n or not _TOKEN_CHARS.fullmatch(text[i:j]) or (left.isdigit() and text[j - 1].isdigit()):
                break
            if _joins(left, text[j], text[i], text[j - 1]):
                found.append((i, j))
                break
    for end, char in enumerate(text):
        if char not in _CLAUSE_END or end + 1 >= n or not _HAN.match(text[end + 1]):
            continue
        right = text[end + 1]
        for length in SENTENCE_LENGTHS:
            i = end + 1 - length
            if i < 1 or text[i - 1] == "\n":
                break
            if "\n" not in text[i:end] and _HAN.match(text[i - 1]) and _joins(text[i - 1], right, text[i], char):
                found.append((i, end + 1))
                break
    return found


@dataclass
class SpamLexicon:
    """Spam strings by family, and the corpus statistics that discovered them."""

    families: dict[str, set[str]] = field(default_factory=dict)
    splits: Counter = field(default_factory=Counter)  # string -> occurrences that split a word
    occurrences: Counter = field(default_factory=Counter)  # in the documents where it split one
    split_docs: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    # The pairs each string split: injected text lands in many places, while a sentence
    # that two copies of one article share always sits between the same characters.
    joined: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    contexts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    discovered: set[str] = field(default_factory=set)  # strings this corpus proved injected
    _automaton: object = None

    @classmethod
    def from_tokens(cls, families: dict[str, Iterable[str]]) -> "SpamLexicon":
        lexicon = cls()
        for family, tokens in families.items():
            lexicon.add(family, tokens)
        return lexicon

    @classmethod
    def from_json(cls, data: dict) -> "SpamLexicon":
        return cls.from_tokens({f: d["tokens"] if isinstance(d, dict) else d for f, d in data["families"].items()})

    def to_json(self) -> dict:
        return {"families": {family: {"tokens": sorted(tokens, key=lambda t: (-len(t), t)),
                                      "splits": sum(self.splits[t] for t in tokens),
                                      "contexts": [c for t in sorted(tokens) for c in self.contexts.get(t, [])][:5]}
                             for family, tokens in sorted(self.families.items())}}

    def add(self, family: str, tokens: Iterable[str]) -> None:
        """Add tokens to a family, in both scripts (OpenCC), Simplified being the key."""
        from .script import convert_script

        group = self.families.setdefault(family, set())
        for token in tokens:
            group.update({token, fold_to_simplified(token), convert_script(token, "traditional").text})
        self._automaton = None

    def observe(self, doc_id, text: str, spans: Iterable[tuple[int, int]]) -> None:
        """Count the split candidates of one document."""
        seen = set()
        for start, end in spans:
            string = text[start:end]
            self.splits[string] += 1
            self.split_docs[string].add(doc_id)
            if len(self.joined[string]) < 8:
                self.joined[string].add(text[start - 1] + text[end])
            if len(self.contexts[string]) < 3:
                self.contexts[string].append(text[max(start - 8, 0):end + 8])
            if string not in seen:
                seen.add(string)
                self.occurrences[string] += text.count(string)

    def merge(self, other: "SpamLexicon") -> None:
        self.splits.update(other.splits)
        self.occurrences.update(other.occurrences)
        for string, docs in other.split_docs.items():
            self.split_docs[string] |= docs
        for string, pairs in other.joined.items():
            self.joined[string] |= pairs
        for string, contexts in other.contexts.items():
            self.contexts[string] = (self.contexts[string] + contexts)[:3]

    def discover(self) -> dict[str, set[str]]:
        """Promote strings that split words often, in several documents; returns what was new, by family."""
        found = []
        for string, count in self.splits.items():
            sentence = _is_sentence(string)
            places = len(self.joined[string])
            if len(self.split_docs[string]) < MIN_SPLIT_DOCS or places < (MIN_SENTENCE_SPLITS if sentence else MIN_SPLITS):
                continue
            # A real word splits a pair now and then by chance; injected text does it often.
            # Ordinary words (这一, 举办) and strings without a character (10) are never tokens.
            if sentence or (_HAN.search(string) and _rare_word(string)
                            and count >= MIN_SPLIT_SHARE * self.occurrences[string]):
                found.append(string)
        # Parts of discovered tokens that split a pair themselves (包養 inside 包養網).
        tokens = [s for s in found if not _is_sentence(s)]
        found += [s for s, count in self.splits.items() if s not in found and not _is_sentence(s)
                  and _HAN.search(s) and _rare_word(s) and count >= MIN_SPLIT_SHARE * self.occurrences[s]
                  and any(s in t for t in tokens)]
        new: dict[str, set[str]] = defaultdict(set)
        for string in found:
            family = self._family_for(string)
            if string not in self.families.get(family, ()):
                new[family].add(string)
                self.add(family, [string])
            self.discovered.add(string)
        return dict(new)

    def _family_for(self, string: str) -> str:
        if _is_sentence(string):
            return "spliced_text"
        key = fold_to_simplified(string)
        for family, tokens in self.families.items():
            if family != "spliced_text" and any(_shares_pair(key, fold_to_simplified(t)) for t in tokens):
                return family
        return f"discovered:{key[:4]}"

    def proven(self, string: str) -> bool:
        """Discovered in this corpus as injected, and not an ordinary word: removable anywhere."""
        return string in self.discovered and _rare_word(string)

    def automaton(self):
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for family, tokens in self.families.items():
                for token in tokens:
                    automaton.add_word(token, (token, family))
            if len(automaton):
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton


def _rare_word(string: str) -> bool:
    return word_frequency(string) < COMMON_WORD


def _is_sentence(string: str) -> bool:
    return len(string) >= SENTENCE_LENGTHS.start and string[-1] in _CLAUSE_END


def _shares_pair(a: str, b: str) -> bool:
    pairs = {a[i:i + 2] for i in range(len(a) - 1)}
    return any(b[i:i + 2] in pairs for i in range(len(b) - 1))


def _occurrences(text: str, lexicon: SpamLexicon) -> list[tuple[int, int, str]]:
    """Longest non-overlapping lexicon matches: (start, end, family)."""
    automaton = lexicon.automaton()
    if not len(automaton):
        return []
    matches = sorted(((end + 1 - len(tok), end + 1, fam) for end, (tok, fam) in automaton.iter(text)),
                     key=lambda m: (m[0], -(m[1] - m[0])))
    chosen: list[tuple[int, int, str]] = []
    for m in matches:
        if chosen and m[0] < chosen[-1][1]:
            continue
        chosen.append(m)
    return chosen


def remove_spam(text: str, lexicon: SpamLexicon) -> Cleaned:
    """Remove spam occurrences with evidence; see the module docstring."""
    occurrences = _occurrences(text, lexicon)
    if not occurrences:
        return Cleaned(text)
    split = {(s, e) for s, e in split_candidates(text)}
    infected = {fam for s, e, fam in occurrences if _splits(text, s, e, split)}
    spans = [(s, e, "", "spam.spliced" if fam == "spliced_text" else "spam.token", fam)
             for s, e, fam in occurrences if fam in infected or lexicon.proven(text[s:e])]
    return replace_spans(text, spans)


def _splits(text: str, start: int, end: int, split: set) -> bool:
    if (start, end) in split:
        return True
    return 0 < start and end < len(text) and _joins(text[start - 1], text[end], text[start], text[end - 1])


def load_lexicon(text: str) -> SpamLexicon:
    return SpamLexicon.from_json(json.loads(text))
