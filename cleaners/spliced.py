"""Text spliced in from elsewhere: sentences that recur at random places, and broken dialogue.

A campaign splices a pool of sentences (from a novel, say) into thousands of pages.
Each sentence then recurs across the corpus, every time at a different place, and
usually in the middle of the host's sentence: the character before it is part of
the host's words, not the end of a sentence, and often the characters on either
side join into a word once it is gone (他|…|说, 同|…|志). A sentence that a few
articles legitimately share (a quotation, a formula) sits after the end of a
sentence, and copies of one article share its surroundings too.

Finding them takes two looks at the corpus:

1. :func:`sentence_tails` hashes the last characters of every sentence; a corpus
   keeps only the hashes (8 bytes each) and the ones seen in several documents
   are worth a second look.
2. :func:`tail_occurrences` gathers, for those, each occurrence with what precedes
   and follows it; :func:`find_spliced` grows each recurring tail leftwards and
   rightwards to where its occurrences part ways (the start and the end of the
   spliced text) and judges it by where it sits.

A piece that occurs once has no recurrence to go by; when it is dialogue cut at
random, it leaves a quotation mark without its partner, and
:func:`strip_broken_dialogue` removes it on pages a campaign is known to have reached.
Once a page is known to carry a story, :func:`strip_story_pieces` looks on it for
more of that story: dialogue or questions cut into the host's words.

    >>> host = ["我们认真学习了文件精神。", "代表们一致认为要加强管理。", "会议同意这个报告。",
    ...         "他们在会上说明了情况。"]
    >>> spliced = "她叹了口气:“他会回来的。”"
    >>> docs = [h[:3] + spliced + h[3:] for h in host]
    >>> occurrences = [o for i, d in enumerate(docs) for o in tail_occurrences(d, document_tail_hashes(d), i)]
    >>> [s.text for s in find_spliced(occurrences)]
    ['她叹了口气:“他会回来的。”']
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .edits import Cleaned, replace_spans
from .keys import stable_hash
from .lm import FUNCTION_CHARS, HAN, WORD_CHAR, rejoins
from .script import fold_to_simplified

SPLICED_FAMILY = "spliced_text"  # the family of spliced text, in edits and lexicons
TAIL = 8  # characters of a sentence's end that stand for it
MAX_SPLICE = 160  # characters of spliced text, at most
MIN_DOCS = 3  # documents the text must recur in
MIN_PLACES = 3  # different surroundings on each side across those documents
CONTEXT = 3  # characters of surroundings on each side
MIN_INSIDE = 0.5  # share of occurrences inside a host sentence (a word character before; and after)
MIN_SPLICE = 12  # characters, at least: shorter recurring endings are phrases (作出了重要贡献。)

_SENTENCE_END = re.compile(r"[。!?！？…]+[”’」』)）]*")
_SENTENCE_START = re.compile(r"[\u3400-\u9fffA-Za-z0-9“‘「『(（]")


def sentence_tails(text: str) -> list[tuple[int, str]]:
    """(end, tail): the last :data:`TAIL` characters, folded to Simplified, of each sentence
    that has that many characters on its line, a few of them Han.

    >>> sentence_tails("今天天气很好,我们去公园。好。\\n你呢?")
    [(13, '好,我们去公园。'), (15, '我们去公园。好。')]
    """
    return _tails(fold_to_simplified(text))


def _tails(folded: str) -> list[tuple[int, str]]:
    tails = []
    for m in _SENTENCE_END.finditer(folded):
        end = m.end()
        tail = folded[end - TAIL:end] if end >= TAIL else ""
        if "\n" not in tail and len(HAN.findall(tail)) >= TAIL // 2:
            tails.append((end, tail))
    return tails


def tail_hash(tail: str) -> int:
    """A stable 63-bit hash of a tail (the same in every worker process)."""
    return stable_hash(tail) >> 1  # 63 bits: fits numpy's int64


def document_tail_hashes(text: str) -> set[int]:
    return {tail_hash(tail) for _, tail in sentence_tails(text)}


def recurring_tails(hashes: Iterable[np.ndarray], min_docs: int = MIN_DOCS) -> set[int]:
    """The tail hashes seen in at least ``min_docs`` documents, from each document's
    :func:`document_tail_hashes` gathered into arrays (a shard's documents in one).

    >>> recurring_tails([np.array([1, 2, 3]), np.array([2, 3]), np.array([3])], min_docs=2)
    {2, 3}
    """
    arrays = [a for a in hashes if len(a)]
    if not arrays:
        return set()
    values, counts = np.unique(np.concatenate(arrays), return_counts=True)
    return set(values[counts >= min_docs].tolist())


class Occurrence(NamedTuple):
    """A recurring tail in one document: the text before its end (on its line), and after.
    A tuple: the driver holds up to 200 of each tail, and tuples are small and (un)pickle fast."""

    doc: object
    before: str  # folded, ends with the tail
    after: str  # folded, the rest of the line (up to MAX_SPLICE characters)


def tail_occurrences(text: str, hashes: set[int], doc: object = None) -> list[Occurrence]:
    """The occurrences in ``text`` of sentence tails whose hash is in ``hashes``."""
    found = []
    folded = fold_to_simplified(text)
    for end, tail in _tails(folded):
        if tail_hash(tail) in hashes:
            line_start = folded.rfind("\n", 0, end) + 1
            after = folded[end:end + MAX_SPLICE]
            found.append(Occurrence(doc, folded[max(line_start, end - MAX_SPLICE - CONTEXT):end],
                                    after.partition("\n")[0]))
    return found


MAX_OCCURRENCES = 200  # of one tail, kept for judging: enough to judge, and memory stays bounded


class TailSample:
    """Occurrences of recurring tails, at most ``limit`` of each tail, the first seen: a formula
    that ends thousands of documents needs no more to be judged.

    Adding walks only what is added, so a corpus's batches merge in time linear in the corpus.
    Equal texts are held once (interned): copies of one article share their lines, and on a crawl
    with many copies most occurrences are theirs (on 224 MB of laws and reviews, 69 M characters
    of occurrences were 19 M different ones).

        >>> sample = TailSample(limit=2)
        >>> sample.add([Occurrence(i, "我们去公园玩了。", "") for i in range(5)])
        >>> len(sample.occurrences), sample.occurrences[0].before is sample.occurrences[1].before
        (2, True)
    """

    def __init__(self, limit: int = MAX_OCCURRENCES):
        self.limit = limit
        self.occurrences: list[Occurrence] = []
        self._taken: Counter | None = Counter()  # per tail; None: to be counted again

    def add(self, occurrences: Iterable[Occurrence]) -> None:
        taken = self._counts()
        for o in occurrences:
            tail = o.before[-TAIL:]
            if taken[tail] < self.limit:
                taken[tail] += 1
                self.occurrences.append(Occurrence(o.doc, sys.intern(o.before), sys.intern(o.after)))

    def _counts(self) -> Counter:
        if self._taken is None:
            self._taken = Counter(o.before[-TAIL:] for o in self.occurrences)
        return self._taken

    def __getstate__(self) -> dict:
        return {"limit": self.limit, "occurrences": self.occurrences}  # the counts follow from them

    def __setstate__(self, state: dict) -> None:
        self.limit, self.occurrences, self._taken = state["limit"], state["occurrences"], None


@dataclass
class SplicedSentence:
    """Text found spliced into several documents, with the evidence."""

    text: str
    documents: int
    places: int  # different surroundings (the fewer of either side)
    inside: float  # share of occurrences inside a host sentence (the lower of either side)
    contexts: list[str]


def find_spliced(occurrences: Iterable[Occurrence]) -> list[SplicedSentence]:
    """Spliced texts among recurring sentence tails; see the module docstring."""
    by_tail: dict[str, list[Occurrence]] = defaultdict(list)
    for o in occurrences:
        by_tail[o.before[-TAIL:]].append(o)
    found = {}
    for group in by_tail.values():
        if not _in_places(group):
            continue
        spliced = _judge(*_common_text(group))
        if spliced is not None:
            found[spliced.text] = spliced
    return sorted(found.values(), key=lambda s: (-s.documents, s.text))


def _in_places(group: list[Occurrence]) -> bool:
    """Could ``group`` hold text spliced in :data:`MIN_PLACES` places of :data:`MIN_DOCS`
    documents? Not when fewer lines lead up to its tail, or go on after it: what the judged text's
    places are drawn from (:func:`_judge`). Most recurring tails are copies of one article, whose
    lines are alike: asked first, this spares growing them (:func:`_common_text`).

        >>> _in_places([Occurrence(i, "他说我们去公园玩了。", "然后回家") for i in range(5)])
        False
    """
    return (len({o.doc for o in group}) >= MIN_DOCS and len({o.before for o in group}) >= MIN_PLACES
            and len({o.after for o in group}) >= MIN_PLACES)


def _common_text(group: list[Occurrence]) -> tuple[str, list[Occurrence]]:
    """Grow the shared text leftwards, then rightwards (a piece cut off mid-sentence goes on
    after its last full stop), while most of the group's documents still share it: where
    they part ways, the spliced text starts and ends. Returns it and who shares it, with
    ``before`` ending and ``after`` starting where the spliced text does."""
    need = max(MIN_DOCS, -(-len({o.doc for o in group}) * 2 // 3))  # two in three, rounded up

    def grow(members: list[Occurrence], side, limit: int) -> tuple[int, list[Occurrence]]:
        """How far ``side(o)``, the characters going outwards, is shared by ``need`` documents."""
        length = 0
        chars = {id(o): side(o) for o in members}
        while length < limit:
            # Where every member goes on alike (copies of one article do, for long), step over
            # the whole stretch at once: each step of it would keep every member.
            alike = len(os.path.commonprefix([chars[id(o)][length:limit] for o in members]))
            if alike:
                if len({o.doc for o in members}) < need:
                    break
                length += alike
                continue
            parts: dict[str, list[Occurrence]] = defaultdict(list)
            for o in members:
                char = chars[id(o)][length:length + 1]
                if char:
                    parts[char].append(o)
            largest = max(parts.values(), key=lambda part: len({o.doc for o in part}), default=[])
            if len({o.doc for o in largest}) < need:
                break
            members = largest
            length += 1
        return length, members

    left, members = grow(group, lambda o: o.before[:-TAIL][::-1], MAX_SPLICE - TAIL)
    right, members = grow(members, lambda o: o.after, MAX_SPLICE - TAIL - left)
    text = members[0].before[-TAIL - left:] + members[0].after[:right]
    return text, [Occurrence(o.doc, o.before + o.after[:right], o.after[right:]) for o in members]


def _judge(text: str, members: list[Occurrence]) -> SplicedSentence | None:
    """Spliced text recurs in several documents, in different places (what precedes it
    differs, and what follows it: not copies of one article with a typo), mostly inside
    the host's sentences (a word character each side), and starts as a sentence starts:
    not with a comma, nor with a function character (的一个重要原因 ends a phrase). It is
    foreign to its hosts (:func:`foreignness`), and shows it came from elsewhere: it is
    dialogue, or it was cut into a host's word somewhere. A clause that many laws or
    reports share is none of these."""
    # The text's own shape first: most recurring ends fail it, and it costs nothing to ask.
    if len(text) < MIN_SPLICE or not _SENTENCE_START.match(text) or text[0] in FUNCTION_CHARS \
            or _ATTRIBUTED.match(text):
        return None
    lefts = [o.before[max(len(o.before) - len(text) - CONTEXT, 0):-len(text)] for o in members]
    docs = {o.doc for o in members}
    # Each side on its own: a random place is next to punctuation now and then on either side.
    inside = min(sum(bool(WORD_CHAR.match(left[-1:])) for left in lefts),
                 sum(bool(WORD_CHAR.match(o.after)) for o in members)) / len(members)
    places = min(len(set(lefts)), len({o.after[:CONTEXT] for o in members}))
    if (len(docs) < MIN_DOCS or places < MIN_PLACES or inside < MIN_INSIDE or _framed(lefts)
            or foreignness(text, members) < MIN_FOREIGN or not (_is_dialogue(text) or _cut_in(text, members))):
        return None
    contexts = [left + "|" + text[:4] + "…|" + o.after[:CONTEXT] for left, o in zip(lefts[:3], members)]
    return SplicedSentence(text, len(docs), places, round(inside, 3), contexts)


def _is_dialogue(text: str) -> bool:
    """Does ``text`` carry a story's dialogue: a quotation it closes, or closes without opening
    (她叹了口气：“他会回来的。”, 宝说呢?”)? A text that only opens one, the speech going on in
    its hosts, frames the hosts' own speech: a formula their speakers share (耶和华这样说：“看哪！我|
    必使平安…). A report quotes terms (the “四化同步” strategy), and is told apart by where they sit.

        >>> _is_dialogue("她叹了口气：“他会回来的。”"), _is_dialogue("耶和华这样说：“看哪！我")
        (True, False)
    """
    return bool(_CLOSING_QUOTE.search(text))


_CLOSING_QUOTE = re.compile(r"[”」』]")
# A quotation whose speaker is the host's (行者|笑道：“不打紧，不打紧！): a speech verb of a
# character or two, then the quote. Dialogue a campaign splices brings its speaker along.
_ATTRIBUTED = re.compile(r"[\u3400-\u9fff]{1,2}[：:]\s*[“「『\"]")


def _framed(lefts: list[str]) -> bool:
    """Do the texts before a recurring text lead up to it alike, in two in three of its
    occurrences and three at least: with a character at one distance from it, the frame a
    formula needs (对伊朗|对法国|对越南 + 进行为期两天的正式访问。), or with the host's own clause
    opening just before it (行。艾|，廖化|”玄德 + 曰：“将在外，君命有所不受。: a saying that a
    novel's speakers quote)? Text spliced at random places has random characters before it.

    >>> _framed(["对古巴", "对法国", "对越南"]), _framed(["行。艾", "，廖化", "”玄德"])
    (True, True)
    >>> _framed(["我们认", "代表们", "会议同", "他们在"])
    False
    """
    need = max(MIN_DOCS, -(-2 * len(lefts) // 3))
    at = Counter((k, char) for left in lefts for k, char in enumerate(reversed(left)) if WORD_CHAR.match(char))
    return max(at.values(), default=0) >= need or sum(bool(_CLAUSE_MARK.search(left)) for left in lefts) >= need


_CLAUSE_MARK = re.compile(r"[。！？!?；;，,：:”」』]")  # ends a clause: the host's next one opens after it


MIN_CUTS = 2  # different words a spliced text was cut into


def _cut_in(text: str, members: list[Occurrence]) -> bool:
    """Was ``text`` cut into hosts' words: do the characters either side of its occurrences join
    into a word once it is gone (他|…|说, 同|…|志), :data:`MIN_CUTS` different ones? Once is a
    coincidence of a clause many laws share (公共交通工具|应当逐步达到无障碍设施的要求。|有关: 具有)."""
    cuts = {o.before[-len(text) - 1] + o.after[0] for o in members
            if o.after and len(o.before) > len(text)
            and rejoins(o.before[-len(text) - 1], o.after[0], text[0], text[-1])}
    return len(cuts) >= MIN_CUTS


MIN_FOREIGN = 0.8  # mean share of a spliced text's character pairs that its hosts' lines never use


def foreignness(text: str, members: list[Occurrence]) -> float:
    """How foreign ``text`` is to the lines it sits in: the share of its pairs of Han characters
    that the rest of each host line never uses, averaged over its occurrences. A novel's
    sentence in news pages shares few of their words (叹了, 口气, 回来); a clause that many
    laws or news reports share is made of the words around it (考核, 制度, 作用)."""
    shares = []
    for o in members:
        host = o.before[:len(o.before) - len(text)] + "\n" + o.after
        pairs = Counter(han_pairs(text + "\n" + host))
        shares.append(novelty(text, pairs))
    return sum(shares) / max(len(shares), 1)


# --- dialogue cut from a story ------------------------------------------------------

MAX_DIALOGUE = 160  # characters of a spliced piece of dialogue, at most
MIN_DIALOGUE = 6
MAX_FRAGMENT_LINE = 24  # a line this short with broken quotation marks, once spam is gone, is a fragment
MAX_UNPAIRED = 8  # a page with more unpaired quotation marks than this is loose with them, not spliced
_CLAUSE_END = re.compile(r"[。!?！？]")


def unpaired_quotes(line: str) -> list[int]:
    """Positions of quotation marks that break the pairing: a closing mark with none open,
    an opening mark inside an open quotation (nested quotations use ‘’). An opening
    mark left open at the end of a line is not counted: quotations run across paragraphs.

    >>> unpaired_quotes("他说“好”。宝说呢?”裴翔皱了皱眉。")
    [10]
    """
    depth = 0
    found = []
    for k, char in enumerate(line):
        if char == "“":
            if depth:
                found.append(k)
            depth += 1
        elif char == "”":
            if depth:
                depth -= 1
            else:
                found.append(k)
    return found


def strip_broken_dialogue(text: str, fragment_lines: Collection[int] = ()) -> Cleaned:
    """Remove dialogue cut from a story and dropped into the host's sentences.

    Cut at random, such a piece leaves a quotation mark without its partner. The piece is
    the shortest span around that mark that holds the end of a sentence and whose removal
    rejoins the host's words (400|…|余萬件次). A line of ``fragment_lines`` (lines that
    carried injected spam) that is short and has such a mark is a fragment, removed whole.

    >>> strip_broken_dialogue("累计办理各类业务400宝说呢?如果?”裴翔皱了皱眉。余万件次,连续四年获评。").text
    '累计办理各类业务400余万件次,连续四年获评。'
    >>> strip_broken_dialogue("他说:“工作要实。”又说:“要细。”").changed
    False
    """
    lines = text.split("\n")
    marks = [unpaired_quotes(line) for line in lines]
    if sum(map(len, marks)) > MAX_UNPAIRED:
        return Cleaned(text)  # quotation marks this loose are the page's own style
    spans = []
    offset = 0
    for number, (line, line_marks) in enumerate(zip(lines, marks)):
        if line_marks and number in fragment_lines and len(line.strip()) <= MAX_FRAGMENT_LINE:
            spans.append((offset, offset + len(line), "", "spam.fragment", SPLICED_FAMILY))
        else:
            taken = 0  # spans on a line do not overlap, nor use a removed character as a side
            for mark in line_marks:
                span = _spliced_around(line, mark, taken) if mark >= taken else None
                if span:
                    spans.append((offset + span[0], offset + span[1], "", "spam.dialogue", SPLICED_FAMILY))
                    taken = span[1]
        offset += len(line) + 1
    return replace_spans(text, spans)


def _spliced_around(line: str, mark: int, start: int = 0) -> tuple[int, int] | None:
    """The shortest span holding ``mark`` and the end of a sentence, between two characters
    (from ``start`` on) that join into a word once it is gone."""
    best = None
    for left in range(mark - 1, max(mark - MAX_DIALOGUE, start) - 1, -1):
        if not WORD_CHAR.match(line[left]):
            continue
        for right in range(mark + 1, min(left + MAX_DIALOGUE + 2, len(line))):
            if best and right - left >= best[1] - best[0] + 1:
                break
            span = line[left + 1:right]
            if (WORD_CHAR.match(line[right]) and len(span) >= MIN_DIALOGUE and _CLAUSE_END.search(span)
                    and rejoins(line[left], line[right], span[0], span[-1])):
                best = (left + 1, right)
                break
    return best


# --- more of a story, on a page known to carry one -----------------------------------

PHRASE = 4  # characters of a phrase of the page's own that a piece of story splits
MIN_NOVELTY = 0.7  # share of a piece's character pairs that the rest of the page never uses
# What stories have and news rarely does: a question or exclamation, or quoted speech
# that ends a sentence (news quotes terms: the “四化同步” strategy).
_STORY_CORE = re.compile(r"[?!？！]|“[^“”\n]*[。?!？！][^“”\n]*”")
_ENDS_SENTENCE = re.compile(_SENTENCE_END.pattern + r"\Z")


def strip_story_pieces(text: str) -> Cleaned:
    """On a page already found to carry spliced story text, remove more of the story: pieces
    that occur once, so that recurrence cannot find them, and hold no broken quotation.

    Such a piece is dialogue or a question cut into the middle of the host's sentence, and
    the host's words close up once it is gone, into a phrase the page uses elsewhere
    (職工群|…|眾 gives 職工群眾; 的|…|品質成長). Its own words are new to the page: most of its
    character pairs occur nowhere else on it. The shortest such span around each question
    mark, exclamation mark or quoted sentence is the piece.

        >>> strip_story_pieces("將精神送到職工群她站在門口愣了半天,怎麼辦呢?他會回來陪眾的身邊。"
        ...                    "職工群眾很高興。").text
        '將精神送到職工群眾的身邊。職工群眾很高興。'
        >>> strip_story_pieces("他問:“怎麼辦?”職工群眾說:“好辦。”").changed
        False
    """
    folded = fold_to_simplified(text)
    pairs = Counter(han_pairs(folded))
    spans = []
    taken = 0  # pieces do not overlap, nor use a removed character as a side
    for core in _STORY_CORE.finditer(folded):
        if core.start() >= taken:
            span = _story_piece(folded, core.start(), core.end(), pairs, taken)
            if span:
                spans.append((*span, "", "spam.story", SPLICED_FAMILY))
                taken = span[1]
    return replace_spans(text, spans)


def han_pairs(text: str) -> list[str]:
    """The pairs of adjacent Han characters in ``text``, in order."""
    return [text[i:i + 2] for i in range(len(text) - 1) if HAN.match(text[i]) and HAN.match(text[i + 1])]


def _story_piece(folded: str, first: int, last: int, pairs: Counter, taken: int) -> tuple[int, int] | None:
    """The shortest span holding ``folded[first:last]`` that :func:`strip_story_pieces` removes."""
    line_start = folded.rfind("\n", 0, first) + 1
    line_end = folded.find("\n", last)
    line_end = len(folded) if line_end < 0 else line_end
    best = None
    for right in range(last, min(line_end, first + MAX_SPLICE)):
        if not WORD_CHAR.match(folded[right]):
            continue
        for left in range(first, max(line_start, taken, right - MAX_SPLICE), -1):
            if best and right - left >= best[1] - best[0]:
                break
            if (WORD_CHAR.match(folded[left - 1]) and _SENTENCE_START.match(folded[left])
                    and right - left >= MIN_SPLICE and _closes_up(folded, left, right)
                    and novelty(folded[left:right], pairs) >= MIN_NOVELTY):
                best = (left, right)
                break
    return best


def _closes_up(folded: str, left: int, right: int) -> bool:
    """Do the host's words close up once ``folded[left:right]`` is gone: the characters either
    side join into a word (or the span is whole sentences), and the host's words around
    it then form a phrase the page uses elsewhere?"""
    if not (_ENDS_SENTENCE.search(folded, left, right)
            or rejoins(folded[left - 1], folded[right], folded[left], folded[right - 1])):
        return False
    for before in range(1, PHRASE):
        phrase = folded[max(left - before, 0):left] + folded[right:right + PHRASE - before]
        if (len(phrase) == PHRASE and all(WORD_CHAR.match(c) for c in phrase)
                and (folded.find(phrase, 0, left) >= 0 or folded.find(phrase, right) >= 0)):
            return True
    return False


def novelty(piece: str, pairs: Counter) -> float:
    """The share of ``piece``'s pairs of Han characters that the rest of the page never uses;
    ``pairs`` counts :func:`han_pairs` over the whole page, ``piece`` included."""
    own = Counter(han_pairs(piece))
    return sum(n for pair, n in own.items() if pairs[pair] == n) / max(sum(own.values()), 1)
