"""What data engineers run qingxi with: recipes, output formats, options as flow parameters."""

import json
import subprocess
import sys

import pytest

from flows.flow import RunOptions
from tests.conftest import ROOT, SEEDS, read_jsonl, run_qingxi


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


def test_parquet_shards_load_with_polars_and_datasets_and_give_way_to_jsonl(seed_jsonl, tmp_path):
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
    # The same run as JSONL into the same folder: the same texts, and the Parquet files are gone.
    assert run_qingxi(str(seed_jsonl), "--out", str(out), "--no-progress").returncode == 0
    assert {r["text"] for r in read_jsonl(out / "clean.jsonl")} == set(frame["text"].to_list())
    assert sorted(p.name for p in out.glob("*") if p.name.startswith(("clean", "rejected"))) == [
        "clean.jsonl", "rejected.jsonl"]


def test_a_kind_with_no_records_gets_no_file(tmp_path):
    out = tmp_path / "out"
    result = run_qingxi(str(SEEDS), "--out", str(out), "--no-progress", "--format", "jsonl.gz")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["output_files"] == {"clean": ["clean.jsonl.gz"], "rejected": []}
    assert not list(out.glob("rejected*")) and manifest["reconciles"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["documents"]["kept"] == 5


def test_recipe_file_sets_options_and_is_recorded(seed_jsonl, tmp_path):
    recipe = tmp_path / "qingxi.toml"
    recipe.write_text(f'inputs = ["{seed_jsonl.as_posix()}"]\nout = "{(tmp_path / "out").as_posix()}"\n'
                      'script = "simplified"\nbatch_size = 2\n[clean]\nrepair_mojibake = false\n', encoding="utf-8")
    result = run_qingxi("--config", str(recipe), "--no-progress", "--batch-size", "3")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    options = manifest["options"]
    assert options["script"] == "simplified" and options["clean"] == {"repair_mojibake": False}
    assert options["batch_size"] == 3  # the command line wins over the file
    assert manifest["options"]["recipe"]["path"] == str(recipe) and len(options["recipe"]["sha256"]) == 64
    edits = [e["rule"] for r in read_jsonl(tmp_path / "out" / "clean.jsonl") for e in r["edits"]]
    assert not any(rule.startswith("mojibake") for rule in edits) and any(rule.startswith("script.") for rule in edits)


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
