"""Near-duplicate detection: character shingles of the normalised key, MinHash
signatures computed for a whole batch at once with numpy, and clustering.

Signatures use datasketch's own scheme (``affine32``: the MurmurHash3
finalizer, then ``a * h + b`` modulo 2**32 with datasketch's permutations), so
they are interchangeable with ``datasketch.MinHash`` objects built from the
same shingle hashes; only the shingle hashing differs from datasketch's
default (a vectorised polynomial hash instead of one SHA-1 call per shingle).

    >>> from cleaners.keys import normalised_key
    >>> keys = [normalised_key(t) for t in ("全市职工积极参加技能竞赛活动。", "全市職工積極參加技能競賽活動",
    ...                                      "一篇完全不同的文章讲的是别的事情")]
    >>> sig = signatures(keys)
    >>> float(estimated_jaccard(sig[0], sig[1])), float(estimated_jaccard(sig[0], sig[2])) < 0.2
    (1.0, True)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from .edits import Cleaned, remove_lines
from .keys import ANSWER_OPTION, code_captions, fenced_lines, has_code_fence, is_code_line, line_keys, stable_hash
from .lm import says_something

# Measured with benchmarks/dedup_calibration.py on variants of the seed pages: with
# 5-character shingles, typo, spam and furniture variants keep Jaccard >= 0.91 (5th
# percentile), a dropped paragraph of four >= 0.60, while the most similar distinct
# documents on the same topic reach 0.06. A threshold of 0.4 sits four standard
# errors of a 128-slot estimate below 0.6 and far above any negative.
SHINGLE = 5  # characters
NUM_PERM = 128
SEED = 1
THRESHOLD = 0.4  # estimated Jaccard similarity of shingle sets that makes two documents candidates
# Every copy rejected is checked against the document kept for it at this estimated similarity.
# Measured with benchmarks/dedup_calibration.py on real reviews (clean_web), where documents
# share some reviews but not most: at 0.6 no pair of 370 has an exact Jaccard under 0.5
# (at 0.5, 62 of 596 do), while 96% of the dedup bench's true pairs pass.
VERIFY = 0.6
# A document that carries text of its own is not a copy, however much it shares: weekly posts
# of one account in one long template, reviews pages that quote the same reviews. A copy adds
# next to nothing to the document kept (a typo, a line of furniture; an excerpt adds nothing).
# Measured with benchmarks/dedup_calibration.py: see OWN_SHARE's figures there.
OWN_SHARE = 0.2  # of a document's shingles, estimated absent from the other
OWN_SHINGLES = 100  # ... and at least this many: a sentence's worth, not a few changed characters
# Or, of that share, fewer shingles that are whole paragraphs the kept document lacks: a site's
# news items under a long template (the company's introduction on every page) share most of
# their shingles, and each has a story of two sentences. Lines a copy changed (a typo, an
# injected token, a comma) are not paragraphs of its own: most of such a line is still the
# kept document's.
OWN_PARAGRAPH_SHINGLES = 30  # of its own, in paragraphs the kept document lacks: a sentence
# Of those paragraphs' shingles, estimated absent from the kept document. By the estimate itself, not
# at its low end as the amount is judged (OWN_MARGIN): the low end adds some 40 shingles to a short
# page's own text, which would make a paragraph a typo changed look half new.
OWN_PARAGRAPH_SHARE = 0.5
# Shingles past which a document's paragraphs need not be looked at: a copy of OWN_SHARE of 500
# shingles or more has OWN_SHINGLES of its own, and a document four times that size is no copy's
# kept document at VERIFY.
PARAGRAPHS_UP_TO = 2000

_POLY = np.uint64(0x100000001B3)  # FNV-1a's 64-bit prime, as the polynomial base
_MIX = np.uint64(0x9E3779B97F4A7C15)
_FMIX32 = (16, np.uint32(0x85EBCA6B), 13, np.uint32(0xC2B2AE35), 16)
CHUNK_SHINGLES = 1 << 14  # shingles permuted at once: 128 x 16384 uint32 is 8 MB


@cache
def permutations(num_perm: int = NUM_PERM, seed: int = SEED) -> np.ndarray:
    """datasketch's affine32 permutations for (num_perm, seed): shape (2, num_perm)."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed).permutations


def shingle_hashes(key: str, n: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the character n-grams of ``key`` (the whole key if shorter)."""
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    return _ngram_hashes(codes, min(n, len(codes))) if len(codes) else np.empty(0, np.uint32)


def _ngram_hashes(codes: np.ndarray, n: int) -> np.ndarray:
    count = len(codes) - n + 1
    h = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(n):
            h = h * _POLY + codes[j:j + count]
        return ((h * _MIX) >> np.uint64(32)).astype(np.uint32)


def _fmix32(h: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX32
    with np.errstate(over="ignore"):
        h = h ^ (h >> s1)
        h = h * m1
        h = h ^ (h >> s2)
        h = h * m2
        return h ^ (h >> s3)


def signatures_from_hashes(hashes: Sequence[np.ndarray], num_perm: int = NUM_PERM,
                           seed: int = SEED) -> np.ndarray:
    """MinHash signatures, shape (documents, num_perm), from each document's shingle hashes.

    All shingles of the batch are permuted chunk by chunk in one preallocated
    (num_perm, chunk) buffer, small enough to stay in cache, and reduced per
    document with ``np.minimum.reduceat``; a document may span chunks.
    """
    a, b = permutations(num_perm, seed)
    out = np.full((num_perm, len(hashes)), np.iinfo(np.uint32).max, dtype=np.uint32)
    lengths = np.array([len(h) for h in hashes], dtype=np.int64)
    docs = np.flatnonzero(lengths)  # documents with at least one shingle
    if not len(docs):
        return out.T.copy()
    flat = _fmix32(np.concatenate([hashes[i] for i in docs]))
    starts = np.concatenate(([0], np.cumsum(lengths[docs])[:-1]))
    buffer = np.empty((num_perm, CHUNK_SHINGLES), dtype=np.uint32)
    a, b = a[:, None], b[:, None]
    for lo in range(0, len(flat), CHUNK_SHINGLES):
        hi = min(lo + CHUNK_SHINGLES, len(flat))
        view = buffer[:, :hi - lo]
        np.multiply(a, flat[None, lo:hi], out=view)  # uint32 arithmetic wraps: modulo 2**32
        np.add(view, b, out=view)
        first = np.searchsorted(starts, lo, side="right") - 1  # the document the chunk starts in
        segments = np.concatenate(([lo], starts[(starts > lo) & (starts < hi)]))
        minima = np.minimum.reduceat(view, segments - lo, axis=1)
        owners = docs[first:first + len(segments)]
        out[:, owners] = np.minimum(out[:, owners], minima)
    return out.T.copy()


def signatures(keys: Sequence[str], n: int = SHINGLE, num_perm: int = NUM_PERM, seed: int = SEED) -> np.ndarray:
    """MinHash signatures of normalised keys, shape (len(keys), num_perm)."""
    return signatures_from_hashes([shingle_hashes(k, n) for k in keys], num_perm, seed)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The share of equal signature slots: an unbiased estimate of Jaccard similarity."""
    return float(np.count_nonzero(a == b)) / len(a)


def similar_pairs(signatures: np.ndarray, bands: int, rows: int, threshold: float) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, of rows of ``signatures`` that agree on every slot of at least one of
    ``bands`` bands of ``rows`` slots (the candidates MinHash LSH finds) and are estimated at least
    ``threshold`` similar (:func:`estimated_jaccard`); a pair that shares several bands comes once
    for each. Give distinct rows: identical ones would all share every band.

    Each band (:func:`band_hashes`, as :class:`SortedBands` keys them) is sorted once for all
    documents, where an LSH index adds them one by one: its buckets (a key and a set per band and
    document) cost about 10 KB a document in memory. Only one bucket's comparisons are held at a time.

        >>> sigs = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [1, 2, 3, 5], [7, 8, 6, 6]], dtype=np.uint32)
        >>> sorted(set(similar_pairs(sigs, bands=2, rows=2, threshold=0.5)))
        [(0, 1), (0, 2), (1, 2)]
    """
    hashed = band_hashes(signatures, bands, rows)
    for band in range(bands):
        keys = hashed[:, band]
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1], [True])))
        for group in np.flatnonzero(np.diff(starts) > 1).tolist():
            members = np.sort(order[starts[group]:starts[group + 1]])
            for k, i in enumerate(members[:-1].tolist()):
                later = members[k + 1:]
                equal = np.count_nonzero(signatures[later] == signatures[i], axis=1)
                for j in later[equal / signatures.shape[1] >= threshold].tolist():
                    yield i, j


class SortedBands:
    """MinHash LSH buckets held as one sorted array: every signature's ``bands`` bands of ``rows``
    slots, each hashed with its band number to 64 bits (:func:`band_hashes`), sorted once, so a
    query is two binary searches. The candidates are those MinHash LSH finds (a band alike; a
    hash collision, some 1e-12 a query of a million documents, adds one that its similarity
    then judges). They cost 0.4 KB a signature, where datasketch's in-memory buckets cost about
    10 KB (a key and a set per band and signature). Signatures added later wait in a dict (a run
    adds the few documents it keeps). Rows are numbered in the order they came, and a query
    returns them in that order.

        >>> sigs = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [5, 6, 3, 4]], dtype=np.uint32)
        >>> index = SortedBands(sigs, bands=2, rows=2)
        >>> index.query(np.array([1, 2, 0, 0], dtype=np.uint32)), index.query(np.array([0, 0, 3, 4], dtype=np.uint32))
        ([0, 1], [0, 2])
        >>> index.add(np.array([7, 7, 3, 4], dtype=np.uint32)), index.query(np.array([0, 0, 3, 4], dtype=np.uint32))
        (3, [0, 2, 3])
    """

    def __init__(self, signatures: np.ndarray, bands: int, rows: int):
        self.bands, self.rows = bands, rows
        self.size = len(signatures)
        hashes = band_hashes(signatures, bands, rows).ravel()  # row after row, band after band
        order = np.argsort(hashes, kind="stable")
        self.sorted = hashes[order]
        self.rows_of = (order // bands).astype(np.int32)
        self.later: dict[int, list[int]] = {}

    def add(self, signature: np.ndarray) -> int:
        """Index ``signature``; returns its row number."""
        row = self.size
        self.size += 1
        for key in band_hashes(signature[None, :], self.bands, self.rows)[0].tolist():
            self.later.setdefault(key, []).append(row)
        return row

    def query(self, signature: np.ndarray) -> list[int]:
        """The rows that share a band with ``signature``, in row order."""
        return self.query_many(signature[None, :])(0)

    def query_many(self, signatures: np.ndarray) -> Callable[[int], list[int]]:
        """:meth:`query` for each of ``signatures``, answered when asked by position, with the rows
        added by then: the sorted rows are searched for all of them at once (a run asks about
        each of its documents in turn, adding those it keeps), the rows added later per question.

            >>> index = SortedBands(np.array([[1, 2, 3, 4]], dtype=np.uint32), bands=2, rows=2)
            >>> ask = index.query_many(np.array([[1, 2, 0, 0], [5, 5, 3, 4]], dtype=np.uint32))
            >>> ask(0), index.add(np.array([5, 5, 6, 6], dtype=np.uint32)), ask(1)
            ([0], 1, [0, 1])
        """
        keys = band_hashes(signatures, self.bands, self.rows)
        flat = keys.ravel()
        needles = np.argsort(flat)  # searched in order, the sorted array is read in order: 4x faster
        starts = np.searchsorted(self.sorted, flat[needles], side="left")
        ends = np.searchsorted(self.sorted, flat[needles], side="right")
        found: list[set[int]] = [set() for _ in range(len(signatures))]
        hit = np.flatnonzero(ends > starts)
        for k, start, end in zip(needles[hit].tolist(), starts[hit].tolist(), ends[hit].tolist()):
            found[k // self.bands].update(self.rows_of[start:end].tolist())

        def ask(position: int) -> list[int]:
            rows = found[position]
            if self.later:
                rows = rows.union(*(self.later.get(key, ()) for key in keys[position].tolist()))
            return sorted(rows)

        return ask


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # 2**64 / the golden ratio, odd


def band_hashes(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """Each band of each signature, with its number, hashed to 64 bits: shape (signatures, bands).
    The slots times distinct odd constants, summed with the band's number times another, then the
    MurmurHash3 finaliser to spread it (any number of rows).

        >>> h = band_hashes(np.array([[1, 2, 1, 2], [1, 2, 3, 4]], dtype=np.uint32), bands=2, rows=2)
        >>> bool(h[0, 0] == h[1, 0]), bool(h[0, 0] == h[0, 1])  # the same band alike; band numbers differ
        (True, False)
        >>> band_hashes(np.arange(128, dtype=np.uint32)[None, :], bands=9, rows=13).shape
        (1, 9)
    """
    n = len(signatures)
    banded = signatures[:, :bands * rows].reshape(n, bands, rows).astype(np.uint64)
    odd = _GOLDEN * (2 * np.arange(rows + 1, dtype=np.uint64) + np.uint64(1))  # wraps: still odd, still distinct
    h = (banded * odd[:rows]).sum(axis=2, dtype=np.uint64)
    h += (np.arange(bands, dtype=np.uint64) + np.uint64(1)) * odd[rows]
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    h ^= h >> np.uint64(33)
    return h


class UnionFind:
    """Clusters from pairs; ``find`` returns a cluster's root."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True)
class Candidate:
    """What choosing a cluster's best copy looks at."""

    index: int  # order in the input: the first seen wins ties
    contamination: int  # edits other than whitespace
    length: int
    shingles: int  # of its key (:func:`shingle_count`): what a similarity is a share of


def copy_rank(candidate: Candidate) -> tuple[int, int, int]:
    """The order in which copies are worth keeping: fewest contamination edits, then the
    longest, then the first seen."""
    return candidate.contamination, -candidate.length, candidate.index


def best_copy(members: Iterable[Candidate]) -> Candidate:
    """The copy worth keeping most (:func:`copy_rank`)."""
    return min(members, key=copy_rank)


def shingle_count(key: str, n: int = SHINGLE) -> int:
    """The shingles of ``key`` as :func:`shingle_hashes` makes them (repeats counted)."""
    return max(len(key) - n + 1, 1) if key else 0


def own_shingles(similarity: np.ndarray, kept: np.ndarray, copy: np.ndarray) -> np.ndarray:
    """Shingles of a document of ``copy`` shingles that one of ``kept`` shingles lacks, from
    their Jaccard ``similarity``: what they share is J (kept + copy) / (1 + J).

        >>> float(own_shingles(np.array(0.5), np.array(300), np.array(300)))
        100.0
    """
    return copy - similarity * (kept + copy) / (1 + similarity)


def adds_its_own(similarity: np.ndarray, kept: np.ndarray, copy: np.ndarray,
                 share: float = OWN_SHARE, least: int = OWN_SHINGLES, num_perm: int = NUM_PERM) -> np.ndarray:
    """Whether a document of ``copy`` shingles carries text that one of ``kept`` shingles lacks
    (:data:`OWN_SHARE` of its shingles and :data:`OWN_SHINGLES` or more): then it is not a
    copy of that one, however similar.

    An auction preview in another week's template, with its own lots, is not a copy; an
    excerpt of a page (a paragraph dropped) is one, the page not one of the excerpt:

        >>> bool(adds_its_own(np.array(0.6), kept=np.array(1000), copy=np.array(1000)))
        True
        >>> [bool(adds_its_own(np.array(0.75), kept, copy)) for kept, copy in ((1000, 750), (750, 1000))]
        [False, True]

    The similarity is a MinHash estimate, and one too high hides a document's own text: it is
    judged at the low end of what the estimate allows (:func:`similarity_at_least`). Two weeks'
    previews with a fifth of their text their own, estimated 0.60 alike where they are 0.50,
    are two documents:

        >>> bool(adds_its_own(np.array(0.6), kept=np.array(1286), copy=np.array(967)))
        True
    """
    least_similar = similarity_at_least(similarity, num_perm)
    return own_shingles(least_similar, kept, copy) >= np.maximum(share * copy, least)


def adds_own_paragraphs(similarity: float, kept_shingles: int, copy_shingles: int, kept: dict[int, int] | None,
                        copy: dict[int, int] | None, num_perm: int = NUM_PERM) -> bool:
    """Whether a document of ``copy_shingles``, estimated ``similarity`` alike to a kept one of
    ``kept_shingles``, has text of its own in whole paragraphs: by their paragraphs
    (:func:`paragraph_shingles`; None where not known), :data:`OWN_PARAGRAPH_SHINGLES` or more and
    :data:`OWN_SHARE` of it (at the low end of the estimate, as :func:`adds_its_own` judges), and
    most of what its paragraphs absent from the kept document hold (by the estimate itself).

    A news item of 40 shingles under a site's template is its own; an excerpt of a page (a
    paragraph dropped) in which a typo changed a paragraph of 84 shingles has some 5 of its own
    there, whatever the low end of a 0.48 estimate would allow:

        >>> template, story = {1: 150}, {2: 40}
        >>> adds_own_paragraphs(0.78, 150, 190, template, {**template, **story})
        True
        >>> adds_own_paragraphs(0.477, 310, 184, {1: 29, 2: 130, 3: 84, 4: 83}, {1: 29, 5: 84, 4: 83})
        False
        >>> adds_own_paragraphs(0.78, 150, 190, None, {**template, **story})
        False
    """
    if kept is None or copy is None:
        return False
    low = float(own_shingles(similarity_at_least(np.array(similarity), num_perm), kept_shingles, copy_shingles))
    if low < max(OWN_PARAGRAPH_SHINGLES, OWN_SHARE * copy_shingles):
        return False
    lacking = sum(n for key, n in copy.items() if key not in kept)
    own = float(own_shingles(np.array(similarity), kept_shingles, copy_shingles))
    return lacking >= OWN_PARAGRAPH_SHINGLES and own >= OWN_PARAGRAPH_SHARE * lacking


def paragraph_shingles(text: str, prose: bool = False) -> dict[int, int]:
    """The shingles of each distinct paragraph key of ``text`` long enough to count, by its hash
    (:func:`paragraph_hash`); with ``prose``, 0 for a paragraph whose line ends no sentence
    (a slogan, a heading, a menu's row).

        >>> list(paragraph_shingles("第一段内容在这里很长。\\n短").values())
        [6]
        >>> sorted(paragraph_shingles("第一段内容在这里很长。\\n欢迎关注我们的公众号", prose=True).values())
        [0, 6]
    """
    found: dict[int, int] = {}
    for line, key in zip(text.split("\n"), paragraph_keys(text)):
        if len(key) >= MIN_PARAGRAPH_KEY:
            shingles = shingle_count(key) if not prose or _ENDS_SENTENCE.search(line) else 0
            hashed = paragraph_hash(key)
            found[hashed] = max(found.get(hashed, 0), shingles)
    return found


def packed_paragraphs(pages: Sequence[dict[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The :func:`paragraph_shingles` of ``pages`` as arrays (a dict per page would cost a corpus's
    driver a kilobyte a document): each page's number of paragraphs, then all their hashes and all
    their shingles, page after page.

        >>> [a.tolist() for a in packed_paragraphs([{7: 30, 9: 12}, {}, {7: 30}])]
        [[2, 0, 1], [7, 9, 7], [30, 12, 30]]
    """
    return (np.array([len(page) for page in pages], dtype=np.int32),
            np.fromiter((h for page in pages for h in page), dtype=np.uint64),
            np.fromiter((n for page in pages for n in page.values()), dtype=np.int32))


# Standard errors taken off an estimated similarity before the own-text test: a copy is
# rejected only when even a similarity this far below its estimate leaves it no text of its own.
OWN_MARGIN = 2.0


def similarity_at_least(similarity: np.ndarray, num_perm: int = NUM_PERM) -> np.ndarray:
    """The low end of the Jaccard similarities that a MinHash estimate of ``num_perm`` slots
    could come from (:data:`OWN_MARGIN` standard errors below it); exact at 0 and 1.

        >>> round(float(similarity_at_least(np.array(0.6))), 3), float(similarity_at_least(np.array(1.0)))
        (0.513, 1.0)
    """
    return np.clip(similarity - OWN_MARGIN * np.sqrt(similarity * (1 - similarity) / num_perm), 0.0, 1.0)


def verified_clusters(group: list[int], candidates: list[Candidate], keys: list[str], sigs: list,
                      verify: float = VERIFY, paragraphs: Callable[[int], dict[int, int]] | None = None
                      ) -> Iterator[tuple[int, list[tuple[int, float]], list[int]]]:
    """Split an LSH cluster into the copies each kept document really resembles.

    Single-link clusters chain (A like B, B like C, A unlike C), so every copy is checked
    against the document kept for it: a copy stays with it when their estimated similarity
    reaches ``verify`` (or they share an exact key) and it adds no text of its own
    (:func:`adds_its_own`; with ``paragraphs``, member -> :func:`paragraph_shingles`, also
    :func:`adds_own_paragraphs`). The document kept is the one that most members resemble,
    the best copy among those (:func:`copy_rank`); the members it does not take form clusters
    of their own, split the same way. Yields (kept, [(copy, similarity), …], [members similar
    enough to be its copies that it does not take, for their own text]).
    """
    rest = list(group)
    while rest:
        if len(rest) == 1:  # most documents have no copy: kept, with nothing to compare
            yield rest[0], [], []
            return
        # The likeliest documents to keep, each compared with every member at once.
        pool = sorted(rest, key=lambda i: copy_rank(candidates[i]))[:MAX_POOL]
        members = np.stack([sigs[i] for i in rest])
        sims = (np.stack([sigs[i] for i in pool])[:, None, :] == members[None, :, :]).mean(axis=2)
        sims[np.array([keys[i] for i in pool])[:, None] == np.array([keys[j] for j in rest])[None, :]] = 1.0
        sizes = np.array([candidates[j].shingles for j in rest], dtype=np.float64)
        pool_sizes = np.array([candidates[i].shingles for i in pool], dtype=np.float64)
        similar = sims >= verify
        taken = similar & ~adds_its_own(sims, pool_sizes[:, None], sizes[None, :], num_perm=members.shape[1])
        if paragraphs is not None:
            own = own_shingles(similarity_at_least(sims, members.shape[1]), pool_sizes[:, None], sizes[None, :])
            for p, k in zip(*np.nonzero(taken & (own >= OWN_PARAGRAPH_SHINGLES))):  # most pairs have less
                kept, copy = pool[p], rest[k]
                if kept != copy and adds_own_paragraphs(float(sims[p, k]), candidates[kept].shingles,
                                                        candidates[copy].shingles, paragraphs(kept),
                                                        paragraphs(copy), members.shape[1]):
                    taken[p, k] = False
        best = int(np.argmax(taken.sum(axis=1)))  # the first of the most taken: pool is in best-copy order
        keep = pool[best]
        yield (keep, [(j, float(sims[best, k])) for k, j in enumerate(rest) if taken[best, k] and j != keep],
               [j for k, j in enumerate(rest) if similar[best, k] and not taken[best, k]])
        rest = [j for k, j in enumerate(rest) if not taken[best, k] and j != keep]


MAX_POOL = 64  # documents of a cluster considered for keeping: bounds the work at 64 per member


# --- paragraphs ---------------------------------------------------------------

MIN_PARAGRAPH_KEY = 8  # characters of normalised key; shorter lines (headings, dates) may well repeat
# A line that is an item: of a list (- 生抽 10ml, 1. 打入鸡蛋, 二、…, （2）…, （五）…), a table's row (| id | uid |),
# a quotation's source (-- 《如何成功》, ——鲁迅), a heading (## 安装, 第二章 风雪夜归人), in a Markdown
# quotation too (> * 运算). Lists repeat their items within a text (each variant of a recipe its
# ingredients, each method its steps, a chapter's recap its outline), tables their header, a book
# its table of contents' entries as headings, and two quotations may have one source; a page
# repeats a paragraph only when it was caught twice.
_NUMERAL = "[一二三四五六七八九十]{1,3}"
_CHAPTER_HEADING = r"第[\d零〇一二两三四五六七八九十百千]{1,6}[章节编回卷篇部集幕]"  # 第二章, 第十回, 第三编
_ITEM_LINE = re.compile(rf"\s*(?:>\s*)*(?:[-*+•·●▪]\s|\d{{1,2}}[.、)）]|{_NUMERAL}、|[（(](?:\d{{1,2}}|{_NUMERAL})[)）]|{ANSWER_OPTION}"
                        rf"|-[-–—]|——|\|.*\|\s*$|#{{1,6}}\s|{_CHAPTER_HEADING})")


def paragraph_keys(text: str) -> list[str]:
    """:func:`line_keys`, with "" for lines of program code (shaped as code, inside a Markdown
    code fence, or indented as a Markdown code block): a program repeats its lines (return x + y;, a closing brace, @Override) within
    an article and across a blog's articles, and none of them is a page's furniture.

        >>> paragraph_keys("第一段内容在这里很长。\\n  return total + value;\\n```javascript")
        ['第一段内容在这里很长', '', '']
        >>> paragraph_keys("输出如下：\\n    'Simple is better than complex.'")
        ['输出如下', '']
    """
    return [key if key and not code and not is_code_line(line) and not _INDENTED_CODE.match(line) else ""
            for line, key, code in zip(text.split("\n"), line_keys(text), fenced_lines(text))]


# A line of a Markdown code block made by indenting it (four spaces or a tab), of ASCII alone: a
# notebook's printed outputs repeat ('Simple is better than complex.' after three cells).
_INDENTED_CODE = re.compile(r"(?: {4}|\t)(?=[\x20-\x7e\t]*$)\s*\S")


def paragraph_hash(key: str) -> int:
    """A stable 64-bit hash of a paragraph key, for counting paragraphs across a corpus."""
    return stable_hash(key)


# Lines that open with one label (桓公曰：, 现代文：, 记者：, 尺寸：) this many times or more are the
# records of a dialogue, a parallel text or a list of specifications, which say the same thing
# again as speakers and items do (桓公曰：何谓也？ twice in one chapter); a template's slogan has no label.
MIN_RECORD_LINES = 3
_LABEL = re.compile(r"\s*([^\s:：，。]{1,6})[:：]")


def _label(line: str) -> str | None:
    """The label a line opens with (桓公曰 of 桓公曰：何谓也？), if any."""
    match = _LABEL.match(line)
    return match.group(1) if match else None


def _record_labels(lines: list[str]) -> set[str]:
    """Labels that open :data:`MIN_RECORD_LINES` lines of a text or more."""
    counts = Counter(label for label in map(_label, lines) if label)
    return {label for label, n in counts.items() if n >= MIN_RECORD_LINES}


# A Markdown table's delimiter row (--- | :---:), under its header row: a table written without
# the outer pipes (a | b) repeats its header as one with them does (_ITEM_LINE).
_TABLE_DELIMITER = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")


def _table_headers(lines: list[str]) -> set[str]:
    """The lines of a text that head a Markdown table (the line above its delimiter row)."""
    return {lines[k - 1] for k in range(1, len(lines)) if "---" in lines[k] and _TABLE_DELIMITER.match(lines[k])}


# A song's or a poem's lines: short, with no sentence's end. Its refrain comes back with the lines
# it came with, as a page caught twice repeats a paragraph with its neighbours.
MIN_VERSE_LINES = 8
MAX_VERSE_LINE = 20
VERSE_SAMPLE = 64  # lines at most, evenly spaced, tagged to tell verse from a menu
_SENTENCE_MARK = re.compile(r"[。！？；!?;：:]")


def _verse_line(line: str) -> bool:
    return len(line.strip()) <= MAX_VERSE_LINE and not _SENTENCE_MARK.search(line)


def is_verse(lines: Sequence[str]) -> bool:
    """Is a text a song's or a poem's: :data:`MIN_VERSE_LINES` lines or more, two thirds of them
    verse lines, and a quarter of those saying something (a menu's items do not)?

        >>> song = ["月亮代表我的心", "你问我爱你有多深", "我爱你有几分", "我的情也真", "我的爱也真"]
        >>> is_verse(song * 2), is_verse(["首页", "新闻中心", "产品展示", "联系我们"] * 2)
        (True, False)
    """
    said = [line.strip() for line in lines if line.strip()]
    short = [line for line in said if _verse_line(line)]
    if len(said) < MIN_VERSE_LINES or len(short) < 2 / 3 * len(said):
        return False
    sample = short[::-(-len(short) // VERSE_SAMPLE)]  # tagging costs: a long table's rows are not all asked
    return sum(map(says_something, sample)) >= len(sample) / 4


def drop_paragraphs(text: str, furniture: Container[int] = frozenset(),
                    host_furniture: Container[int] = frozenset()) -> Cleaned:
    """Remove a paragraph that repeats an earlier one of the same text (an item of a list, a
    table's row or a quotation's source may repeat; a page caught twice repeats a paragraph's
    neighbours with it, or ends on it, where a statute says a clause again in another article,
    between other lines), and paragraphs whose key's
    :func:`paragraph_hash` is in ``furniture`` (recurring across many documents) or in
    ``host_furniture`` (recurring across the pages of this text's site).

    >>> drop_paragraphs("第一段内容在这里很长。\\n第二段。\\n第一段内容在这里很长!").text
    '第一段内容在这里很长。\\n第二段。'
    >>> drop_paragraphs("煎蛋：\\n- 生抽 10ml（约 2 汤匙）\\n煮蛋：\\n- 生抽 10ml（约 2 汤匙）").text.count("生抽")
    2
    >>> drop_paragraphs("人生苦短。\\n-- 《如何成功》，萨姆·奥尔特曼\\n要专注。\\n-- 《如何成功》，萨姆·奥尔特曼").text.count("如何成功")
    2
    >>> drop_paragraphs("要点：\\n> * **运算**（Evaluation）\\n复习：\\n> * **运算**（Evaluation）").text.count("运算")
    2
    >>> drop_paragraphs("桓公曰：何谓也？\\n管子对曰：……\\n桓公曰：何谓也？\\n管子对曰：……\\n桓公曰：善。").text.count("何谓也")
    2
    >>> drop_paragraphs("本章包括：\\n* 呼叫不安全函式或方法\\n\\n### 呼叫不安全函式或方法\\n正文。").text.count("方法")
    2
    >>> drop_paragraphs("目录\\n第二章 风雪夜归人\\n\\n第二章 风雪夜归人\\n大雪封山。").text.count("风雪")
    2
    >>> drop_paragraphs("第三条 申请应当提交：\\n（五）其他需要提交的材料。\\n第九条 变更应当提交：\\n（五）其他需要提交的材料。").text.count("其他")
    2
    >>> drop_paragraphs("标题\\n我有很多身份，最喜欢的是创造者。\\n我有很多身份，最喜欢的是创造者。\\n正文。").text.count("身份")
    1
    >>> clause = "单位犯前款罪的，对单位判处罚金，并对其直接负责的主管人员依照前款的规定处罚。"
    >>> drop_paragraphs(f"第一条 走私武器的，处七年以上有期徒刑。\\n{clause}\\n第二条 走私假币的，处三年以上有期徒刑。\\n"
    ...                 f"{clause}\\n第三条 本法自公布之日起施行。").text.count(clause)
    2
    >>> drop_paragraphs("英文术语 | 中文翻译 | 备注\\n--- | --- | ---\\narray | 数组 |\\n\\n英文术语 | 中文翻译 | 备注\\n"
    ...                 "--- | --- | ---\\nbit | 位 |").text.count("英文")
    2

    A question its answer options follow is not furniture, however many exams ask it so:

    >>> stem, note = "1.下列关于原文内容的理解和分析，不正确的一项是（ ）", "本站声明：本站所有资源均来自互联网，转载请注明出处"
    >>> recurring = {paragraph_hash(key) for key in paragraph_keys(f"{stem}\\n{note}")}
    >>> drop_paragraphs(f"{stem}\\nA．甲项说法 B．乙项说法\\n{note}", recurring).text
    '1.下列关于原文内容的理解和分析，不正确的一项是（ ）\\nA．甲项说法 B．乙项说法'
    """
    first: dict[str, tuple] = {}  # each key's neighbours where it was first said
    lines = text.split("\n")
    line_keys = paragraph_keys(text)
    keys = dict(zip(lines, line_keys))
    around = iter(_neighbours(line_keys))  # remove_lines asks about each line once, in order
    records = _record_labels(lines)
    headers = _table_headers(lines) if "---" in text else set()
    captions = code_captions(lines) if has_code_fence(text) else set()
    verse = cache(lambda: is_verse(lines))  # asked only of a line said twice
    questions = cache(lambda: _questions(lines))  # asked only of a line the corpus found recurring

    def recurs(k: int) -> bool:
        """Is line ``k`` one the corpus found on many pages?"""
        hashed = paragraph_hash(line_keys[k])
        return hashed in furniture or hashed in host_furniture

    def rule_for(line: str) -> str | None:
        key, (before, after) = keys[line], next(around)
        if len(key) < MIN_PARAGRAPH_KEY or line in captions:
            return None  # short lines may well repeat; so may a listing's caption, which names its file
        if furniture or host_furniture:
            hashed = paragraph_hash(key)
            rule = ("dedup.paragraph_furniture" if hashed in furniture
                    else "dedup.host_furniture" if hashed in host_furniture else None)
            # Most lines recur nowhere: the text around is read only for those that do.
            if rule and not _in_an_outline(line) and not _in_running_text(before, after, lines, recurs) \
                    and line not in questions():
                return rule
        if _ITEM_LINE.match(line) or _label(line) in records or line in headers:
            return None  # may recur; nor does an outline's item make the heading it names a repeat
        neighbours = tuple(None if k is None else line_keys[k] for k in (before, after))
        if key not in first:
            first[key] = neighbours
            return None
        if None not in neighbours and key not in neighbours \
                and all(now != then for now, then in zip(neighbours, first[key])):
            return None  # said again elsewhere, not next to itself: a statute's clause in another article
        if _verse_line(line) and verse():
            return None  # a refrain
        return "dedup.paragraph_repeated"

    return remove_lines(text, rule_for)


def _neighbours(keys: list[str]) -> list[tuple[int | None, int | None]]:
    """For each line (by its key), where the nearest lines with a key are, before and after it
    (None at the text's edges).

        >>> _neighbours(["甲", "", "乙", "丙"])
        [(None, 2), (0, 2), (0, 3), (2, None)]
    """
    before, last = [], None
    for k, key in enumerate(keys):
        before.append(last)
        last = k if key else last
    after, last = [], None
    for k in range(len(keys) - 1, -1, -1):
        after.append(last)
        last = k if keys[k] else last
    return list(zip(before, reversed(after)))


# A line that ends a sentence (or a clause of a list: ；), its closing quotes and brackets after;
# around such a line, one may also open a list (有下列情形之一的：).
_ENDS_SENTENCE = re.compile(r"[。！？；!?;][”’」』）)]*\s*$")
_ENDS_CLAUSE = re.compile(r"[。！？；!?;：:][”’」』）)]*\s*$")


_CHAPTER = re.compile(rf"\s*{_CHAPTER_HEADING}")


def _in_an_outline(line: str) -> bool:
    """Is ``line`` a chapter's heading (第二章 规划与建设), an item of a list that says a sentence
    ((五)法律、法规规定的其他情形。), or a question's answer options (A．①② B．①③ C．②④ D．③④)?
    Statutes share them, and exams their options; a template's items and headings name places
    (- 首页, ## 相关推荐) and say nothing.

        >>> _in_an_outline("第二章 规划与建设"), _in_an_outline("（五）法律、法规规定的其他情形。"), _in_an_outline("- 首页")
        (True, True, False)
        >>> _in_an_outline("A．①② B．①③ C．②④ D．③④")
        True
    """
    return bool(_CHAPTER.match(line) or _OPTION.match(line)
                or (_ITEM_LINE.match(line) and _ENDS_SENTENCE.search(line)))


_OPTION = re.compile(rf"\s*{ANSWER_OPTION}")


def _questions(lines: list[str]) -> set[str]:
    """The lines right above a question's answer options (the next line with text begins A．, B.):
    a question an exam asks, however many exams ask it so. Options with a formula have no
    paragraph key, so the next line, not the next keyed one, is what is read.

        >>> sorted(_questions(["1.下列说法正确的是（ ）", "", "A. $a>b$", "B. $b>a$", "解: 略"]))
        ['1.下列说法正确的是（ ）']
    """
    said = [line for line in lines if line.strip()]
    return {line for line, below in zip(said, said[1:]) if _OPTION.match(below) and not _OPTION.match(line)}


def _in_running_text(before: int | None, after: int | None, lines: list[str], recurs: Callable[[int], bool]) -> bool:
    """Is a line between two lines of the page's own that end a sentence or a clause (the lines
    ``before`` and ``after`` it, which do not ``recur`` across the corpus)? Such a line is the
    text's, however many documents say it: statutes share their formulas (单位犯前款罪的，…;
    （五）法律、法规规定的其他情形。), amendments their items (2.将第一条修改为：), articles the
    headings and citations they open a part with (中华人民共和国劳动合同法), where a site's template
    stands at a page's edges or in blocks of its own lines (爱好收藏，请关注！ 文化需要传承！)."""
    return (before is not None and after is not None
            and all(_ENDS_CLAUSE.search(lines[k]) and not recurs(k) for k in (before, after)))
