import json

from cleaners import CleanConfig
from flows.records import Document, Rejection
from cleaners.passes import Spam
from flows.dedup import NearDuplicates
from tests.conftest import ROOT
import pytest

from flows.steps import (Batch, EvenBatches, UniqueIds, apply_and_observe, batches, clean_and_spool, merge_in_order,
                         merge_stats, read_shard)

SIMPLIFIED = "为了实现职工对美好生活的向往,各级工会干部勇于探索、攻坚克难。"
TRADITIONAL = "為了實現職工對美好生活的嚮往，各級工會幹部勇於探索、攻堅克難。"


def test_simplified_and_traditional_copies_are_exact_duplicates(tmp_path):
    docs = [Document("s", "a.jsonl", SIMPLIFIED), Document("other", "a.jsonl", "完全不同的另一篇文章。"),
            Document("t", "b.jsonl", TRADITIONAL)]
    dedup = NearDuplicates()
    summaries = [apply_and_observe(clean_and_spool(Batch(i, part), CleanConfig(), str(tmp_path)), [], {}, [dedup])
                 for i, part in enumerate((docs[:2], docs[2:]))]
    decision = dedup.decide([merge_stats(dedup, reversed(summaries), 0)], {})  # completion order does not matter
    assert list(decision.by_id) == ["t"]
    assert decision.by_id["t"].of == "s" and decision.by_id["t"].similarity == 1.0
    assert decision.cluster_sizes == {2: 1, 1: 1}


def test_shards_merged_as_they_come_must_come_in_their_order(tmp_path):
    # Merged as results arrive, a pass's samples keep the first occurrences in the corpus's
    # order; a shard out of order would change which, so it is an error, not a silent difference.
    dedup = NearDuplicates()
    docs = [Document(str(i), "a.jsonl", f"第{i}篇完全不同的文章，内容各不相同。") for i in range(3)]
    summaries = [apply_and_observe(clean_and_spool(Batch(i, [doc]), CleanConfig(), str(tmp_path)), [], {}, [dedup])
                 for i, doc in enumerate(docs)]
    with pytest.raises(ValueError, match="shard 0 came after shard 2"):
        merge_in_order(dedup, [summaries[2], summaries[0]], 0)
    merged = merge_in_order(dedup, summaries[:2], 0)
    assert [ids for _, ids, *_ in merged.batches] == [["0"], ["1"]]


def test_spooled_documents_keep_their_script_and_edits(tmp_path):
    summary = clean_and_spool(Batch(0, [Document("t", "x", "  " + TRADITIONAL)]), CleanConfig(), str(tmp_path))
    [doc] = read_shard(summary.path)
    assert doc.text == TRADITIONAL and doc.script == "traditional"
    assert doc.edits == [{"rule": "whitespace.edge", "offset": 0, "before": "  ", "after": ""}]


def test_empty_documents_are_rejected_with_their_text(tmp_path):
    summary = clean_and_spool(Batch(0, [Document("e", "x", " \u3000\n\u200b ")]), CleanConfig(), str(tmp_path))
    [rej] = read_shard(summary.path)
    assert isinstance(rej, Rejection) and rej.reason == "empty" and rej.text == " \u3000\n\u200b "
    assert apply_and_observe(summary, [], {}, []).ids == []


def test_script_conversion_is_opt_in_and_recorded(tmp_path):
    summary = clean_and_spool(Batch(0, [Document("t", "x", TRADITIONAL)]), CleanConfig(script="simplified"),
                              str(tmp_path))
    [doc] = read_shard(summary.path)
    assert doc.text.startswith("为了实现职工对美好生活的向往")
    assert doc.script == "simplified" and "script" in doc.flags


def test_reused_ids_are_rejected_not_overwritten():
    items = [Document("a", "f1", "x"), Document("a", "f2", "y", line=3), Rejection("b", "f2", "bad_json")]
    out = list(UniqueIds()(items))
    assert out[0] is items[0] and out[2] is items[2]
    assert out[1].reason == "duplicate_id" and "f1" in out[1].detail and out[1].text == "y"


def test_batches_respect_document_and_size_limits():
    docs = [Document(i, "s", "字" * 10) for i in range(25)]
    assert [b.size for b in batches(docs, max_docs=10)] == [10, 10, 5]
    assert [b.size for b in batches(docs, max_docs=100, max_chars=35)] == [4, 4, 4, 4, 4, 4, 1]
    assert [b.size for b in batches(docs, max_docs=100, max_chars=lambda done: 35 if done < 80 else 1000)] == [4, 4, 17]


def test_batches_of_an_input_of_known_size_come_out_alike():
    """Documents of uneven length whose bytes are not three a character (JSON's quotes, ids,
    ASCII): cut at the first estimate, the input ended in a crumb of a batch; cut by what
    reading shows, in batches alike, an even number of them for two workers."""
    docs = [Document(i, "s", "字" * (20 + 37 * i % 90) + "ab" * (i % 5)) for i in range(600)]
    encoded = [len(json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False).encode()) + 1 for d in docs]
    target = sum(encoded) // 3 // 8  # eight batches, had the input been three bytes a character

    def read(sizes):
        for doc, n in zip(docs, encoded):
            sizes.read(n)
            yield doc

    def chars(cut):
        return [sum(len(d.text) for d in b.items) for b in cut]

    fixed = chars(batches(docs, max_docs=10_000, max_chars=target))
    assert len(fixed) == 8 and fixed[-1] < 0.4 * max(fixed)  # the crumb
    sizes = EvenBatches(sum(encoded), target, workers=2)
    even = chars(batches(read(sizes), max_docs=10_000, max_chars=sizes))
    assert len(even) == 8 and min(even) > 0.85 * max(even)


def test_a_cleaner_that_fails_on_one_document_costs_only_that_document(tmp_path, monkeypatch):
    import cleaners.passes as passes
    import flows.steps as steps
    from cleaners.spam import SpamLexicon

    def fragile(text, config=None):
        if "坏" in text:
            raise IndexError("string index out of range")
        return real_clean(text, config)

    real_clean = steps.clean_text
    monkeypatch.setattr(steps, "clean_text", fragile)
    docs = [Document("ok", "x", SIMPLIFIED), Document("bad", "x", "坏" + SIMPLIFIED), Document("ok2", "x", TRADITIONAL)]
    summary = clean_and_spool(Batch(0, docs), CleanConfig(), str(tmp_path))
    items = list(read_shard(summary.path))
    assert [i.id for i in items] == ["ok", "bad", "ok2"]
    [bad] = [i for i in items if isinstance(i, Rejection)]
    assert bad.reason == "cleaner_error" and bad.text == "坏" + SIMPLIFIED
    assert bad.detail == "clean_text: IndexError: string index out of range"

    monkeypatch.setattr(passes, "split_candidates", lambda text: [][len(text)])
    spam_scan = clean_and_spool(Batch(1, [Document("s", "x", SIMPLIFIED)]), CleanConfig(), str(tmp_path),
                                passes=[Spam()])
    [failed] = read_shard(spam_scan.path)
    assert failed.reason == "cleaner_error" and failed.detail.startswith("spam.observe: IndexError")

    def failing_spam(text, lexicon):
        raise ValueError("overlapping spans")

    monkeypatch.setattr(passes, "remove_spam", failing_spam)
    spam = Spam()
    summary = apply_and_observe(summary, [spam], {spam.name: SpamLexicon()}, [])
    assert summary.ids == []  # every document failed pass 2 here, and each was quarantined
    assert {i.reason for i in read_shard(summary.path)} == {"cleaner_error"}
    assert all(i.detail.startswith("spam.apply: ValueError") for i in read_shard(summary.path) if i.id != "bad")


def test_one_worker_waits_for_the_tables_its_warming_thread_builds_instead_of_building_them_again():
    """A one-worker run builds the cleaners' tables in a thread while Prefect starts; its first
    batch waits for that thread rather than building them beside it. A fresh process, so nothing
    is built already."""
    import subprocess
    import sys

    probe = ("from flows import steps\n"
             "from cleaners import document\n"
             "steps.start_warming()\n"
             "steps._warm()\n"
             "print(document.warm_up.cache_info().misses)")
    built = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert built.stdout.split() == ["1"]


def test_a_documents_cost_is_its_own_work_not_time_it_waited(tmp_path, monkeypatch):
    """The manifest's slowest documents: while one is cleaned, other threads of the process (the
    next batch being read, a checkpoint saved) may hold the GIL. Waiting is not the document's cost;
    here the wait is a sleep, which the wall clock counts and the thread's CPU time does not."""
    import time

    import flows.steps as steps

    def waits(text, config=None):
        if "等" in text:
            time.sleep(0.2)
        return real_clean(text, config)

    real_clean = steps.clean_text
    monkeypatch.setattr(steps, "clean_text", waits)
    summary = clean_and_spool(Batch(0, [Document("waits", "x", "等" + SIMPLIFIED)]), CleanConfig(), str(tmp_path))
    [(seconds, doc_id, _)] = summary.slowest
    assert doc_id == "waits" and 0 < seconds < 0.1


def test_a_worker_puts_the_cleaners_tables_out_of_the_garbage_collectors_reach():
    """What a worker process (the pool's fork server, a Dask worker) preloads is frozen: its full
    collections then walk what batches allocate, not the tables' hundreds of thousands of entries."""
    import subprocess
    import sys

    frozen = subprocess.run([sys.executable, "-c", "import gc, flows.warm_workers; print(gc.get_freeze_count())"],
                            capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert int(frozen) > 100_000


def test_the_driver_decides_without_collections_and_puts_the_setting_back():
    import gc

    from flows.flow import collections_paused

    assert gc.isenabled()
    with collections_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collections_paused():
            pass
        assert not gc.isenabled()  # a caller that turned collections off keeps them off
    finally:
        gc.enable()
