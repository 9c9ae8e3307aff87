"""Reliability: messy inputs cost what is wrong with them and nothing more, ids come back exactly,
and what is not read is said. One real run over a folder of every such case."""

import gzip
import json
import os
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.readers import decode_bytes
from tests.conftest import SEEDS, read_jsonl, run_qingxi

# Distinct texts, so that no document here is a duplicate of another: paragraphs of a seed page.
_TEXT = "".join(p for path in sorted(SEEDS.glob("00[034]_*.txt"))
                for p in path.read_text(encoding="utf-8").split("\n") if len(p) > 40)
PAGE = _TEXT[:4000]


def piece(k: int, size: int = 100) -> str:
    """The k-th stretch of other text (after PAGE and two pages of 1,500), sharing nothing with the others."""
    return _TEXT[7000 + k * size:7000 + (k + 1) * size]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A folder of messy inputs, the output folder inside it, and one run over it."""
    folder = tmp_path_factory.mktemp("messy")
    pages = {"stray_ff.txt": PAGE, "cut_off.txt": _TEXT[4000:5500], "latin1_e.txt": _TEXT[5500:7000]}
    (folder / "stray_ff.txt").write_bytes(PAGE[:2000].encode() + b"\xff" + PAGE[2000:].encode())
    (folder / "cut_off.txt").write_bytes(pages["cut_off.txt"].encode() + "工".encode()[:2])
    (folder / "latin1_e.txt").write_bytes(pages["latin1_e.txt"][:700].encode() + "é".encode("latin-1")
                                          + pages["latin1_e.txt"][700:].encode())
    records = [{"id": f"w{i}", "text": piece(10 + i)} for i in range(3)]
    (folder / "wide.jsonl").write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
                                        .encode("utf-16-le"))
    lines = [json.dumps({"id": f"g{i}", "text": f"第{i}号记录。" + piece(20 + i % 7)[:40][::-1] + str(i) * 60},
                        ensure_ascii=False) for i in range(200)]
    whole = gzip.compress(("\n".join(lines) + "\n").encode())
    (folder / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    big = [{"id": 2 ** 64 + 1, "text": piece(30)}, {"id": 2 ** 64 + 2, "text": piece(31)},
           {"id": 12345678901234567890123, "text": piece(32)}]
    (folder / "big_ids.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in big),
                                          encoding="utf-8")
    table = pa.table({"id": pa.array([Decimal("1.50"), Decimal("2.25")], pa.decimal128(5, 2)),
                      "raw": pa.array([b"\x00\x01", b"\xff\xfe"]), "text": [piece(33), piece(34)]})
    pq.write_table(table, folder / "decimal_ids.parquet")
    binary = pa.table({"id": pa.array([b"\x00\x01", b"\xff\xfe"]), "text": [piece(35), piece(36)]})
    pq.write_table(binary, folder / "binary_ids.parquet")
    (folder / ".hidden.txt").write_text(PAGE, encoding="utf-8")
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    out = folder / "out"
    first = run_qingxi(str(folder), "--out", str(out), "--no-progress")
    assert first.returncode == 0, first.stderr
    again = run_qingxi(str(folder), "--out", str(out), "--no-progress")  # its own outputs are not inputs
    assert again.returncode == 0, again.stderr
    return out, pages


def test_one_bad_byte_costs_that_byte_not_the_page(run):
    run, pages = run
    by_file = {r["source"].rsplit("/", 1)[-1]: r for r in read_jsonl(run / "clean.jsonl")}
    assert len(PAGE) == 4000 and len(piece(36)) == 100
    for name, text in pages.items():
        record = by_file[name]
        assert record["text"] == text and record["invalid_bytes"] == 1, name
        assert any(e["rule"] == "unicode.invalid_bytes" and e["before"] == "\ufffd" for e in record["edits"])
    assert json.loads((run / "manifest.json").read_text())["invalid_bytes"] == 3


def test_utf16_jsonl_without_a_byte_order_mark_is_read(run):
    run, _ = run
    assert {r["id"] for r in read_jsonl(run / "clean.jsonl") if r["source"].endswith("wide.jsonl")} == \
        {"w0", "w1", "w2"}


def test_a_cut_off_gzip_keeps_what_was_read_and_says_what_was_lost(run):
    run, _ = run
    read = [r for r in read_jsonl(run / "clean.jsonl") if r["source"].endswith("cut.jsonl.gz")]
    rejected = [r for r in read_jsonl(run / "rejected.jsonl") if r["source"].endswith("cut.jsonl.gz")]
    lost = [r for r in rejected if r["reason"] == "unreadable"]
    assert len(read) + len(rejected) >= 20 and len(lost) == 1
    assert "the rest of the file is lost" in lost[0]["detail"] and "after line" in lost[0]["detail"]


def test_ids_come_back_exactly(run):
    run, _ = run
    raw = (run / "clean.jsonl").read_text(encoding="utf-8") + (run / "rejected.jsonl").read_text(encoding="utf-8")
    for literal in ("18446744073709551617", "18446744073709551618", "12345678901234567890123", "1.50", "2.25"):
        assert f'"id":{literal},' in raw, literal
    assert '"id":"0001"' in raw and '"id":"fffe"' in raw  # binary ids as hex
    reasons = {r["reason"] for r in read_jsonl(run / "rejected.jsonl")}
    assert "duplicate_id" not in reasons


def test_what_is_not_read_is_listed_with_why(run):
    run, _ = run
    skipped = {s["path"].rsplit("/", 1)[-1]: s["reason"]
               for s in json.loads((run / "manifest.json").read_text())["skipped_inputs"]}
    assert skipped == {".hidden.txt": "hidden", "dangling.txt": "a link to nothing", "out": "the output folder"}


def test_a_short_text_in_another_encoding_is_not_taken_for_broken_utf8():
    assert decode_bytes("工会工作".encode("gbk")) == ("工会工作", "gb18030")


def test_a_second_run_into_a_busy_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".qingxi.lock").write_text(str(os.getpid()))  # this process is alive: the folder is busy
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    result = run_qingxi(str(tmp_path / "a.txt"), "--out", str(out), "--no-progress")
    assert result.returncode == 2 and "another qingxi run" in result.stderr
    assert not (out / "clean.jsonl").exists()


def test_what_a_killed_run_left_is_cleared_and_the_old_manifest_goes_first(tmp_path):
    from flows.outdir import claimed

    out = tmp_path / "out"
    (out / ".spool-dead").mkdir(parents=True)
    (out / ".clean.jsonl.partial").write_bytes(b"\0" * 10)
    (out / "manifest.json").write_text('{"reconciles": true}')
    (out / ".qingxi.lock").write_text("999999999")  # no such process: a dead run's lock
    with claimed(out):
        # Mid-run, a crash here leaves no manifest vouching for a mix of two runs' files.
        assert not (out / "manifest.json").exists()
        assert not list(out.glob(".spool-*")) and not list(out.glob(".*.partial"))
        assert (out / ".qingxi.lock").read_text() == str(os.getpid())
    assert not (out / ".qingxi.lock").exists()

