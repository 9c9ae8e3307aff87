"""Pipeline steps as plain Python: batch, clean, spool, walk the shards for corpus passes, write.

The Prefect flow in :mod:`flows.flow` only orchestrates these; they run and
test without Prefect. Cleaned batches are spooled to shard files, so that
corpus passes (:mod:`cleaners.passes`) hold only their statistics in memory:
each walk over a shard applies one stage's decisions and lets the next stage
observe the result, and the final writer streams the shards into the outputs.
"""

from __future__ import annotations

import gc
import heapq
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import orjson

from cleaners import CleanConfig, clean_text, contamination_kinds, detect_script, warm_up
from cleaners.passes import CorpusPass, Page, Verdict, url_host
from cleaners.quality import QualityConfig, furniture_chars, page_signals, page_verdict

from . import locations
from .records import Document, Rejection
from .writers import open_writer, stale_outputs

Item = Document | Rejection


@dataclass
class Batch:
    index: int
    items: list[Item]

    @property
    def size(self) -> int:
        return len(self.items)


def batches(items: Iterable[Item], max_docs: int, max_chars: int | Callable[[int], int] = 8 << 20) -> Iterator[Batch]:
    """Group a stream of items into batches of at most ``max_docs`` documents or ``max_chars``
    characters; ``max_chars`` may be a function of the characters batched so far, asked as each
    batch starts (:class:`EvenBatches`)."""
    budget = max_chars if callable(max_chars) else lambda done: max_chars
    current: list[Item] = []
    size = done = 0
    index = 0
    limit = budget(done)
    for item in items:
        current.append(item)
        size += len(item.text or "")
        if len(current) >= max_docs or size >= limit:
            yield Batch(index, current)
            index += 1
            done += size
            current, size = [], 0
            limit = budget(done)
    if current:
        yield Batch(index, current)


class EvenBatches:
    """Characters per batch (:func:`batches`) that cut an input of ``input_bytes`` into batches
    of about ``target`` characters, all alike, as many as a multiple of ``workers``, so that the
    workers finish together. Cut at ``target`` itself, the input's last batch was a crumb that
    ran alone at the end of every step while the other workers waited (0.4 s of a two-worker
    run's 11 s of cleaning). The input's characters per byte, unknown before it is read, are
    learnt as it is read (:meth:`read`, with each count of bytes read).

        >>> sizes = EvenBatches(input_bytes=3_000, target=210, workers=2)  # 1,000 characters at 3 bytes each
        >>> sizes(0)  # 1,000 / 210 = 4.8 batches: four, an even number
        250
        >>> sizes.read(1_500); sizes(600)  # 600 in 1,500 bytes: 1,200 in all, 600 to go, in three
        200
        >>> sizes.read(2_000); sizes(1_500)  # more read than the input had when listed (it grew): half a target
        105
    """

    def __init__(self, input_bytes: int, target: int, workers: int = 1):
        self.input_bytes, self.target, self.workers = input_bytes, target, max(workers, 1)
        self.bytes_read = self.made = 0

    def read(self, n_bytes: int) -> None:
        self.bytes_read += n_bytes

    def __call__(self, chars_batched: int) -> int:
        """The budget of the next batch, ``chars_batched`` characters having gone into batches."""
        per_byte = chars_batched / self.bytes_read if chars_batched and self.bytes_read else 1 / 3
        # Never below nothing: a file that grew since it was listed would make every later batch
        # one document (a task each).
        left = max(self.input_bytes * per_byte - chars_batched, 0.0)
        planned = self.made + left / self.target
        batches_left = max(1, self.workers * round(planned / self.workers)) - self.made
        self.made += 1
        if batches_left <= 1:  # the rest in one: an estimate a little short must not leave a crumb
            return int(left + self.target / 2)
        return math.ceil(left / batches_left)


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
    """A spooled batch as the corpus-level steps see it: its ids and timings, and what each corpus
    pass observed in it (by pass name; merged on the driver, then cleared)."""

    index: int
    path: str
    stage: int = 0  # corpus stages applied to the spooled documents; each stage spools to a new file
    ids: list = field(default_factory=list)  # per kept document, in shard order
    stats: dict[str, Any] = field(default_factory=dict)
    documents: int = 0
    input_chars: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    slowest: list = field(default_factory=list)  # (seconds, id, bytes) of the costliest documents to clean

    def note_cost(self, doc_id, size: int, seconds: float) -> None:
        """Keep the :data:`SLOWEST` documents that took longest to clean, for the manifest."""
        self.slowest = heapq.nlargest(SLOWEST, self.slowest + [(seconds, doc_id, size)], key=lambda s: s[0])

    def time(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds


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
    if lost and lost >= MAX_UNRECOVERABLE_SHARE * len(doc.text):
        return Rejection(doc.id, doc.source, "mojibake", f"{lost} of {len(doc.text)} characters are garbled "
                         "beyond repair", doc.line, doc.text)
    if not result.text.strip():
        return Rejection(doc.id, doc.source, "empty", "no text left after cleaning" if doc.text.strip()
                         else "the document is empty", doc.line, doc.text)
    signals = page_signals(result.text, furniture_chars(result.edits))
    reason, why = page_verdict(signals, quality)
    if reason:
        return Rejection(doc.id, doc.source, reason, why, doc.line, doc.text, quality=signals.to_dict())
    doc.text = result.text
    doc.edits = [e.to_dict() for e in result.edits]
    doc.flags = sorted(contamination_kinds(result.edits))
    doc.script = detect_script(doc.text)
    doc.quality = signals.to_dict()
    return doc


_warming: threading.Thread | None = None


def start_warming() -> None:
    """Build the cleaners' tables in a thread of this process while the command starts Prefect:
    a one-worker run cleans its batches in this process, and its first batch waits on them."""
    global _warming
    _warming = threading.Thread(target=warm_up, name="warm_up", daemon=True)
    _warming.start()


def _warm() -> None:
    """The cleaners' tables, built here or by :func:`start_warming`'s thread (waited for, not
    built a second time beside it)."""
    if _warming is not None:
        _warming.join()
    warm_up()
    freeze_tables()


@cache
def freeze_tables() -> None:
    """Put what the process holds once the cleaners' tables are built out of the garbage
    collector's reach (``gc.freeze``), once. The tables are dicts of hundreds of thousands of
    entries (the character model, jieba's dictionary) that live as long as the process; every full
    collection walked them again, 0.1-0.2 s each, several times a batch, and the walk wrote to
    objects that forked workers share with the fork server, copying their pages."""
    gc.freeze()


def clean_and_spool(batch: Batch, config: CleanConfig, spool_dir: str, quality: QualityConfig = QualityConfig(),
                    passes: Sequence[CorpusPass] = ()) -> ShardSummary:
    """Pass 1: clean a batch, let ``passes`` take their first look at it, and spool it to a shard file."""
    summary = ShardSummary(batch.index, shard_path(spool_dir, batch.index, 0))
    started = time.perf_counter()
    _warm()  # once per worker process: tables are not any document's cost
    summary.seconds["warm_up"] = time.perf_counter() - started
    started = time.perf_counter()
    cleaned: list[Item] = []
    for item in batch.items:
        summary.documents += 1
        if isinstance(item, Document):
            summary.input_chars += len(item.text)
            # The thread's CPU time, not the wall clock: other threads of the process (reading the
            # next batch, saving a checkpoint, Prefect's) hold the GIL for tens of ms at times, and a
            # wall clock blamed that on whichever document was being cleaned.
            began, size = time.thread_time(), len(item.text.encode("utf-8", "surrogatepass"))
            item = clean_document(item, config, quality)
            summary.note_cost(item.id, size, time.thread_time() - began)
        cleaned.append(item)
    summary.seconds["clean"] = time.perf_counter() - started
    _observe(summary, cleaned, passes, 0, {})
    _spool(summary, cleaned)
    return summary


def observe_shard(summary: ShardSummary, passes: Sequence[CorpusPass], round: int, hints: dict) -> ShardSummary:
    """A later look of ``passes`` (round ``round``, with the driver's ``hints`` by pass name) at a shard."""
    _observe(summary, list(read_shard(summary.path)), passes, round, hints)
    return summary


def apply_and_observe(summary: ShardSummary, done: Sequence[CorpusPass], decisions: dict,
                      passes: Sequence[CorpusPass]) -> ShardSummary:
    """Apply the decisions of the passes ``done`` to a shard's documents, let the next stage's
    ``passes`` take their first look at the result, and spool it again."""
    items = [_apply(item, done, decisions, summary) if isinstance(item, Document) else item
             for item in read_shard(summary.path)]
    summary.ids = [item.id for item in items if isinstance(item, Document)]
    _observe(summary, items, passes, 0, {})
    # A new file: the cleaned shard stays as it was, for a resumed run (flows.checkpoints).
    previous, summary.stage = summary.path, summary.stage + 1
    summary.path = shard_path(locations.parent(previous), summary.index, summary.stage)
    _spool(summary, items)
    if summary.stage > 1:
        locations.remove(previous)
    return summary


def shard_path(spool_dir: str, index: int, stage: int) -> str:
    """Where batch ``index`` is spooled after ``stage`` corpus stages (a path, or a URL: :mod:`flows.locations`)."""
    return locations.join(spool_dir, f"shard-{index:06d}.{stage}.jsonl")


def merge_stats(corpus_pass: CorpusPass, summaries: Iterable[ShardSummary], round: int) -> Any:
    """One pass's statistics of ``round`` merged over the shards in their order, whatever the
    order they are given in (taken out of the summaries)."""
    return merge_in_order(corpus_pass, sorted(summaries, key=lambda s: s.index), round)


def merge_in_order(corpus_pass: CorpusPass, summaries: Iterable[ShardSummary], round: int) -> Any:
    """:func:`merge_stats` of summaries that come in the shards' order, each merged as it comes:
    results merged as they arrive are never all held at once, and a pass that keeps a sample
    (:class:`cleaners.spliced.TailSample`) holds only the sample."""
    stats = corpus_pass.start(round)
    last = -1
    for summary in summaries:
        if summary.index <= last:
            raise ValueError(f"shard {summary.index} came after shard {last}: merging needs the shards' order")
        stats = corpus_pass.merge(stats, summary.stats.pop(corpus_pass.name))
        last = summary.index
    return stats


def _observe(summary: ShardSummary, items: list[Item], passes: Sequence[CorpusPass], round: int,
             hints: dict) -> None:
    """Each pass looks at the shard's documents; a document it fails on is quarantined, not the shard."""
    for corpus_pass in passes:
        if round >= corpus_pass.rounds:
            continue
        started = time.perf_counter()
        stats = corpus_pass.start(round)
        pages = [_page(item) for item in items if isinstance(item, Document)]
        try:
            corpus_pass.observe(stats, summary.index, pages, round, hints.get(corpus_pass.name))
        except Exception:  # find the document it fails on; the others are looked at one by one
            stats = corpus_pass.start(round)
            for k, item in enumerate(items):
                if isinstance(item, Document):
                    try:
                        corpus_pass.observe(stats, summary.index, [_page(item)], round, hints.get(corpus_pass.name))
                    except Exception as e:
                        items[k] = _failed(item, f"{corpus_pass.name}.observe", e)
        summary.stats[corpus_pass.name] = stats
        summary.time(f"{corpus_pass.name}.observe", time.perf_counter() - started)


def _page(doc: Document) -> Page:
    return Page(doc.id, doc.text, sum(not e["rule"].startswith("whitespace.") for e in doc.edits),
                url_host(doc.url or str(doc.id)))


def _apply(doc: Document, passes: Sequence[CorpusPass], decisions: dict, summary: ShardSummary) -> Item:
    """The decisions of ``passes`` applied to one document in turn: its edits appended, or a rejection."""
    for corpus_pass in passes:
        started = time.perf_counter()
        try:
            result = corpus_pass.apply(decisions[corpus_pass.name], _page(doc))
        except Exception as e:
            return _failed(doc, f"{corpus_pass.name}.apply", e)
        finally:
            summary.time(f"{corpus_pass.name}.apply", time.perf_counter() - started)
        if isinstance(result, Verdict):
            return Rejection(doc.id, doc.source, result.reason, result.detail, doc.line, doc.text,
                             result.of, result.similarity)
        if result.edits:
            doc.text = result.text
            doc.edits += [e.to_dict() for e in result.edits]
            doc.flags = sorted(set(doc.flags) | contamination_kinds(result.edits))
    return doc


def _failed(doc: Document, stage: str, error: Exception) -> Rejection:
    return Rejection(doc.id, doc.source, "cleaner_error", f"{stage}: {type(error).__name__}: {error}",
                     doc.line, doc.text)


def _spool(summary: ShardSummary, items: list[Item]) -> None:
    started = time.perf_counter()
    with locations.writing(summary.path) as out:
        for item in items:
            out.write(_encode(item))
    summary.seconds["spool"] = summary.seconds.get("spool", 0.0) + time.perf_counter() - started


def _encode(item: Item) -> bytes:
    kind = b"D" if isinstance(item, Document) else b"R"
    return kind + orjson.dumps(item.to_json(spool=True)) + b"\n"


def read_shard(path: str) -> Iterator[Item]:
    with locations.reading(path) as f:
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
    invalid_bytes: int = 0  # runs of bytes that did not decode, in kept documents
    files: dict = field(default_factory=dict)  # output files written, by kind (clean, rejected)

    def count(self, item: Item) -> None:
        source = self.per_source.setdefault(item.source, {"kept": 0, "rejected": 0})
        if isinstance(item, Document):
            self.kept += 1
            source["kept"] += 1
            self.encodings[item.encoding] += 1
            self.scripts[item.script] += 1
            self.flags.update(item.flags)
            self.output_chars += len(item.text)
            self.invalid_bytes += item.invalid_bytes
        else:
            self.rejected[item.reason] += 1
            source["rejected"] += 1


def write_outputs(shards: list[ShardSummary], out_dir: str, output_format: str = "jsonl",
                  shard_size: int = 0) -> OutputStats:
    """Stream the shards, every stage's decisions applied (:func:`apply_and_observe`), into the clean
    and rejected outputs (:mod:`flows.writers`); an earlier run's output files that this run did not
    write are removed once the new ones are in place."""
    stats = OutputStats()
    writers = {kind: open_writer(out_dir, kind, output_format, shard_size) for kind in ("clean", "rejected")}
    try:
        for shard in sorted(shards, key=lambda s: s.index):
            for item in read_shard(shard.path):
                stats.count(item)
                writers["clean" if isinstance(item, Document) else "rejected"].write(item.to_json())
    except BaseException:
        for writer in writers.values():
            writer.abort()
        raise
    stats.files = {kind: writer.close() for kind, writer in writers.items()}
    for stale in stale_outputs(out_dir, [name for names in stats.files.values() for name in names]):
        stale.unlink(missing_ok=True)
    return stats
