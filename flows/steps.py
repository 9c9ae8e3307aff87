"""Pipeline steps as plain Python: batch, clean, spool, deduplicate, write.

The Prefect flow in :mod:`flows.flow` only orchestrates these; they run and
test without Prefect. Cleaned batches are spooled to shard files so that
corpus-level decisions (duplicates) need only a few bytes per document in
memory, and the final writer streams the shards into the outputs.
"""

from __future__ import annotations

import heapq
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import orjson

import numpy as np

from cleaners import CleanConfig, clean_text, contamination_kinds, detect_script, normalised_key, warm_up
from cleaners.keys import key_digest
from cleaners.edits import Cleaned, chain
from cleaners.near_duplicates import drop_paragraphs, paragraph_hashes, signatures
from cleaners.quality import QualityConfig, page_signals, page_verdict
from cleaners.spam import SpamLexicon, count_occurrences, remove_spam, split_candidates
from cleaners.spliced import Occurrence, document_tail_hashes, sample_per_tail, tail_occurrences
from cleaners.whitespace import tidy_whitespace

from .dedup import Duplicate
from .records import Document, Rejection

Item = Document | Rejection


@dataclass
class Batch:
    index: int
    items: list[Item]

    @property
    def size(self) -> int:
        return len(self.items)


def batches(items: Iterable[Item], max_docs: int, max_chars: int = 8 << 20) -> Iterator[Batch]:
    """Group a stream of items into batches of at most ``max_docs`` documents or ``max_chars`` characters."""
    current: list[Item] = []
    size = 0
    index = 0
    for item in items:
        current.append(item)
        size += len(item.text or "")
        if len(current) >= max_docs or size >= max_chars:
            yield Batch(index, current)
            index += 1
            current, size = [], 0
    if current:
        yield Batch(index, current)


class UniqueIds:
    """Rejects a record whose id an earlier record already used (ids are compared as strings)."""

    def __init__(self) -> None:
        self.first_source: dict[str, str] = {}

    def __call__(self, items: Iterable[Item]) -> Iterator[Item]:
        for item in items:
            key = str(item.id)
            if key in self.first_source:
                where = f"{item.source}:{item.line}" if item.line else item.source
                yield Rejection(item.id, item.source, "duplicate_id",
                                f"{where}: id {key!r} already used in {self.first_source[key]}",
                                item.line, item.text)
            else:
                self.first_source[key] = f"{item.source}:{item.line}" if item.line else item.source
                yield item


@dataclass
class ShardSummary:
    """What the corpus-level steps need to know about a spooled batch: a few bytes per document."""

    index: int
    path: str
    ids: list = field(default_factory=list)  # per kept document, in shard order
    keys: list[str] = field(default_factory=list)  # exact-duplicate key
    contamination: list[int] = field(default_factory=list)  # edits other than whitespace
    lengths: list[int] = field(default_factory=list)
    paragraphs: list[list[int]] = field(default_factory=list)  # paragraph hashes
    signatures: np.ndarray | None = None  # MinHash, (kept documents, num_perm)
    spam: SpamLexicon = field(default_factory=SpamLexicon)  # split candidates seen in the batch
    sentence_tails: np.ndarray | None = None  # hashes of each document's sentence ends (cleaners.spliced)
    documents: int = 0
    input_chars: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    slowest: list = field(default_factory=list)  # (seconds, id, bytes) of the costliest documents to clean

    def note_cost(self, doc_id, size: int, seconds: float) -> None:
        """Keep the :data:`SLOWEST` documents that took longest to clean, for the manifest."""
        self.slowest = heapq.nlargest(SLOWEST, self.slowest + [(seconds, doc_id, size)], key=lambda s: s[0])


SLOWEST = 10


MAX_UNRECOVERABLE_SHARE = 0.5  # of a document's characters garbled beyond repair: not worth keeping


def clean_document(doc: Document, config: CleanConfig, quality: QualityConfig = QualityConfig()) -> Item:
    """Clean one document and judge the page; a document with nothing left is rejected as empty,
    one not worth training on with its page verdict."""
    try:
        result = clean_text(doc.text, config)
    except Exception as e:  # a cleaner's bug costs one document, quarantined with the error, not the run
        return _failed(doc, "clean_text", e)
    lost = sum(len(e.before) for e in result.edits if e.rule == "mojibake.unrecoverable")
    if lost >= MAX_UNRECOVERABLE_SHARE * len(doc.text):
        return Rejection(doc.id, doc.source, "mojibake", f"{lost} of {len(doc.text)} characters are garbled "
                         "beyond repair", doc.line, doc.text)
    if not result.text.strip():
        return Rejection(doc.id, doc.source, "empty", "no text left after cleaning" if doc.text.strip()
                         else "the document is empty", doc.line, doc.text)
    signals = page_signals(result.text)
    reason, why = page_verdict(signals, quality)
    if reason:
        return Rejection(doc.id, doc.source, reason, why, doc.line, doc.text, quality=signals.to_dict())
    doc.text = result.text
    doc.edits = [e.to_dict() for e in result.edits]
    doc.flags = sorted(contamination_kinds(result.edits))
    doc.script = detect_script(doc.text)
    doc.quality = signals.to_dict()
    return doc


def clean_and_spool(batch: Batch, config: CleanConfig, spool_dir: str,
                    quality: QualityConfig = QualityConfig()) -> ShardSummary:
    """Pass 1: clean a batch, gather spam candidates, and spool it to a shard file."""
    summary = ShardSummary(batch.index, str(Path(spool_dir) / f"shard-{batch.index:06d}.jsonl"))
    started = time.perf_counter()
    warm_up()  # once per worker process: tables are not any document's cost
    summary.seconds["warm_up"] = time.perf_counter() - started
    started = time.perf_counter()
    cleaned: list[Item] = []
    for item in batch.items:
        summary.documents += 1
        if isinstance(item, Document):
            summary.input_chars += len(item.text)
            began, size = time.perf_counter(), len(item.text.encode("utf-8", "surrogatepass"))
            item = clean_document(item, config, quality)
            summary.note_cost(item.id, size, time.perf_counter() - began)
        cleaned.append(item)
    summary.seconds["clean"] = time.perf_counter() - started
    started = time.perf_counter()
    if config.remove_spam:
        tails: list[int] = []
        for k, item in enumerate(cleaned):
            if isinstance(item, Document):
                try:
                    spans, hashes = split_candidates(item.text), document_tail_hashes(item.text)
                except Exception as e:
                    cleaned[k] = _failed(item, "spam_candidates", e)
                    continue
                summary.spam.observe(item.id, item.text, spans)
                tails.extend(hashes)
        summary.sentence_tails = np.array(tails, dtype=np.int64)
    summary.seconds["spam_candidates"] = time.perf_counter() - started
    _spool(summary, cleaned)
    return summary


def count_in_shard(summary: ShardSummary, strings: set[str], tails: set[int]) -> tuple[Counter, list[Occurrence]]:
    """Occurrences of spam candidates, and of recurring sentence tails, in a spooled shard."""
    documents = [item for item in read_shard(summary.path) if isinstance(item, Document)]
    return (count_occurrences((doc.text for doc in documents), strings),
            sample_per_tail(o for doc in documents for o in tail_occurrences(doc.text, tails, doc.id)))


def remove_spam_and_sign(summary: ShardSummary, lexicon: SpamLexicon | None) -> ShardSummary:
    """Pass 2, once the corpus has spoken: remove spam, then the keys and signatures for dedup."""
    started = time.perf_counter()
    items = [_without_spam(item, lexicon) if lexicon and isinstance(item, Document) else item
             for item in read_shard(summary.path)]
    summary.seconds["spam"] = time.perf_counter() - started
    started = time.perf_counter()
    keys = []
    for item in items:
        if isinstance(item, Document):
            key = normalised_key(item.text)
            keys.append(key)
            summary.ids.append(item.id)
            summary.keys.append(key_digest(key))
            summary.contamination.append(sum(not e["rule"].startswith("whitespace.") for e in item.edits))
            summary.lengths.append(len(item.text))
            summary.paragraphs.append(paragraph_hashes(item.text))
    summary.signatures = signatures(keys)
    summary.seconds["signatures"] = time.perf_counter() - started
    _spool(summary, items)
    return summary


# A document that is more spam than text is rejected rather than cleaned.
MAX_SPAM_SHARE = 0.5


def _failed(doc: Document, stage: str, error: Exception) -> Rejection:
    return Rejection(doc.id, doc.source, "cleaner_error", f"{stage}: {type(error).__name__}: {error}",
                     doc.line, doc.text)


def _without_spam(doc: Document, lexicon: SpamLexicon) -> Item:
    try:
        result = chain(doc.text, [lambda text: remove_spam(text, lexicon), tidy_whitespace])
    except Exception as e:
        return _failed(doc, "remove_spam", e)
    removed = sum(len(e.before) for e in result.edits if e.rule.startswith("spam."))
    if removed >= MAX_SPAM_SHARE * len(doc.text):
        return Rejection(doc.id, doc.source, "spam", f"{removed} of {len(doc.text)} characters are spam",
                         doc.line, doc.text)
    return _amend(doc, result, "spam", "nothing left but spam")


def _amend(doc: Document, result: Cleaned, reason: str, detail: str) -> Item:
    """Apply a later stage's result to a cleaned document: its edits appended, its kinds
    flagged, or the document rejected with ``reason`` when nothing is left."""
    if not result.edits:
        return doc
    if not result.text.strip():
        return Rejection(doc.id, doc.source, reason, detail, doc.line, doc.text)
    doc.text = result.text
    doc.edits += [e.to_dict() for e in result.edits]
    doc.flags = sorted(set(doc.flags) | contamination_kinds(result.edits))
    return doc


def _spool(summary: ShardSummary, items: list[Item]) -> None:
    started = time.perf_counter()
    with atomic_write(summary.path) as out:
        for item in items:
            out.write(_encode(item))
    summary.seconds["spool"] = summary.seconds.get("spool", 0.0) + time.perf_counter() - started


def _encode(item: Item) -> bytes:
    kind = b"D" if isinstance(item, Document) else b"R"
    return kind + orjson.dumps(item.to_json()) + b"\n"


def _drop_furniture(doc: Document, furniture: frozenset[int]) -> Item:
    return _amend(doc, drop_paragraphs(doc.text, furniture), "empty",
                  "nothing left but paragraphs found in many documents")


def read_shard(path: str) -> Iterator[Item]:
    with open(path, "rb") as f:
        for line in f:
            record = orjson.loads(line[1:])
            yield Document.from_json(record) if line[:1] == b"D" else Rejection.from_json(record)


@dataclass
class OutputStats:
    """Counts gathered while writing, for the manifest."""

    kept: int = 0
    rejected: Counter = field(default_factory=Counter)
    per_source: dict = field(default_factory=dict)
    encodings: Counter = field(default_factory=Counter)
    scripts: Counter = field(default_factory=Counter)
    flags: Counter = field(default_factory=Counter)
    output_chars: int = 0

    def count(self, item: Item) -> None:
        source = self.per_source.setdefault(item.source, {"kept": 0, "rejected": 0})
        if isinstance(item, Document):
            self.kept += 1
            source["kept"] += 1
            self.encodings[item.encoding] += 1
            self.scripts[item.script] += 1
            self.flags.update(item.flags)
            self.output_chars += len(item.text)
        else:
            self.rejected[item.reason] += 1
            source["rejected"] += 1


def write_outputs(shards: list[ShardSummary], duplicates: dict[str, Duplicate], out_dir: str,
                  furniture: frozenset[int] = frozenset()) -> OutputStats:
    """Stream the shards into clean.jsonl and rejected.jsonl, applying corpus-level decisions:
    duplicates are rejected, paragraphs recurring across many documents removed."""
    stats = OutputStats()
    out = Path(out_dir)
    with atomic_write(out / "clean.jsonl") as clean, atomic_write(out / "rejected.jsonl") as rejected:
        for shard in sorted(shards, key=lambda s: s.index):
            for item in read_shard(shard.path):
                if isinstance(item, Document) and str(item.id) in duplicates:
                    dup = duplicates[str(item.id)]
                    item = Rejection(item.id, item.source, "duplicate", dup.explain(),
                                     item.line, item.text, dup.of, dup.similarity)
                elif isinstance(item, Document) and furniture:
                    item = _drop_furniture(item, furniture)
                stats.count(item)
                target = clean if isinstance(item, Document) else rejected
                target.write(orjson.dumps(item.to_json()) + b"\n")
    return stats


@contextmanager
def atomic_write(path: str | Path, mode: str = "wb"):
    """Write to a temporary name beside ``path`` and rename on success only."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, mode) as f:
        try:
            yield f
        except BaseException:
            f.close()
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, path)
