"""The ``clean_corpus`` Prefect flow: read → clean in batches → corpus passes (spam; then
near-duplicates and paragraph furniture) → write → report.

Each corpus pass (:mod:`cleaners.passes`) observes the batches where they are, its statistics
merge here, it decides once, and its decision is applied in the next walk over the batches:
the flow knows what a pass is, not what any pass computes.

Documents travel in batches of hundreds to thousands per task, never one task
per document: Prefect costs a few milliseconds a task and its embedded server
falls behind at about a thousand tasks a run. With no ``PREFECT_API_URL`` the
flow runs against Prefect's temporary local server; with one, the run shows
in that server's UI.
"""

# No `from __future__ import annotations`: Prefect validates parameters against these annotations,
# and a served deployment loads this module where string annotations do not resolve.

import gc
import heapq
import json
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any, Literal

from prefect import flow, get_run_logger, task
from pydantic import BaseModel, ConfigDict, Field, field_validator
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from cleaners import CleanConfig
from cleaners.passes import CorpusPass, ParagraphFurniture, Spam
from cleaners.quality import QualityConfig
from cleaners.spam import SpamLexicon
from cleaners.spam_families import KNOWN_FAMILIES

from . import locations
from .checkpoints import WORK, Checkpoints, fingerprint
from .dedup import DedupIndex, NearDuplicates
from .ledger import INDEX, Ledger, partition
from .manifest import build_manifest, qingxi_version, write_manifest
from .outdir import atomic_write, claimed
from .progress import ByteProgress
from .readers import ReadOptions, discover_inputs, is_url, read_file
from .report import write_report
from .report_html import render_markdown
from .workers import Opaque, in_workers, unwrapping, worker_pool
from .steps import (SLOWEST, EvenBatches, ShardSummary, UniqueIds, apply_and_observe, batches, clean_and_spool,
                    merge_in_order, merge_stats, observe_shard, write_outputs)


class RunOptions(BaseModel):
    """Everything a run is asked to do: a flow parameter (plain JSON, validated by Prefect, so a
    deployment, the UI's form and the API can pass any option ``qingxi run`` has), recorded in the
    manifest. ``clean`` switches cleaners (``{"repair_mojibake": false}``), ``quality`` sets
    page-verdict thresholds.

        >>> RunOptions.model_validate({"script": "simplified", "clean": {"repair_mojibake": False}}).clean
        {'repair_mojibake': False}
    """

    model_config = ConfigDict(extra="forbid")

    text_field: str = "text"
    id_field: str = "id"
    url_field: str = ""  # the page's URL, for its host; "": the id, when it is a URL
    script: Literal["keep", "simplified", "traditional"] = "keep"
    batch_size: int = Field(2000, ge=1)
    workers: int = Field(1, ge=1)  # processes; with ``dask``, the cluster's workers (two batches each in flight)
    dask: str | None = Field(None, pattern=r"^(local:[1-9][0-9]*|tcp://.+|tls://.+)$")  # a Dask scheduler, or local:N
    progress: bool = False
    index: str | None = None  # persistent dedup index: a file path or redis://host:port/db
    spool: str | None = None  # where batch shards wait between steps (a folder or URL); None: the output folder
    spam_lexicon: str | None = None  # JSON file of spam families to start from (a run's spam_lexicon.json)
    paragraph_min_docs: int = Field(5, ge=1)  # a paragraph in this many kept documents is page furniture
    clean: dict[str, bool] = {}  # CleanConfig overrides
    quality: dict[str, int | float | bool] = {}  # QualityConfig overrides: page verdict thresholds
    keep_all: bool = False  # judge pages but reject none for it
    output_format: Literal["jsonl", "jsonl.gz", "parquet"] = "jsonl"
    shard_size: int = Field(0, ge=0)  # documents per output file; 0: one file per kind
    incremental: bool = False  # clean only files the output folder's ledger has not seen, into a partition
    recipe: dict | None = None  # the --config file the run was described by: path, sha256, settings

    @field_validator("clean", "quality")
    @classmethod
    def _known_settings(cls, value: dict, info) -> dict:
        config = CleanConfig if info.field_name == "clean" else QualityConfig
        known = [f.name for f in fields(config)]
        unknown = sorted(set(value) - set(known))
        if unknown:
            raise ValueError(f"no such setting {', '.join(unknown)} (settings: {', '.join(known)})")
        return value

    def clean_config(self) -> CleanConfig:
        return CleanConfig(script=self.script, **self.clean)

    def quality_config(self) -> QualityConfig:
        return QualityConfig(**{"keep_all": self.keep_all, **self.quality})


# Tasks that write files retry: a full disk or a flaky network mount is worth a second try.
# Batches, shard summaries, passes and decisions travel as Opaque: see flows.workers.
clean_batch = task(in_workers(clean_and_spool), name="clean_batch", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
observe_batch = task(in_workers(observe_shard), name="observe_batch", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
apply_to_batch = task(in_workers(apply_and_observe), name="apply_to_batch", retries=2, retry_delay_seconds=2,
                      cache_policy=NO_CACHE)
write_corpus = task(unwrapping(write_outputs), name="write_outputs", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
write_contamination_report = task(write_report, name="write_report", retries=2, retry_delay_seconds=2,
                                  cache_policy=NO_CACHE)
write_run_manifest = task(write_manifest, name="write_manifest", retries=2, retry_delay_seconds=2,
                          cache_policy=NO_CACHE)


def corpus_stages(options: RunOptions, config: CleanConfig) -> list[list[CorpusPass]]:
    """The corpus passes, in stages: a stage observes text as the stages before it left it."""
    first = [Spam(load_spam_lexicon(options.spam_lexicon))] if config.remove_spam else []
    return [first, [NearDuplicates(), ParagraphFurniture(options.paragraph_min_docs)]]


@flow(name="clean_corpus", flow_run_name="clean → {out}")
def clean_corpus(inputs: list[str], out: str, options: RunOptions = RunOptions()) -> dict:
    """Clean the documents in ``inputs`` (files or folders) into the folder ``out``; returns the
    manifest. With ``options.incremental``, only files ``out``'s ledger has not seen, into a
    partition of ``out`` (:mod:`flows.ledger`)."""
    options = _spool_for(out, options)
    with claimed(out) as out_dir, worker_pool(options.workers, options.dask):
        runner = clean_batches.with_options(task_runner=task_runner_for(options))
        if not options.incremental:
            return runner(inputs, out_dir, options, publishing=is_url(out))
        return _incremental(runner, inputs, out_dir, options)


def _spool_for(out: str, options: RunOptions) -> RunOptions:
    """Where the run spools when not told: the output folder's work folder. An output URL is
    staged in a folder only this machine sees, so a cluster's workers elsewhere spool in the
    store, under the URL's own work folder."""
    remote = options.dask is not None and not options.dask.startswith("local:")
    if options.spool is None and remote and is_url(out):
        return options.model_copy(update={"spool": locations.join(out, WORK)})
    return options


def _incremental(runner, inputs: list[str], out_dir: Path, options: RunOptions) -> dict:
    log = get_run_logger()
    ledger = Ledger(out_dir)
    selection = ledger.select(discover_inputs(inputs, exclude=[out_dir]))
    for f in selection.changed:
        log.warning("%s changed since an earlier run cleaned it: cleaning it again", f.source)
    log.info("incremental: %d new files, %d changed, %d already cleaned", len(selection.new),
             len(selection.changed), len(selection.unchanged))
    part = partition(out_dir)
    options = options.model_copy(update={"index": options.index or str(out_dir / INDEX)})
    manifest = runner([f.url or str(f.path) for f in selection.to_clean], part, options)
    run = part.name.removeprefix("run=")
    ledger.record(selection, run)
    manifest["incremental"] = {"run": run, "partition": str(part), "ledger": str(ledger.path),
                               "new": [f.source for f in selection.new],
                               "changed": [f.source for f in selection.changed],
                               "unchanged": len(selection.unchanged)}
    write_run_manifest(manifest, str(part))
    return manifest


# The batch tasks run in this inner flow, whose task runner (as many threads as steps in
# flight) the outer flow picks from its ``workers`` and ``dask`` parameters: a deployment's
# run can ask for processes or a cluster.
@flow(name="clean_batches", flow_run_name="batches → {out_dir}", validate_parameters=False)
def clean_batches(inputs: list[str], out_dir: Path, options: RunOptions, publishing: bool = False) -> dict:
    return _clean_corpus(inputs, out_dir, options, publishing)


def _clean_corpus(inputs: list[str], out_dir: Path, options: RunOptions, publishing: bool) -> dict:
    """The run; when ``publishing``, ``out_dir`` is staged for a URL and its work folder stays
    until the outputs are published there (:mod:`flows.checkpoints`)."""
    started = time.perf_counter()
    skipped: list[dict] = []
    files = discover_inputs(inputs, exclude=[out_dir], skipped=skipped)
    log = get_run_logger()
    log.info("%d input files, %.1f MB%s", len(files), sum(f.size for f in files) / 1e6,
             f" ({len(skipped)} skipped: see the manifest)" if skipped else "")
    checkpoints = Checkpoints(out_dir, fingerprint(files, options.model_dump(), qingxi_version()), options.spool)
    written = checkpoints.written() if publishing else None
    if written is not None:
        log.info("an earlier attempt of this run wrote its outputs and was stopped publishing them: publishing them")
        write_run_manifest(written, str(out_dir))
        return written
    config = options.clean_config()
    stages = corpus_stages(options, config)
    timings: dict[str, float] = {}
    index = DedupIndex(options.index) if options.index else None
    context: dict = {"index": index}
    if options.workers > 1 or options.dask:
        start_preparing(options)  # the command started it while Prefect started; a deployment's run starts it here

    wall = {"set_up": time.perf_counter() - started}  # the driver's wall clock, phase by phase
    t = time.perf_counter()
    summaries, read_counts = _clean_all(files, options, config, checkpoints, stages[0], timings)
    wall["read"] = timings["read"]
    wall["clean"] = time.perf_counter() - t - timings["read"]
    for k, stage in enumerate(stages):
        t = time.perf_counter()
        if _preparing is not None:
            _preparing.join()  # long done: deciding needs what it builds
        with collections_paused():
            context.update(_decide(stage, summaries, context, timings))
        timings[f"decide:{k}"] = wall[f"decide:{k}"] = time.perf_counter() - t
        for corpus_pass in stage:
            log.info("%s: %s", corpus_pass.name, corpus_pass.describe(context[corpus_pass.name]))
        # The workers apply every stage's decisions, the last one's too: the driver only streams
        # the final shards into the outputs.
        t = time.perf_counter()
        decisions = {p.name: p.for_workers(context[p.name]) for p in stage}  # only these travel to the workers
        following = stages[k + 1] if k + 1 < len(stages) else []
        summaries = [f.result() for f in [apply_to_batch.submit(Opaque(s), Opaque(stage), Opaque(decisions),
                                                                Opaque(following))
                                          for s in summaries]]
        wall[f"apply:{k}"] = time.perf_counter() - t
    t = time.perf_counter()
    stats = write_corpus(Opaque(summaries), str(out_dir), options.output_format, options.shard_size)
    timings["write"] = wall["write"] = time.perf_counter() - t
    for stage in sorted({name for s in summaries for name in s.seconds}):
        timings[stage] = sum(s.seconds.get(stage, 0.0) for s in summaries)
    t = time.perf_counter()
    if index is not None:
        index.save()  # only once the outputs that justify it are written
    lexicon = context.get(Spam.name)
    if lexicon is not None:
        write_json(lexicon.to_json(), out_dir / "spam_lexicon.json")
    if not publishing:
        checkpoints.finish()
    wall["save_state"] = time.perf_counter() - t

    manifest = build_manifest(files, read_counts, stats, options, timings, wall, time.perf_counter() - started)
    duplicates = context[NearDuplicates.name]
    manifest["duplicate_clusters"] = {str(size): n for size, n in sorted(duplicates.cluster_sizes.items()) if size > 1}
    manifest["kept_for_own_text"] = duplicates.kept_for_own_text
    furniture = context[ParagraphFurniture.name]
    manifest["furniture_paragraphs"] = len(furniture.everywhere)
    manifest["site_furniture_paragraphs"] = {host: len(hashes) for host, hashes in sorted(furniture.by_host.items())}
    manifest["skipped_inputs"] = skipped
    manifest["resumed_batches"] = checkpoints.resumed
    manifest["slowest_documents"] = [
        {"id": doc_id, "bytes": size, "clean_ms": round(seconds * 1e3, 1),
         "ms_per_kb": round(seconds * 1e3 / max(size / 1024, 1e-9), 1)}
        for seconds, doc_id, size in heapq.nlargest(SLOWEST, (s for shard in summaries for s in shard.slowest),
                                                    key=lambda s: s[0])]
    if lexicon is not None:
        manifest["spam_families"] = {family: sorted(tokens, key=len)[:20]
                                     for family, tokens in lexicon.families.items()}
    if index is not None:
        manifest["index"] = {"location": _redacted(options.index), "documents": len(index)}
    write_run_manifest(manifest, str(out_dir))
    _attach_artifacts(write_contamination_report(str(out_dir)))
    if publishing:
        checkpoints.mark_written(manifest)
    log.info("%d documents: %d kept, %d rejected (%s); outputs in %s: %s", manifest["documents_in"],
             manifest["kept"], manifest["rejected"],
             ", ".join(f"{n} {reason}" for reason, n in manifest["rejected_by_reason"].items()) or "none",
             Path(out_dir).resolve(), ", ".join(manifest["outputs"]))
    return manifest


def _clean_all(files, options: RunOptions, config: CleanConfig, checkpoints: Checkpoints,
               passes: list[CorpusPass], timings: dict[str, float]) -> tuple[list[ShardSummary], Counter]:
    """Pass 1: stream the inputs in batches through clean_batch tasks, each result checkpointed as
    it comes; a batch an earlier attempt of this run finished is taken from its checkpoint.
    Also returns the documents read per source."""
    read_options = ReadOptions(options.text_field, options.id_field, options.url_field)
    log = get_run_logger()
    read_counts: Counter = Counter()
    summaries: list[ShardSummary] = []
    in_flight: deque = deque()
    timings["read"] = 0.0
    input_bytes = sum(f.size for f in files)
    sizes = EvenBatches(input_bytes, batch_chars(input_bytes, options.workers), options.workers)
    with ByteProgress(input_bytes, enabled=options.progress) as progress:
        def read(n_bytes: int) -> None:
            progress.advance(n_bytes)
            sizes.read(n_bytes)

        documents = (count_source(item, read_counts) for f in files for item in read_file(f, read_options, read))
        stream = iter(batches(UniqueIds()(documents), options.batch_size, sizes))
        while True:
            t = time.perf_counter()
            batch = next(stream, None)
            timings["read"] += time.perf_counter() - t
            finished = checkpoints.finished(batch.index) if batch is not None else None
            if finished is not None:
                summaries.append(finished)
                progress.documents(finished.documents)
                log.info("batch %d: finished by an earlier attempt of this run, taken from its checkpoint",
                         finished.index)
            elif batch is not None:
                in_flight.append(clean_batch.submit(Opaque(batch), config, checkpoints.spool, options.quality_config(),
                                                    Opaque(passes)))
            # Bound memory: never more than two batches per worker waiting.
            while in_flight and (batch is None or len(in_flight) >= 2 * max(options.workers, 1)):
                summaries.append(in_flight.popleft().result())
                checkpoints.save(summaries[-1])
                progress.documents(summaries[-1].documents)
                log.info("batch %d cleaned: %d documents (%d so far)", summaries[-1].index,
                         summaries[-1].documents, sum(s.documents for s in summaries))
            if batch is None:
                return summaries, read_counts


MAX_BATCH_CHARS = 8 << 20
MIN_BATCH_CHARS = 1 << 20
BATCHES_PER_WORKER = 4  # at least, input allowing: while the last batch runs, the other workers wait


def batch_chars(input_bytes: int, workers: int) -> int:
    """Characters per batch: at most 8 M, at least 1 M, and few enough that every worker gets
    :data:`BATCHES_PER_WORKER` batches of an input of ``input_bytes`` (Chinese: 3 bytes a
    character; :class:`EvenBatches` then learns the input's own measure).

        >>> batch_chars(50_000_000, 2), batch_chars(50_000_000, 1), batch_chars(1_000_000, 2)
        (2083333, 4166666, 1048576)
    """
    share = input_bytes / 3 / (BATCHES_PER_WORKER * max(workers, 1))
    return int(min(MAX_BATCH_CHARS, max(MIN_BATCH_CHARS, share)))


@contextmanager
def collections_paused():
    """Automatic garbage collection off while the driver merges the passes' statistics and decides:
    what it builds then (merged counts, clusters) lives to the end of the run, and full collections
    only walked it again (0.24 s of a two-worker run's 1.7 s of deciding, on the driver while the
    workers wait). Reference counting still frees the rest; cycles wait for the next collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_preparing: threading.Thread | None = None


def start_preparing(options: RunOptions) -> None:
    """Build what the corpus passes' decisions need (:meth:`CorpusPass.prepare`) in a thread of
    this process, once per process. When workers clean, this process only decides; the command
    starts this while Prefect starts its server, when the cores mostly wait, rather than while
    the workers clean, when each second of it was taken from them."""
    global _preparing
    if _preparing is None:
        stages = corpus_stages(options, options.clean_config())
        _preparing = threading.Thread(target=_prepare, args=(stages,), name="prepare", daemon=True)
        _preparing.start()


def _prepare(stages: list[list[CorpusPass]]) -> None:
    for stage in stages:
        for corpus_pass in stage:
            corpus_pass.prepare()


def _decide(stage: list[CorpusPass], summaries: list[ShardSummary], context: dict, timings: dict) -> dict:
    """Merge each pass's statistics over the shards, take its later looks at them (observe_batch
    tasks), and decide; the statistics are dropped from the summaries once merged. What the driver
    spends on a pass (merging, hints, deciding) goes in ``timings`` as ``NAME.decide``."""
    decided = {}
    for corpus_pass in stage:
        t = time.perf_counter()
        merged = [merge_stats(corpus_pass, summaries, 0)]  # the first look came with the shards
        driver = time.perf_counter() - t
        for round in range(1, corpus_pass.rounds):
            t = time.perf_counter()
            hints = {corpus_pass.name: corpus_pass.between(merged, round - 1)}
            driver += time.perf_counter() - t
            stats, merging = _look_again(corpus_pass, summaries, round, hints)
            merged.append(stats)
            driver += merging
        t = time.perf_counter()
        decided[corpus_pass.name] = corpus_pass.decide(merged, {**context, **decided})
        timings[f"{corpus_pass.name}.decide"] = driver + time.perf_counter() - t
    return decided


def _look_again(corpus_pass: CorpusPass, summaries: list[ShardSummary], round: int, hints: dict) -> tuple[Any, float]:
    """Round ``round`` of ``corpus_pass`` over the shards (observe_batch tasks), each shard's
    statistics merged as it comes back, in the shards' order (:func:`merge_in_order`): the
    driver never holds every shard's at once. Returns the merged statistics and the seconds
    spent merging (not waiting); ``summaries`` are replaced by what the tasks return."""
    summaries.sort(key=lambda s: s.index)
    looks = [observe_batch.submit(Opaque(s), Opaque([corpus_pass]), round, Opaque(hints)) for s in summaries]
    waiting = 0.0

    def arriving() -> Iterator[ShardSummary]:
        nonlocal waiting
        for k, look in enumerate(looks):
            t = time.perf_counter()
            summaries[k] = look.result()
            waiting += time.perf_counter() - t
            yield summaries[k]

    t = time.perf_counter()
    stats = merge_in_order(corpus_pass, arriving(), round)
    return stats, time.perf_counter() - t - waiting


def _attach_artifacts(report: dict) -> None:
    """The summary and the contamination table, shown on the flow run in Prefect's UI."""
    create_markdown_artifact(markdown=render_markdown(report), key="qingxi-report",
                             description="qingxi contamination report")
    rows = [{"contamination": kind, "documents": v["documents"], "share": v["share"], "edits": v["edits"],
             "chars_removed": v["chars_removed"]} for kind, v in report["contamination"].items() if v["documents"]]
    if rows:
        create_table_artifact(table=rows, key="qingxi-contamination", description="contamination by kind")


def load_spam_lexicon(path: str | None) -> SpamLexicon:
    """The built-in families, plus those of ``path`` (a spam_lexicon.json from an earlier run)."""
    lexicon = SpamLexicon.from_tokens(KNOWN_FAMILIES)
    if path:
        saved = SpamLexicon.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
        for family, tokens in saved.families.items():
            lexicon.add(family, tokens)
        lexicon.discovered |= saved.discovered
        lexicon.allow(saved.allowed)
    return lexicon


def write_json(data: dict, path: Path) -> None:
    with atomic_write(path, "w") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)


def _redacted(location: str) -> str:
    """A Redis URL without its password, for the manifest."""
    from urllib.parse import urlparse

    url = urlparse(location)
    return location.replace(f":{url.password}@", ":***@") if url.password else location


def count_source(item, counts: Counter):
    counts[item.source] += 1
    return item


def task_runner_for(options: RunOptions) -> ThreadPoolTaskRunner:
    """Threads of this process that run the batch tasks, each handing its step to the workers
    (:mod:`flows.workers`: cleaning is CPU-bound Python). A Dask cluster gets two steps per
    worker at once, so that the next batch is on its way while a worker cleans one."""
    return ThreadPoolTaskRunner(max_workers=options.workers * (2 if options.dask else 1))
