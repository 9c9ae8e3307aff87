"""Corpus-level duplicate decisions, and the persistent index that carries them across runs.

Within a run: documents with the same normalised key, and documents whose MinHash
signatures an LSH index pairs and whose estimated similarity reaches the threshold,
form clusters (union-find); each cluster keeps its best copy. Across runs: every kept
document goes into the index given by ``--index`` (a local file, or Redis through
datasketch's storage), and a later run rejects documents that match one already there.
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlparse

import numpy as np
import orjson
from datasketch import MinHash, MinHashLSH

from cleaners.edits import Cleaned
from cleaners.keys import key_digest, normalised_key
from cleaners.near_duplicates import (NUM_PERM, PARAGRAPHS_UP_TO, SEED, THRESHOLD, VERIFY, Candidate, SortedBands,
                                      UnionFind, adds_its_own, adds_own_paragraphs, estimated_jaccard,
                                      packed_paragraphs, paragraph_shingles, permutations, shingle_count, signatures,
                                      similar_pairs, verified_clusters)
from cleaners.passes import CorpusPass, Page, Verdict

from . import locations

# Candidates from LSH are verified against the signature estimate, so the bands are
# tuned to miss few pairs near the threshold (false negatives weigh four times more).
LSH_WEIGHTS = (0.2, 0.8)


@dataclass
class Duplicate:
    of: object  # the id of the copy that was kept
    similarity: float = 1.0
    earlier_run: bool = False

    def explain(self) -> str:
        where = " (kept in an earlier run)" if self.earlier_run else ""
        if self.similarity >= 1.0:
            return f"same normalised text as {self.of!r}{where}"
        return f"near-duplicate of {self.of!r}{where}, estimated similarity {self.similarity:.2f}"


class IndexFileError(ValueError):
    """A ``--index`` file that cannot be used: says which file and what is wrong with it."""


INDEX_FORMAT = "qingxi.dedup-index"
INDEX_VERSION = 1


class SignatureStore:
    """Where an index keeps its documents' signatures and LSH buckets (datasketch's storage
    factory in small): in memory, in a local file, or in Redis. :func:`open_signatures` picks one
    from the index's location. A document's entry is its signature's bytes, then its shingle
    count and its paragraphs (:func:`entry`), which entries of earlier versions lack."""

    def lsh_storage(self) -> dict | None:
        """datasketch's ``storage_config`` for the LSH buckets (None: in memory)."""
        return None

    def __len__(self) -> int:
        raise NotImplementedError

    def put(self, key: str, signature: bytes) -> None:
        raise NotImplementedError

    def get(self, keys: list) -> list[bytes | None]:
        raise NotImplementedError

    def load(self) -> list[tuple[str, np.ndarray, int, dict | None]]:
        """(key, signature, shingles, paragraphs) saved by earlier runs, to rebuild in-memory buckets
        from ([]: none, or kept elsewhere)."""
        return []

    def save(self, threshold: float, num_perm: int) -> None:
        """Persist (a store that persists as it goes does nothing)."""


class MemorySignatures(SignatureStore):
    def __init__(self) -> None:
        self.signatures: dict[str, bytes] = {}

    def __len__(self) -> int:
        return len(self.signatures)

    def put(self, key: str, signature: bytes) -> None:
        self.signatures[key] = signature

    def get(self, keys: list) -> list[bytes | None]:
        return [self.signatures.get(k) for k in keys]


class FileSignatures(MemorySignatures):
    """A file, local or at an fsspec URL (:mod:`flows.locations`), loaded and saved whole. It holds
    data only, never code: a NumPy ``.npz`` archive (read with ``allow_pickle=False``) of the keys,
    the signatures (uint32, one row each) and a JSON header with the format, its version and the
    MinHash parameters; since the paragraphs were added, each document's paragraph hashes and
    shingles (packed: a count per document, then the hashes and shingles of all in order)."""

    def __init__(self, path: str, threshold: float, num_perm: int) -> None:
        super().__init__()
        self.path, self.threshold, self.num_perm = path, threshold, num_perm

    def load(self) -> list[tuple[str, np.ndarray, int, dict | None]]:
        if not locations.exists(self.path):
            return []
        keys, signatures, shingles, paragraphs = read_index_file(self.path, self.threshold, self.num_perm)
        return list(zip(keys, signatures, shingles.tolist(), paragraphs))

    def save(self, threshold: float, num_perm: int) -> None:
        header = {"format": INDEX_FORMAT, "version": INDEX_VERSION, "threshold": threshold,
                  "num_perm": num_perm, "seed": SEED, "documents": len(self.signatures)}
        keys = list(self.signatures)
        entries = [split_entry(self.signatures[k], num_perm) for k in keys]
        signatures = np.array([e[0] for e in entries], dtype=np.uint32).reshape(len(keys), num_perm)
        shingles = np.array([e[1] for e in entries], dtype=np.uint32)
        paragraphs = [e[2] for e in entries]
        counts, hashes, lengths = packed_paragraphs([d or {} for d in paragraphs])
        with locations.writing(self.path) as f:
            np.savez(f, header=np.array(json.dumps(header)), keys=np.array(keys, dtype=str), signatures=signatures,
                     shingles=shingles,
                     paragraph_counts=np.where([d is None for d in paragraphs], UNKNOWN, counts).astype(np.uint32),
                     paragraph_hashes=hashes, paragraph_shingles=lengths.astype(np.uint32))


class RedisSignatures(SignatureStore):
    """``redis://host:port/db``: signatures in a Redis hash, buckets in datasketch's Redis storage;
    workers and runs on several machines share it."""

    def __init__(self, location: str, threshold: float, num_perm: int) -> None:
        import redis

        url = urlparse(location)
        self.config = {"host": url.hostname or "localhost", "port": url.port or 6379,
                       "db": int(url.path.strip("/") or 0)}
        if url.password:
            self.config["password"] = url.password
        self.basename = f"qingxi:{threshold}:{num_perm}".encode()
        self.redis = redis.Redis(**self.config)
        self.key = self.basename + b":signatures"

    def lsh_storage(self) -> dict:
        return {"type": "redis", "basename": self.basename, "redis": self.config}

    def __len__(self) -> int:
        return self.redis.hlen(self.key)

    def put(self, key: str, signature: bytes) -> None:
        self.redis.hset(self.key, key, signature)

    def get(self, keys: list) -> list[bytes | None]:
        return self.redis.hmget(self.key, keys)


def entry(signature: np.ndarray, shingles: int, paragraphs: dict[int, int] | None = None) -> bytes:
    """What a store keeps for a document: its signature, its shingle count, then each of its
    paragraphs' hash (two uint32) and shingles (:func:`paragraph_shingles`), when known."""
    packed = [(h & 0xFFFFFFFF, h >> 32, n) for h, n in (paragraphs or {}).items()]
    return (signature.astype(np.uint32).tobytes() + np.uint32(shingles).tobytes()
            + (b"" if paragraphs is None else np.uint32(len(packed)).tobytes()
               + np.array(packed, dtype=np.uint32).tobytes()))


def split_entry(raw: bytes, num_perm: int) -> tuple[np.ndarray, int, dict[int, int] | None]:
    """(signature, shingles, paragraphs) of a stored entry; an entry of an earlier version has no
    count (0: the test of own text never holds against it) and no paragraphs (None).

        >>> split_entry(entry(np.arange(4, dtype=np.uint32), 250, {2**40 + 7: 31}), 4)
        (array([0, 1, 2, 3], dtype=uint32), 250, {1099511627783: 31})
        >>> split_entry(np.arange(4, dtype=np.uint32).tobytes(), 4)[1:]
        (0, None)
    """
    values = np.frombuffer(raw, dtype=np.uint32)
    shingles = int(values[num_perm]) if len(values) > num_perm else 0
    if len(values) <= num_perm + 1:
        return values[:num_perm], shingles, None
    packed = values[num_perm + 2:].reshape(-1, 3).astype(np.uint64)
    return values[:num_perm], shingles, dict(zip((packed[:, 0] | packed[:, 1] << np.uint64(32)).tolist(),
                                                 packed[:, 2].tolist()))


def open_signatures(location: str | None, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> SignatureStore:
    """The store for an index at ``location``: None in memory, ``redis://…`` Redis, else a file (a path or URL)."""
    if not location:
        return MemorySignatures()
    if location.startswith("redis://"):
        return RedisSignatures(location, threshold, num_perm)
    return FileSignatures(location, threshold, num_perm)


class DedupIndex:
    """MinHash LSH over kept documents, plus their signatures for verification, kept in the
    store its location names (:func:`open_signatures`). The buckets of a store in this process (in
    memory, a file) are sorted bands (:class:`SortedBands`), built at once from its signatures
    when opened: some 0.4 KB a document, where datasketch's in-memory buckets took about 10 KB.
    Redis keeps them in datasketch's Redis storage, shared by every run that uses it."""

    def __init__(self, location: str | None = None, threshold: float = THRESHOLD, num_perm: int = NUM_PERM):
        self.location, self.threshold, self.num_perm = location, threshold, num_perm
        self.store = open_signatures(location, threshold, num_perm)
        storage = self.store.lsh_storage()
        self.lsh = MinHashLSH(threshold, num_perm, weights=LSH_WEIGHTS, storage_config=storage) if storage else None
        loaded = self.store.load()
        for key, signature, shingles, paragraphs in loaded:
            self.store.put(key, entry(signature, shingles, paragraphs))
        self.bands = None if self.lsh else SortedBands(
            np.array([signature for _, signature, *_ in loaded], dtype=np.uint32).reshape(len(loaded), num_perm),
            *lsh_bands(threshold, num_perm))
        self.keys = [key for key, *_ in loaded]  # by row of the sorted bands

    @staticmethod
    def _minhash(signature: np.ndarray) -> MinHash:
        return MinHash(num_perm=len(signature), seed=SEED, hashvalues=signature, scheme="affine32",
                       permutations=permutations(len(signature), SEED))

    def __len__(self) -> int:
        return len(self.store)

    def add(self, key: str, signature: np.ndarray, shingles: int = 0, paragraphs: dict[int, int] | None = None) -> None:
        if self.lsh is not None:
            self.lsh.insert(key, self._minhash(signature), check_duplication=False)
        else:
            self.bands.add(signature)
            self.keys.append(key)
        self.store.put(key, entry(signature, shingles, paragraphs))

    def matches(self, signature: np.ndarray) -> list[tuple[str, float, int, dict | None]]:
        """(key, estimated similarity, shingles, paragraphs) of the indexed documents whose
        similarity to ``signature`` reaches the threshold, best first."""
        return self.matches_many(signature[None, :])(0)

    def matches_many(self, signatures: np.ndarray) -> Callable[[int], list[tuple[str, float, int, dict | None]]]:
        """:meth:`matches` for each of ``signatures``, answered when asked by position, with the
        documents added by then (:meth:`SortedBands.query_many`: the buckets here are searched for
        all at once; Redis's are asked per question)."""
        if self.lsh is None:
            rows = self.bands.query_many(signatures)
            return lambda position: self._judged(signatures[position], list(dict.fromkeys(
                self.keys[row] for row in rows(position))))  # a key indexed again comes once
        return lambda position: self._judged(signatures[position],
                                             self.lsh.query(self._minhash(signatures[position])))

    def _judged(self, signature: np.ndarray, keys: list) -> list[tuple[str, float, int, dict | None]]:
        """The candidates ``keys`` (in the order indexed, when the buckets are here) that reach the
        threshold, best first: (key, estimated similarity, shingles, paragraphs)."""
        found = []
        for key, raw in zip(keys, self.store.get(keys) if keys else []):
            if raw is None:
                continue
            # The signature first: the rest of the entry (its paragraphs) only for those similar enough.
            similarity = estimated_jaccard(signature, np.frombuffer(raw, dtype=np.uint32, count=self.num_perm))
            if similarity >= self.threshold:
                _, shingles, paragraphs = split_entry(raw, self.num_perm)
                found.append((key.decode() if isinstance(key, bytes) else key, similarity, shingles, paragraphs))
        return sorted(found, key=lambda m: -m[1])

    def save(self) -> None:
        """Persist the index (atomically for a local file; Redis persists as it goes)."""
        self.store.save(self.threshold, self.num_perm)


def read_index_file(location: str, threshold: float = THRESHOLD,
                    num_perm: int = NUM_PERM) -> tuple[list, np.ndarray, np.ndarray, list]:
    """The keys, signatures, shingle counts (zeros in a file of an earlier version) and paragraphs
    (None each in a file of an earlier version) of an index file (a path or URL), checked: its
    format, version and MinHash parameters must be this run's. Raises :class:`IndexFileError`
    saying what is wrong.

    Nothing in the file is executed: NumPy reads it with ``allow_pickle=False``."""
    fresh = "move it away (or pass another --index path) to start a fresh index"
    try:
        with locations.reading(location) as f, np.load(f, allow_pickle=False) as archive:
            header = json.loads(str(archive["header"]))
            _check_header(location, header, threshold, num_perm, fresh)
            keys = archive["keys"].tolist()
            signatures = archive["signatures"]
            shingles = archive["shingles"] if "shingles" in archive.files else np.zeros(len(keys), dtype=np.uint32)
            paragraphs = (_paragraphs(archive["paragraph_counts"], archive["paragraph_hashes"],
                                      archive["paragraph_shingles"], len(keys))
                          if "paragraph_counts" in archive.files else [None] * len(keys))
    except IndexFileError:
        raise
    except (OSError, ValueError, KeyError, EOFError, AttributeError, zipfile.BadZipFile) as e:
        raise IndexFileError(f"{location}: not a qingxi dedup index, or damaged ({type(e).__name__}: {e}); "
                             f"{fresh}") from None
    if signatures.dtype != np.uint32 or signatures.shape != (len(keys), num_perm):
        raise IndexFileError(f"{location}: signatures of shape {signatures.shape} ({signatures.dtype}) for "
                             f"{len(keys)} keys; {fresh}")
    if shingles.dtype != np.uint32 or shingles.shape != (len(keys),):
        raise IndexFileError(f"{location}: shingle counts of shape {shingles.shape} ({shingles.dtype}) for "
                             f"{len(keys)} keys; {fresh}")
    return keys, signatures, shingles, paragraphs


# The paragraph count of a document whose paragraphs are not known (kept by an earlier version).
UNKNOWN = 0xFFFFFFFF


def _paragraphs(counts: np.ndarray, hashes: np.ndarray, shingles: np.ndarray, documents: int) -> list[dict | None]:
    """Each document's paragraphs from an index file's packed arrays (None: not known), their shapes checked."""
    sizes = np.where(counts == UNKNOWN, 0, counts).astype(np.int64)
    if counts.shape != (documents,) or hashes.dtype != np.uint64 or hashes.shape != shingles.shape \
            or hashes.ndim != 1 or int(sizes.sum()) != len(hashes):
        raise ValueError(f"paragraphs of {len(hashes)} for {documents} documents counting {int(sizes.sum())}")
    bounds = np.concatenate(([0], np.cumsum(sizes))).tolist()
    hashes, shingles = hashes.tolist(), shingles.tolist()
    return [None if count == UNKNOWN else dict(zip(hashes[a:b], shingles[a:b]))
            for count, a, b in zip(counts.tolist(), bounds, bounds[1:])]


def _check_header(location: str, header, threshold: float, num_perm: int, fresh: str) -> None:
    if not isinstance(header, dict) or header.get("format") != INDEX_FORMAT:
        raise IndexFileError(f"{location}: not a qingxi dedup index (no {INDEX_FORMAT} header); {fresh}")
    if header.get("version") != INDEX_VERSION:
        raise IndexFileError(f"{location}: index format version {header.get('version')}, this qingxi reads "
                             f"{INDEX_VERSION}; {fresh}")
    if (header.get("threshold"), header.get("num_perm"), header.get("seed")) != (threshold, num_perm, SEED):
        raise IndexFileError(f"{location}: index made with threshold {header.get('threshold')}, "
                             f"{header.get('num_perm')} permutations and seed {header.get('seed')}; this run uses "
                             f"{threshold}, {num_perm} and {SEED}; {fresh}")


def index_key(doc_id) -> str:
    """How a document id is stored in the index: JSON, so a number stays a number."""
    return orjson.dumps(doc_id).decode()


@dataclass
class _Signatures:
    # (batch, ids, keys, contamination, lengths, shingles, signatures, packed_paragraphs)
    batches: list = field(default_factory=list)


@dataclass
class Duplicates:
    """The near-duplicates pass's decision: the copies by str(id), clusters counted by size, and
    the documents kept though similar enough to be copies, for text of their own."""

    by_id: dict[str, Duplicate] = field(default_factory=dict)
    cluster_sizes: Counter = field(default_factory=Counter)
    kept_for_own_text: int = 0  # similar enough to a kept document to be its copy, kept for text of their own

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.by_id


class NearDuplicates(CorpusPass):
    """Exact and near-duplicate pages (a :class:`cleaners.passes.CorpusPass`): each batch signs its
    pages; the decision clusters them, checks them against the persistent index in
    ``context["index"]`` (a :class:`DedupIndex`, or None), and keeps one copy per cluster."""

    name = "near_duplicates"

    def __init__(self, threshold: float = THRESHOLD, verify: float = VERIFY):
        self.threshold, self.verify = threshold, verify

    def start(self, round):
        return _Signatures()

    def observe(self, stats, batch, pages, round, hint) -> None:
        keys = [normalised_key(p.text) for p in pages]
        paragraphs = [paragraph_shingles(p.text) if shingle_count(k) <= PARAGRAPHS_UP_TO else {}
                      for p, k in zip(pages, keys)]
        stats.batches.append((batch, [p.id for p in pages], [key_digest(k) for k in keys],
                              [p.contamination for p in pages], [len(p.text) for p in pages],
                              [shingle_count(k) for k in keys], signatures(keys), packed_paragraphs(paragraphs)))

    def merge(self, a, b):
        a.batches += b.batches
        return a

    def decide(self, stats, context) -> Duplicates:
        return find_duplicates(sorted(stats[0].batches, key=lambda b: b[0]), context.get("index"),
                               self.threshold, self.verify)

    def describe(self, decision: Duplicates) -> str:
        clusters = sum(n for size, n in decision.cluster_sizes.items() if size > 1)
        return (f"{len(decision.by_id)} documents are near-duplicates of a kept one ({clusters} clusters); "
                f"{decision.kept_for_own_text} similar ones kept for text of their own")

    def apply(self, decision: Duplicates, page: Page) -> Cleaned | Verdict:
        duplicate = decision.by_id.get(str(page.id))
        if duplicate is None:
            return Cleaned(page.text)
        return Verdict("duplicate", duplicate.explain(), duplicate.of, duplicate.similarity)


def find_duplicates(batches: list[tuple], persistent: DedupIndex | None = None, threshold: float = THRESHOLD,
                    verify: float = VERIFY) -> Duplicates:
    """Duplicate decisions over signed ``batches`` (batch, ids, keys, contamination, lengths,
    shingles, signatures, and perhaps paragraphs: :class:`_Signatures`), in batch order. Kept
    documents are added to ``persistent`` (not saved: the caller saves once the outputs are written)."""
    ids, candidates, sigs, keys, packed = [], [], [], [], []
    for _, batch_ids, batch_keys, contamination, lengths, shingles, batch_sigs, *paragraphs in batches:
        for pos, doc_id in enumerate(batch_ids):
            candidates.append(Candidate(len(ids), contamination[pos], lengths[pos], shingles[pos]))
            ids.append(doc_id)
            sigs.append(batch_sigs[pos])
        keys += batch_keys
        packed += paragraphs

    clusters = UnionFind()
    first_with_key: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key in first_with_key:
            clusters.union(first_with_key[key], i)
        else:
            first_with_key[key] = i
    # Near copies among the first of each key: the pairs an LSH index of them would match. Equal
    # signatures (estimated identical: short texts with no shingle in common alike) join at once.
    firsts = np.array(list(first_with_key.values()), dtype=np.int64)
    if len(firsts):
        distinct, first_of, same_as = np.unique(np.stack([sigs[i] for i in firsts]), axis=0,
                                                return_index=True, return_inverse=True)
        for k, rep in enumerate(first_of[same_as.ravel()].tolist()):
            if rep != k:
                clusters.union(int(firsts[rep]), int(firsts[k]))
        bands, rows = lsh_bands(threshold, len(sigs[0]))
        for a, b in similar_pairs(distinct, bands, rows, threshold):
            clusters.union(int(firsts[first_of[a]]), int(firsts[first_of[b]]))

    members: dict[int, list[int]] = {}
    for i in range(len(ids)):
        members.setdefault(clusters.find(i), []).append(i)
    paragraphs = _unpacked(packed) if packed and len(packed) == len(batches) else None  # None: not observed

    decision = Duplicates()
    own_text: set[int] = set()  # spared as copies for text of their own, by some document kept
    # What earlier runs kept that each document matches, the index searched for all at once.
    earlier_runs = persistent.matches_many(np.stack(sigs)) if persistent is not None and len(persistent) and sigs \
        else None
    for group in members.values():
        # A copy of what an earlier run kept is a duplicate of that, checked like any other.
        fresh = []
        for i in group:
            earlier, spared = _earlier_match(earlier_runs(i) if earlier_runs else [], candidates[i].shingles,
                                             paragraphs(i) if paragraphs else None, verify, len(sigs[i]))
            if spared:
                own_text.add(i)
            if earlier:
                decision.by_id[str(ids[i])] = Duplicate(orjson.loads(earlier[0]), earlier[1], earlier_run=True)
            else:
                fresh.append(i)
        for keep, copies, spared in verified_clusters(fresh, candidates, keys, sigs, verify, paragraphs):
            decision.cluster_sizes[1 + len(copies)] += 1
            own_text.update(spared)
            for i, sim in copies:
                decision.by_id[str(ids[i])] = Duplicate(ids[keep], sim)
            if persistent is not None:
                persistent.add(index_key(ids[keep]), sigs[keep], candidates[keep].shingles,
                               paragraphs(keep) if paragraphs else None)
    decision.kept_for_own_text = sum(str(ids[i]) not in decision.by_id for i in own_text)
    return decision


def _unpacked(packed: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> Callable[[int], dict[int, int]]:
    """Document number -> its paragraphs' shingles by hash, from the batches' packed arrays."""
    sizes, hashes, shingles = (np.concatenate([p[k] for p in packed]) for k in range(3))
    bounds = np.concatenate(([0], np.cumsum(sizes, dtype=np.int64)))

    def paragraphs(i: int) -> dict[int, int]:
        start, end = bounds[i], bounds[i + 1]
        return dict(zip(hashes[start:end].tolist(), shingles[start:end].tolist()))

    return paragraphs


@cache
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows): how datasketch's MinHashLSH splits signatures for ``threshold`` (with :data:`LSH_WEIGHTS`)."""
    lsh = MinHashLSH(threshold, num_perm, weights=LSH_WEIGHTS)
    return lsh.b, lsh.r


def _earlier_match(matches: list[tuple[str, float, int, dict | None]], shingles: int, paragraphs: dict | None,
                   verify: float, num_perm: int = NUM_PERM) -> tuple[tuple[str, float] | None, bool]:
    """Of the ``matches`` an index gave a document (:meth:`DedupIndex.matches`, best first), the
    most similar one an earlier run kept that this one (of ``shingles`` shingles and these
    ``paragraphs``) is a copy of: similar enough, and adding no text of its own to it
    (:func:`adds_its_own`, :func:`adds_own_paragraphs`); and whether one similar enough was passed
    over for this one's own text."""
    spared = False
    for key, similarity, kept, kept_paragraphs in matches:
        if similarity < verify:
            break  # best first: the rest are less similar still
        if not (adds_its_own(similarity, kept, shingles, num_perm=num_perm)
                or adds_own_paragraphs(similarity, kept, shingles, kept_paragraphs, paragraphs, num_perm)):
            return (key, similarity), spared
        spared = True
    return None, spared
