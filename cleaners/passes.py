"""Corpus passes: evidence only the whole corpus gives, behind one interface.

A pass looks at the corpus in workers, a batch of pages at a time, and keeps small
statistics (:meth:`CorpusPass.observe`); statistics of many batches merge
(:meth:`CorpusPass.merge`: associative and order-free, so batches may come back in any
order from any machine); the merged statistics decide once (:meth:`CorpusPass.decide`);
and the decision is applied to each page in a later walk (:meth:`CorpusPass.apply`),
which returns the page's edits or a verdict rejecting it. A pass may need a second look
before it decides (``rounds``): spam discovery counts, in a second walk, how often each
candidate occurs at all; :meth:`CorpusPass.between` says what the workers need for it.

Passes that decide together form a stage; a later stage observes pages as the earlier
stages' decisions left them (duplicates are judged on text without spam). The flow runs
the stages over spooled shards; :func:`run_passes` runs them over pages in memory, for
tests and benchmarks, the same way.

    >>> from cleaners.passes import ParagraphFurniture
    >>> notice = "欢迎关注我们的公众号获取每日最新动态与政策解读"
    >>> pages = {i: f"第{i}篇文章的正文内容在这里，讲述了不同的故事。\\n{notice}" for i in range(6)}
    >>> out, _ = run_passes([[ParagraphFurniture(min_docs=5)]], pages)
    >>> out[0].text
    '第0篇文章的正文内容在这里，讲述了不同的故事。'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlsplit

import numpy as np

from .edits import Cleaned, chain
from .lm import char_model, ordinary
from .near_duplicates import drop_paragraphs, packed_paragraphs, paragraph_shingles
from .spam import SpamLexicon, count_occurrences, remove_spam, split_candidates
from .spliced import TailSample, document_tail_hashes, find_spliced, recurring_tails, tail_occurrences
from .whitespace import tidy_whitespace


@dataclass
class Page:
    """What a pass sees of a document: its id, its text, and how much cleaning it needed."""

    id: Any
    text: str
    contamination: int = 0  # edits other than whitespace: fewer makes a better copy to keep
    host: str = ""  # the site the page is from (:func:`url_host`), "" when not known


@dataclass(frozen=True)
class Verdict:
    """A pass's decision to reject a page, and why."""

    reason: str
    detail: str
    of: Any = None  # the page it duplicates
    similarity: float | None = None


class CorpusPass:
    """One kind of corpus-level evidence; see the module docstring. ``name`` keys its statistics,
    its decision (in ``context``) and its timings."""

    name: ClassVar[str]
    rounds: ClassVar[int] = 1

    def start(self, round: int) -> Any:
        """Empty statistics for one batch in ``round``."""
        raise NotImplementedError

    def observe(self, stats: Any, batch: int, pages: list[Page], round: int, hint: Any) -> None:
        """Add what batch number ``batch`` shows to ``stats``; ``hint`` is :meth:`between`'s."""
        raise NotImplementedError

    def merge(self, a: Any, b: Any) -> Any:
        """``a`` and ``b`` as one: the same whatever order batches merge in. May reuse both's
        parts: neither is used again."""
        raise NotImplementedError

    def between(self, stats: list, round: int) -> Any:
        """What workers need for ``round`` + 1, from the statistics of the rounds so far."""
        return None

    def prepare(self) -> None:
        """Build what :meth:`decide` needs (tables, models) ahead of it: the flow calls this on the
        driver while the workers observe, so that deciding does not wait on it."""

    def decide(self, stats: list, context: dict) -> Any:
        """The decision, from the merged statistics of every round; ``context`` holds the
        decisions of earlier passes by name, and what the run provides (``index``)."""
        raise NotImplementedError

    def for_workers(self, decision: Any) -> Any:
        """What :meth:`apply` needs of ``decision``: it travels to every batch (all of it, unless
        the pass says otherwise)."""
        return decision

    def apply(self, decision: Any, page: Page) -> Cleaned | Verdict:
        """The page's edits under the decision, or a verdict rejecting it."""
        return Cleaned(page.text)

    def describe(self, decision: Any) -> str:
        """The decision in a line, for the run's log."""
        return type(decision).__name__


# --- spam ---------------------------------------------------------------------

MAX_SPAM_SHARE = 0.5  # of a page in spam: rejected rather than cleaned


@dataclass
class _SpamSightings:
    lexicon: SpamLexicon = field(default_factory=SpamLexicon)  # split candidates
    # Sentence-end hashes (cleaners.spliced), one array per batch: each document's once, in one
    # array, not an array per document (112 bytes of header each, and a pickle entry).
    tails: list = field(default_factory=list)


@dataclass
class _SpamCounts:
    occurrences: Counter = field(default_factory=Counter)  # of each candidate, split or not
    sentences: TailSample = field(default_factory=TailSample)  # occurrences of recurring tails, sampled


class Spam(CorpusPass):
    """Injected tokens and spliced sentences (:mod:`cleaners.spam`, :mod:`cleaners.spliced`).

    Round 0 gathers split candidates and sentence-end hashes; round 1 counts every
    occurrence of the candidates a count could prove (:meth:`SpamLexicon.countable`), and the
    text around recurring ends; the decision is the
    lexicon ``known`` starts with, grown by what the corpus proved."""

    name = "spam"
    rounds = 2

    def __init__(self, known: SpamLexicon | None = None):
        self.known = known or SpamLexicon()

    def start(self, round: int) -> Any:
        return _SpamSightings() if round == 0 else _SpamCounts()

    def observe(self, stats, batch, pages, round, hint) -> None:
        if round == 0:
            hashes: list[int] = []
            for page in pages:
                stats.lexicon.observe(page.id, page.text, split_candidates(page.text))
                hashes += document_tail_hashes(page.text)
            stats.tails.append(np.array(hashes, dtype=np.int64))
            return
        candidates, tails = hint
        stats.occurrences.update(count_occurrences((p.text for p in pages), candidates))
        stats.sentences.add(o for p in pages for o in tail_occurrences(p.text, tails, p.id))

    def merge(self, a, b):
        if isinstance(a, _SpamSightings):
            a.lexicon.merge(b.lexicon)
            a.tails += b.tails
        else:
            a.occurrences.update(b.occurrences)
            a.sentences.add(b.sentences.occurrences)
        return a

    def between(self, stats, round):
        lexicon = self._lexicon(stats[0])
        return lexicon.countable(), recurring_tails(stats[0].tails)

    def prepare(self) -> None:
        # What deciding uses: the character model (its pair strengths judge spliced text), and
        # wordfreq's list and segmenter (which candidates are ordinary Chinese). Not the pair
        # tables and jieba's dictionary that only observing uses: a driver builds them for nothing.
        char_model()
        ordinary("工作")

    def decide(self, stats, context) -> SpamLexicon:
        sightings, counts = stats
        lexicon = self._lexicon(sightings)
        lexicon.discover(counts.occurrences)
        lexicon.add_spliced(find_spliced(counts.sentences.occurrences))
        return lexicon

    def _lexicon(self, sightings: _SpamSightings) -> SpamLexicon:
        """The known lexicon with this corpus's sightings merged in (a fresh copy each time)."""
        lexicon = SpamLexicon.from_json(self.known.to_json())
        lexicon.merge(sightings.lexicon)
        return lexicon

    def for_workers(self, decision: SpamLexicon) -> SpamLexicon:
        return decision.for_removal()  # not the sightings: megabytes, to every batch

    def describe(self, decision: SpamLexicon) -> str:
        found = {family for family, tokens in decision.families.items() if tokens & decision.discovered}
        return (f"{len(decision.families)} families ({len(found)} with strings this corpus proved injected"
                f"{': ' + ', '.join(sorted(found)) if found else ''})")

    def apply(self, decision: SpamLexicon, page: Page) -> Cleaned | Verdict:
        result = chain(page.text, [lambda text: remove_spam(text, decision), tidy_whitespace])
        removed = sum(len(e.before) for e in result.edits if e.rule.startswith("spam."))
        if removed >= MAX_SPAM_SHARE * len(page.text):
            return Verdict("spam", f"{removed} of {len(page.text)} characters are spam")
        if result.edits and not result.text.strip():
            return Verdict("spam", "nothing left but spam")
        return result


# --- paragraph furniture --------------------------------------------------------


@dataclass
class _Paragraphs:
    """Each page's distinct paragraph hashes and their shingles as prose, per batch: (batch number,
    page ids, their hosts ("" when not known), then :func:`packed_paragraphs`), in the order merged."""

    batches: list = field(default_factory=list)

    def pages(self) -> tuple[list, list, np.ndarray, np.ndarray, np.ndarray]:
        """(page ids, hosts, where each page's hashes start in the hash array and end, the hash
        array, each paragraph's shingles as prose), over every batch in the corpus's order."""
        batches = sorted(self.batches, key=lambda b: b[0])
        ids = [doc_id for b in batches for doc_id in b[1]]
        hosts = [host for b in batches for host in b[2]]
        sizes, hashes, shingles = ((np.concatenate([b[k] for b in batches]) if batches else np.zeros(0, dtype=dtype))
                                   for k, dtype in ((3, np.int32), (4, np.uint64), (5, np.int32)))
        return ids, hosts, np.concatenate(([0], np.cumsum(sizes, dtype=np.int64))), hashes, shingles


@dataclass(frozen=True)
class Furniture:
    """Paragraph hashes that are page furniture: on enough pages of the corpus (``everywhere``),
    or on enough pages of one site (``by_host``: host -> hashes); of those that are prose, the
    first page that has each keeps it (``kept_on``: page id -> hashes)."""

    everywhere: frozenset = frozenset()
    by_host: dict = field(default_factory=dict)
    kept_on: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.everywhere) + sum(map(len, self.by_host.values()))


class _Except:
    """The hashes of ``furniture`` but those in ``kept``: a container for :func:`drop_paragraphs`."""

    __slots__ = ("furniture", "kept")

    def __init__(self, furniture: frozenset, kept: frozenset):
        self.furniture, self.kept = furniture, kept

    def __contains__(self, hashed: object) -> bool:
        return hashed in self.furniture and hashed not in self.kept

    def __bool__(self) -> bool:
        return bool(self.furniture)


# A recurring paragraph that ends a sentence and is this long is prose (an article syndicated by
# many sites, a company's introduction on each of its pages), not a template's line: removed
# from every page, it would be gone from the corpus. The first page that has it keeps it. A
# sentence of some 24 characters has 20 shingles; a slogan (欢迎关注我们的公众号…) ends none.
PROSE_SHINGLES = 20


class ParagraphFurniture(CorpusPass):
    """Paragraphs found in ``min_docs`` kept pages or more are page furniture: removed everywhere.
    A site's template shows sooner: a paragraph on ``min_host_docs`` kept pages of one host
    (:attr:`Page.host`), and on half its pages or more, is removed from that host's pages. Pages a
    duplicate decision rejected (``context["near_duplicates"]``) do not count. A paragraph of prose
    (:data:`PROSE_SHINGLES`) stays on the first kept page that has it.

        >>> site = {f"https://example.cn/a/{i}.html": f"第{i}篇文章的正文在这里，讲述不同的故事。\\n"
        ...         "本站部分文章来自互联网，如有侵权请联系" for i in range(3)}
        >>> out, _ = run_passes([[ParagraphFurniture()]], site)
        >>> out["https://example.cn/a/0.html"].text
        '第0篇文章的正文在这里，讲述不同的故事。'
    """

    name = "paragraph_furniture"

    def __init__(self, min_docs: int = 5, min_host_docs: int = 3):
        self.min_docs = min_docs
        self.min_host_docs = min_host_docs

    def start(self, round):
        return _Paragraphs()

    def observe(self, stats, batch, pages, round, hint) -> None:
        stats.batches.append((batch, [str(page.id) for page in pages], [page.host for page in pages],
                              *packed_paragraphs([paragraph_shingles(page.text, prose=True) for page in pages])))

    def merge(self, a, b):
        a.batches += b.batches
        return a

    def decide(self, stats, context) -> Furniture:
        rejected = context.get("near_duplicates", {})
        ids, hosts, bounds, hashes, shingles = stats[0].pages()
        kept = np.array([doc_id not in rejected for doc_id in ids], dtype=bool)

        sites: dict[str, list[int]] = {}
        for k, host in enumerate(hosts):
            if host and kept[k]:
                sites.setdefault(host, []).append(k)
        by_host = {}
        for host, pages in sites.items():
            if len(pages) >= self.min_host_docs:
                on_site = np.concatenate([hashes[bounds[k]:bounds[k + 1]] for k in pages])
                recurring = _recurring(on_site, max(self.min_host_docs, (len(pages) + 1) // 2))
                if recurring:
                    by_host[host] = recurring
        everywhere = _recurring(hashes[np.repeat(kept, np.diff(bounds))], self.min_docs)
        return Furniture(everywhere, by_host, _first_pages(ids, kept, bounds, hashes, shingles,
                                                          everywhere.union(*by_host.values())))

    def describe(self, decision: Furniture) -> str:
        return (f"{len(decision.everywhere)} paragraphs recur on enough kept documents to be page furniture, "
                f"{len(decision) - len(decision.everywhere)} on enough pages of one of {len(decision.by_host)} sites; "
                f"{sum(map(len, decision.kept_on.values()))} of them prose, kept on the first page that has each")

    def apply(self, decision: Furniture, page) -> Cleaned | Verdict:
        kept = decision.kept_on.get(str(page.id), frozenset())
        result = drop_paragraphs(page.text, _Except(decision.everywhere, kept),
                                 _Except(decision.by_host.get(page.host, frozenset()), kept))
        if result.edits and not result.text.strip():
            return Verdict("empty", "nothing left but paragraphs found in many documents")
        return result


def _first_pages(ids: list, kept: np.ndarray, bounds: np.ndarray, hashes: np.ndarray, shingles: np.ndarray,
                 furniture: frozenset) -> dict[str, frozenset]:
    """Page id -> the paragraphs of ``furniture`` that are prose (:data:`PROSE_SHINGLES`) and that
    page is the first kept page to have, in the corpus's order."""
    page = np.repeat(np.arange(len(ids)), np.diff(bounds))
    prose = kept[page] & (shingles >= PROSE_SHINGLES) & np.isin(hashes, np.fromiter(furniture, dtype=np.uint64))
    firsts: dict[str, set] = {}
    values, first = np.unique(hashes[prose], return_index=True)
    for hashed, k in zip(values.tolist(), page[prose][first].tolist()):
        firsts.setdefault(ids[k], set()).add(hashed)
    return {doc_id: frozenset(found) for doc_id, found in firsts.items()}


def _recurring(hashes: np.ndarray, times: int) -> frozenset:
    """The hashes that occur ``times`` times or more in ``hashes``, as Python ints."""
    values, counts = np.unique(hashes, return_counts=True)
    return frozenset(values[counts >= times].tolist())


def url_host(url: str) -> str:
    """The host of a URL, without ``www.``; "" for anything else (an id that is not a URL).

    >>> url_host("http://www.sxsaj.com/jjsaj/290.html"), url_host("weixin:abc#3")
    ('sxsaj.com', '')
    """
    if not url.startswith(("http://", "https://")):
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed URL (an unclosed [ in the host) names no site
        return ""
    return host.removeprefix("www.")


# --- running passes in memory ------------------------------------------------------


def run_passes(stages: list[list[CorpusPass]], pages: dict, context: dict | None = None,
               batch_size: int = 1000) -> tuple[dict, dict]:
    """Run ``stages`` of passes over ``pages`` (id -> text, or a :class:`Page`) in memory, as the
    flow does over shards: returns (id -> Cleaned or Verdict, the decisions by pass name)."""
    context = dict(context or {})
    current = {doc_id: p if isinstance(p, Page) else Page(doc_id, p, host=url_host(str(doc_id)))
               for doc_id, p in pages.items()}
    outcome: dict = {doc_id: Cleaned(page.text) for doc_id, page in current.items()}
    for stage in stages:
        kept = [p for p in current.values() if not isinstance(outcome[p.id], Verdict)]
        batches = [kept[k:k + batch_size] for k in range(0, len(kept), batch_size)]
        for p in stage:  # a pass may read the decisions of those before it
            context[p.name] = p.decide(observe_rounds(p, batches), context)
        decisions = {p.name: p.for_workers(context[p.name]) for p in stage}  # as the flow's batches get them
        for page in kept:
            for p in stage:
                result = p.apply(decisions[p.name], page)
                if isinstance(result, Verdict):
                    outcome[page.id] = result
                    break
                outcome[page.id] = Cleaned(result.text, outcome[page.id].edits + result.edits)
                page.text = result.text
    return outcome, context


def observe_rounds(corpus_pass: CorpusPass, batches: list[list[Page]]) -> list:
    """Every round of ``corpus_pass`` over ``batches``: the merged statistics of each."""
    merged: list = []
    hint = None
    for round in range(corpus_pass.rounds):
        stats = None
        for number, batch in enumerate(batches):
            one = corpus_pass.start(round)
            corpus_pass.observe(one, number, batch, round, hint)
            stats = one if stats is None else corpus_pass.merge(stats, one)
        merged.append(stats if stats is not None else corpus_pass.start(round))
        if round + 1 < corpus_pass.rounds:
            hint = corpus_pass.between(merged, round)
    return merged


__all__ = ["CorpusPass", "Furniture", "Page", "ParagraphFurniture", "Spam", "Verdict", "observe_rounds", "run_passes"]
