"""What data engineers run qingxi with: recipes, output formats, options as flow parameters."""

import json
import os
import subprocess
import sys
import time

import pytest

from flows.flow import RunOptions
from tests.conftest import ROOT, SEEDS, read_jsonl, run_qingxi

WORK_MARK = ".qingxi-work/batch-000000.done"


@pytest.fixture(scope="module")
def seed_jsonl(tmp_path_factory):
    """The seeds as JSONL with integer ids, and one document that cleans to nothing (a rejection)."""
    path = tmp_path_factory.mktemp("in") / "seeds.jsonl"
    records = [{"id": k, "text": p.read_text(encoding="utf-8")} for k, p in enumerate(sorted(SEEDS.glob("*.txt")))]
    records.append({"id": 99, "text": " \n"})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_version():
    result = subprocess.run([sys.executable, "-m", "flows.cli", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("qingxi 0.")


def test_parquet_shards_load_with_polars_and_datasets(seed_jsonl, tmp_path):
    out = tmp_path / "out"
    result = run_qingxi(str(seed_jsonl), "--out", str(out), "--no-progress", "--format", "parquet",
                        "--shard-size", "2")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["output_files"] == {
        "clean": ["clean-00000-of-00003.parquet", "clean-00001-of-00003.parquet", "clean-00002-of-00003.parquet"],
        "rejected": ["rejected-00000-of-00001.parquet"]}
    assert str(out / "clean-00002-of-00003.parquet") in result.stderr  # the summary ends with the paths
    polars = pytest.importorskip("polars")
    datasets = pytest.importorskip("datasets")
    frame = polars.concat([polars.read_parquet(out / name) for name in manifest["output_files"]["clean"]])
    assert sorted(frame["id"].to_list()) == ["0", "1", "2", "3", "4"]
    assert frame.schema["edits"] == polars.List(polars.Struct(
        {"rule": polars.String, "offset": polars.Int64, "before": polars.String, "after": polars.String,
         "detail": polars.String}))
    clean, rejected = (datasets.load_dataset("parquet", data_files=str(out / f"{kind}-*.parquet"), split="train",
                                             cache_dir=str(tmp_path / "hf")) for kind in ("clean", "rejected"))
    assert clean.num_rows == 5 and rejected[0]["reason"] == "empty"
    # A later run's writers put their files in place; the Parquet files of this one are then stale.
    from flows.writers import open_writer, stale_outputs

    writer = open_writer(out, "clean", "jsonl")
    for record in frame.to_dicts():
        writer.write(record)
    assert writer.close() == ["clean.jsonl"]
    assert [p.name for p in stale_outputs(out, ["clean.jsonl"])] == [
        *manifest["output_files"]["clean"], *manifest["output_files"]["rejected"]]


def test_recipe_file_sets_options_and_is_recorded(tmp_path):
    recipe = tmp_path / "qingxi.toml"
    recipe.write_text(f'inputs = ["{SEEDS.as_posix()}"]\nout = "{(tmp_path / "out").as_posix()}"\n'
                      'script = "simplified"\nbatch_size = 2\nformat = "jsonl.gz"\n[clean]\nrepair_mojibake = false\n',
                      encoding="utf-8")
    result = run_qingxi("--config", str(recipe), "--no-progress", "--batch-size", "3")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    options = manifest["options"]
    assert options["script"] == "simplified" and options["clean"] == {"repair_mojibake": False}
    assert options["batch_size"] == 3  # the command line wins over the file
    assert manifest["options"]["recipe"]["path"] == str(recipe) and len(options["recipe"]["sha256"]) == 64
    polars = pytest.importorskip("polars")
    clean = polars.read_ndjson(tmp_path / "out" / "clean.jsonl.gz")  # every file written loads
    edits = [e["rule"] for r in clean.to_dicts() for e in r["edits"]]
    assert not any(rule.startswith("mojibake") for rule in edits) and any(rule.startswith("script.") for rule in edits)
    # Nothing was rejected: no rejected file, and the manifest says so; the report still builds.
    assert manifest["output_files"] == {"clean": ["clean.jsonl.gz"], "rejected": []}
    assert not list((tmp_path / "out").glob("rejected*")) and manifest["reconciles"]
    assert json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["documents"]["kept"] == 5


@pytest.mark.parametrize("content, message", [
    ('scirpt = "simplified"\n', "no such option scirpt"),
    ('[clean]\nrepair_mojibak = false\n', "no such setting repair_mojibak"),
    ('inputs = [\n', "not a TOML file"),
])
def test_bad_recipe_is_a_clear_error(tmp_path, content, message):
    recipe = tmp_path / "bad.toml"
    recipe.write_text(content, encoding="utf-8")
    result = run_qingxi(str(SEEDS), "--out", str(tmp_path / "out"), "--config", str(recipe))
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_options_are_plain_json_validated():
    options = RunOptions.model_validate({"script": "traditional", "quality": {"min_fluency": -7.5}})
    assert RunOptions.model_validate(json.loads(options.model_dump_json())) == options
    with pytest.raises(ValueError, match="script"):
        RunOptions.model_validate({"script": "klingon"})
    with pytest.raises(ValueError, match="no such setting"):
        RunOptions.model_validate({"clean": {"strip_everything": True}})


def _outputs(out):
    kept = [(r["id"], r["text"], r["edits"]) for r in read_jsonl(out / "clean.jsonl")]
    rejected = [(r["id"], r["reason"], r.get("duplicate_of")) for r in read_jsonl(out / "rejected.jsonl")]
    return kept, rejected


def test_a_killed_run_leaves_nothing_running_and_resumes_from_its_finished_batches(pieces_run, tmp_path):
    """kill -9 of the CLI alone, mid-run with two workers, once batches are checkpointed: its helpers
    (Prefect's temporary server, the workers) go with it; the rerun takes the finished batches and
    ends as the uninterrupted run did."""
    import psutil

    corpus, whole, args = pieces_run
    resumed = tmp_path / "resumed"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}  # its own temporary server, to be killed
    killed = psutil.Popen([sys.executable, "-m", "flows.cli", "run", *args, "--workers", "2", "--out", str(resumed)],
                          cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while len(list((resumed / ".qingxi-work").glob("batch-*.done"))) < 3:
        assert killed.poll() is None and time.time() < deadline, "no batches checkpointed"
        time.sleep(0.05)
    helpers = killed.children(recursive=True)
    assert len([p for p in helpers if "uvicorn" in " ".join(p.cmdline())]) == 1  # the workers start no server
    killed.kill()
    killed.wait()
    time.sleep(3)  # the run's watchdog (flows.guard) looks twice a second
    alive = [p for p in helpers if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not alive, [" ".join(p.cmdline())[:100] for p in alive]
    done = len(list((resumed / ".qingxi-work").glob("batch-*.done")))
    assert not (resumed / "manifest.json").exists()

    result = run_qingxi(*args, "--workers", "1", "--out", str(resumed))  # workers do not change the output
    assert result.returncode == 0, result.stderr
    manifest = json.loads((resumed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["resumed_batches"] >= min(done, 3) and manifest["reconciles"]
    assert _outputs(resumed) == _outputs(whole)
    assert not (resumed / ".qingxi-work").exists() and not list(resumed.glob(".*.partial"))


def test_a_changed_input_starts_the_work_afresh(tmp_path):
    from flows.checkpoints import Checkpoints, fingerprint
    from flows.readers import discover_inputs

    corpus = tmp_path / "a.txt"
    corpus.write_text("你好。", encoding="utf-8")
    before = fingerprint(discover_inputs([str(corpus)]), RunOptions().model_dump(), "1")
    assert before == fingerprint(discover_inputs([str(corpus)]), RunOptions(workers=2).model_dump(), "1")
    assert before != fingerprint(discover_inputs([str(corpus)]), RunOptions(script="simplified").model_dump(), "1")
    Checkpoints(tmp_path / "out", before)
    (tmp_path / "out" / WORK_MARK).write_text("left by the first attempt")
    corpus.write_text("你好,世界。", encoding="utf-8")
    after = fingerprint(discover_inputs([str(corpus)]), RunOptions().model_dump(), "1")
    assert after != before
    Checkpoints(tmp_path / "out", after)
    assert not (tmp_path / "out" / WORK_MARK).exists()


def test_a_resumed_run_finds_its_shards_in_a_store_and_a_new_run_clears_them(s3_store, tmp_path):
    """--spool s3://…: a checkpointed batch's shard is read back from the store by a resumed run; a
    run of other input removes the shards the killed run left there."""
    from flows.checkpoints import Checkpoints
    from flows.records import Document
    from flows.steps import ShardSummary, _spool, read_shard, shard_path

    _, s3 = s3_store
    s3.create_bucket(Bucket="scratch")
    first = Checkpoints(tmp_path / "out", "run-1", "s3://scratch/tmp")
    assert first.spool.startswith("s3://scratch/tmp/qingxi-")
    summary = ShardSummary(7, shard_path(first.spool, 7, 0))
    _spool(summary, [Document("a", "s.txt", "你好。")])
    first.save(summary)

    resumed = Checkpoints(tmp_path / "out", "run-1", "s3://scratch/tmp")
    found = resumed.finished(7)
    assert found is not None and found.path == summary.path and resumed.resumed == 1
    assert [d.text for d in read_shard(found.path)] == ["你好。"]
    assert Checkpoints(tmp_path / "elsewhere", "run-1", "s3://scratch/tmp").spool != first.spool  # spools are shared

    Checkpoints(tmp_path / "out", "run-2", "s3://scratch/tmp")  # other input: the killed run's shards go
    assert s3.list_objects_v2(Bucket="scratch").get("KeyCount") == 0


# A run killed while it publishes: the store's old manifest is gone, nothing else is published.
_KILLED_PUBLISHING = """
import os, sys
import flows.outdir
from fsspec.core import url_to_fs

def killed(folder, url):
    fs, root = url_to_fs(url)
    fs.rm_file(root.rstrip("/") + "/manifest.json")
    os._exit(9)

flows.outdir.publish = killed
from flows.cli import main
sys.exit(main(["run", *sys.argv[1:]]))
"""


def test_a_run_killed_while_publishing_publishes_when_run_again(pieces_run, s3_store, tmp_path, monkeypatch):
    """--out s3://…: killed while publishing, the run started again publishes the outputs it had
    written, the same manifest, without cleaning or deduplicating again: its dedup index already
    holds its documents, and a run that deduplicated again would reject them all as copies."""
    _, s3 = s3_store
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    s3.create_bucket(Bucket="corpus")
    s3.put_object(Bucket="corpus", Key="2026/manifest.json", Body=b"an earlier run's")
    corpus, local, args = pieces_run
    run = [*args, "--workers", "1", "--out", "s3://corpus/2026/", "--index", str(tmp_path / "index.npz")]
    killed = subprocess.run([sys.executable, "-c", _KILLED_PUBLISHING, *run], cwd=ROOT, capture_output=True,
                            text=True, timeout=600, env=dict(os.environ, PYTHONUTF8="1"))
    assert killed.returncode == 9, killed.stderr
    assert s3.list_objects_v2(Bucket="corpus").get("KeyCount") == 0
    staging = next((tmp_path / "cache" / "qingxi" / "out").iterdir())
    written = json.loads((staging / ".qingxi-work" / "written.json").read_text(encoding="utf-8"))

    result = run_qingxi(*run)
    assert result.returncode == 0, result.stderr
    for name in ("clean.jsonl", "rejected.jsonl", "manifest.json"):
        s3.download_file("corpus", f"2026/{name}", str(tmp_path / name))
    for name in ("clean.jsonl", "rejected.jsonl"):
        assert read_jsonl(tmp_path / name) == read_jsonl(local / name), name
    assert json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8")) == written  # not a new run's
    assert not staging.exists()


@pytest.mark.parametrize("in_store", [False, True], ids=["folder", "s3"])
def test_a_shard_whose_writing_fails_is_never_published(s3_store, tmp_path, in_store):
    from flows import locations

    _, s3 = s3_store
    s3.create_bucket(Bucket="scratch")
    shard = locations.join("s3://scratch/tmp" if in_store else str(tmp_path), "shard-000001.0.jsonl")
    with pytest.raises(OSError):
        with locations.writing(shard) as f:
            f.write(b"D{}\n" * 1000)
            raise OSError("disk full")
    assert not locations.exists(shard) and not list(tmp_path.iterdir())
    with locations.writing(shard) as f:
        f.write(b"D{}\n")
    assert locations.exists(shard)
    locations.remove(shard)
    locations.remove(shard)  # gone already: not an error
    assert not locations.exists(shard)


@pytest.mark.parametrize("option", ["--spool", "--out"])
def test_a_store_that_cannot_be_written_is_a_clear_error_before_the_run(s3_store, tmp_path, option):
    where = {"--out": str(tmp_path / "out"), "--spool": None, option: "s3://no-such-bucket/tmp"}
    result = run_qingxi(str(SEEDS), *[a for k, v in where.items() if v for a in (k, v)])
    assert result.returncode == 2
    assert f"{option} s3://no-such-bucket/tmp: cannot write there" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("as_url", [False, True], ids=["path", "fsspec-url"])
def test_incremental_runs_clean_only_new_and_changed_files(tmp_path, as_url):
    crawl, out = tmp_path / "crawl", tmp_path / "out"
    given = f"file://{crawl}" if as_url else str(crawl)
    crawl.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds[:2]:
        (crawl / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    first = run_qingxi(given, "--out", str(out), "--incremental", "--no-progress")
    assert first.returncode == 0, first.stderr

    # The crawl grows: a new page, and a copy of a page the first run kept; one old page changes.
    (crawl / seeds[2].name).write_text(seeds[2].read_text(encoding="utf-8"), encoding="utf-8")
    (crawl / "copy.txt").write_text(seeds[0].read_text(encoding="utf-8"), encoding="utf-8")
    (crawl / seeds[1].name).write_text(seeds[1].read_text(encoding="utf-8") + "\n\n多了一段新的文字。", encoding="utf-8")
    second = run_qingxi(given, "--out", str(out), "--incremental", "--no-progress")
    assert second.returncode == 0, second.stderr

    runs = sorted(out.glob("run=*"))
    assert len(runs) == 2
    manifests = [json.loads((run / "manifest.json").read_text(encoding="utf-8")) for run in runs]
    assert manifests[0]["documents_in"] == 2
    later = manifests[1]
    assert sorted(i["path"].rsplit("/", 1)[-1] for i in later["inputs"]) == sorted(
        ["copy.txt", seeds[1].name, seeds[2].name])  # the unchanged page is not read again
    assert [p.rsplit("/", 1)[-1] for p in later["incremental"]["changed"]] == [seeds[1].name]
    assert later["incremental"]["unchanged"] == 1
    [copy] = [r for r in read_jsonl(runs[1] / "rejected.jsonl") if r["id"].endswith("copy.txt")]
    assert copy["reason"] == "duplicate" and copy["duplicate_of"].endswith(seeds[0].name)
    ledger = [json.loads(line) for line in (out / "ledger.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(ledger) == 5 and {entry["run"] for entry in ledger} == {
        m["incremental"]["run"] for m in manifests}
