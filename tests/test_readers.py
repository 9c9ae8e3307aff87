import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.readers import ReadOptions, decode_bytes, discover_inputs, read_file
from flows.records import Document, Rejection

SIMPLIFIED = "四川省总工会十四届五次全委会在成都召开。会议总结2021年工作,部署2022年重点任务。"
TRADITIONAL = "全市基層工會組織達到20159家,奮力譜寫濟南工運事業發展新篇章。"


def read_all(path, **options):
    [f] = discover_inputs([path])
    return list(read_file(f, ReadOptions(**options)))


@pytest.mark.parametrize("text,encoding,expected", [
    (SIMPLIFIED, "gb18030", "gb18030"),
    (TRADITIONAL, "big5", "big5"),
    (SIMPLIFIED, "utf-16", "utf-16"),
    (TRADITIONAL, "utf-8-sig", "utf-8-sig"),
    (SIMPLIFIED, "utf-8", "utf-8"),
])
def test_txt_files_in_other_encodings_decode_to_the_right_text(tmp_path, text, encoding, expected):
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    [doc] = read_all(path)
    assert isinstance(doc, Document)
    assert doc.text == text
    assert doc.encoding == expected


def test_binary_file_is_rejected_not_crashed(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 8)
    [rej] = read_all(path)
    assert isinstance(rej, Rejection) and rej.reason == "binary"
    assert str(path.as_posix()) in rej.detail


def test_broken_jsonl_line_is_rejected_with_file_and_line_rest_kept(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a", "text": SIMPLIFIED}, ensure_ascii=False),
        '{"id": "b", "text": "unterminated',
        json.dumps({"id": 7, "text": TRADITIONAL}, ensure_ascii=False),
        json.dumps({"id": "d", "body": "no text field"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "没有编号的记录"}, ensure_ascii=False),
        json.dumps({"id": "g", "text": None}),
        json.dumps({"id": "h", "text": 12}),
    ]) + "\n", encoding="utf-8")
    items = read_all(path)
    assert [type(i).__name__ for i in items] == ["Document", "Rejection", "Document", "Rejection", "Rejection",
                                                 "Document", "Rejection", "Rejection"]
    broken = items[1]
    assert broken.reason == "bad_json" and broken.line == 2 and f"{path.as_posix()}:2" in broken.detail
    assert items[2].id == 7  # an id is kept as given, number and all
    assert items[3].reason == "no_text" and items[3].id == "d" and "'text'" in items[3].detail
    assert items[4].reason == "bad_json" and "list" in items[4].detail
    assert items[5].id == f"{path.as_posix()}:6"
    assert items[3].detail.endswith("field 'text' is missing") and items[6].detail.endswith("field 'text' is null")
    assert items[7].detail.endswith("field 'text' is a number")


def test_jsonl_gz_and_custom_fields(tmp_path):
    path = tmp_path / "docs.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"doc_id": "x1", "content": SIMPLIFIED}, ensure_ascii=False) + "\n")
    [doc] = read_all(path, text_field="content", id_field="doc_id")
    assert (doc.id, doc.text, doc.line) == ("x1", SIMPLIFIED, 1)


def test_jsonl_line_in_gb18030_is_decoded(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_bytes(json.dumps({"id": "g", "text": SIMPLIFIED}, ensure_ascii=False).encode("gb18030") + b"\n")
    [doc] = read_all(path)
    assert doc.text == SIMPLIFIED and doc.encoding == "gb18030"


def test_truncated_gzip_keeps_what_was_read_and_rejects_the_rest(tmp_path):
    path = tmp_path / "docs.jsonl.gz"
    lines = "".join(json.dumps({"id": i, "text": f"{SIMPLIFIED}{i}"}, ensure_ascii=False) + "\n"
                    for i in range(2000))
    data = gzip.compress(lines.encode("utf-8"))
    path.write_bytes(data[: len(data) // 2])
    items = read_all(path)
    assert isinstance(items[0], Document) and items[0].id == 0
    assert isinstance(items[-1], Rejection) and items[-1].reason == "unreadable"
    assert path.as_posix() in items[-1].detail


def test_parquet_rows(tmp_path):
    path = tmp_path / "docs.parquet"
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": [SIMPLIFIED, None]}), path)
    items = read_all(path)
    assert items[0].text == SIMPLIFIED and items[0].id == "p1"
    assert items[1].reason == "no_text" and items[1].line == 2


def test_url_field_in_jsonl_and_parquet(tmp_path):
    url = "https://www.example.cn/a/1.html"
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(json.dumps({"id": 1, "url": url, "text": SIMPLIFIED}) + "\n"
                     + json.dumps({"id": 2, "url": ["not", "a", "string"], "text": SIMPLIFIED}) + "\n", encoding="utf-8")
    parquet = tmp_path / "docs.parquet"
    pq.write_table(pa.table({"id": ["p1"], "text": [SIMPLIFIED], "url": [url]}), parquet)
    assert [d.url for d in read_all(jsonl, url_field="url")] == [url, ""]
    assert [d.url for d in read_all(parquet, url_field="url")] == [url]
    assert [d.url for d in read_all(jsonl)] == ["", ""]  # not asked for
    assert Document.from_json(read_all(jsonl, url_field="url")[0].to_json(spool=True)).url == url


def test_parquet_without_text_column_is_one_clear_rejection(tmp_path):
    path = tmp_path / "docs.parquet"
    pq.write_table(pa.table({"body": ["x"]}), path)
    [rej] = read_all(path)
    assert rej.reason == "no_text" and "body" in rej.detail


def test_folders_are_read_recursively_and_unknown_files_are_not_silently_skipped(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "notes.md").write_text("# hi", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    files = discover_inputs([tmp_path])
    assert [f.path.name for f in files] == ["notes.md", "a.txt"]
    [rej] = list(read_file(files[0]))
    assert rej.reason == "unsupported_format"


def test_missing_input_is_a_usage_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope"):
        discover_inputs([tmp_path / "nope"])


def test_decode_bytes_explains_undecodable_bom():
    from flows.readers import NotText
    with pytest.raises(NotText):
        decode_bytes(b"\xff\xfe\x00\xd8")  # UTF-16 BOM then a lone surrogate


def test_an_fsspec_prefix_reads_as_the_same_local_folder_does(tmp_path):
    import fsspec

    local = tmp_path / "crawl"
    (local / "sub").mkdir(parents=True)
    (local / "a.jsonl").write_text(json.dumps({"id": 1, "text": SIMPLIFIED}, ensure_ascii=False) + "\n{broken\n",
                                   encoding="utf-8")
    (local / "b.jsonl.gz").write_bytes(gzip.compress(json.dumps({"id": 2, "text": TRADITIONAL}).encode()))
    (local / "sub" / "c.txt").write_bytes(TRADITIONAL.encode("big5"))
    pq.write_table(pa.table({"id": [3], "text": [SIMPLIFIED]}), local / "sub" / "d.parquet")
    (local / ".hidden.txt").write_text("x", encoding="utf-8")
    store = fsspec.filesystem("memory")
    store.put(str(local), "/crawl", recursive=True)

    skipped: list[dict] = []
    remote = discover_inputs(["memory://crawl/"], skipped=skipped)
    here = discover_inputs([local])
    assert [f.source for f in remote] == [f"memory:///crawl/{f.path.relative_to(local).as_posix()}" for f in here]
    assert skipped == [{"path": "memory:///crawl/.hidden.txt", "reason": "hidden"}]

    def read(files):
        return [(type(d).__name__, d.text if isinstance(d, Document) else d.reason, getattr(d, "encoding", ""))
                for f in files for d in read_file(f)]

    assert read(remote) == read(here)
    assert ("Document", TRADITIONAL, "big5") in read(remote) and ("Rejection", "bad_json", "") in read(remote)


def test_a_missing_url_is_a_usage_error():
    with pytest.raises(FileNotFoundError, match="memory://no/such/crawl"):
        discover_inputs(["memory://no/such/crawl"])


def test_a_run_from_an_fsspec_url_matches_a_run_from_the_path(pieces_run, tmp_path):
    from tests.conftest import read_jsonl, run_qingxi

    corpus, local, args = pieces_run
    result = run_qingxi(f"file://{corpus}", *args[1:], "--workers", "1", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr

    def outputs(out, name):
        return [{k: v for k, v in r.items() if k != "source"} for r in read_jsonl(out / name)]

    for name in ("clean.jsonl", "rejected.jsonl"):
        assert outputs(tmp_path / "out", name) == outputs(local, name), name
    assert {r["source"] for r in read_jsonl(tmp_path / "out" / "clean.jsonl")} == {f"file://{corpus}"}
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reconciles"] and manifest["inputs"][0]["path"] == f"file://{corpus}"


def test_a_run_from_s3_matches_a_run_from_the_path(pieces_run, s3_store, tmp_path):
    """s3:// through fsspec (s3fs) against a real S3 API on this machine (moto's server)."""
    from tests.conftest import read_jsonl, run_qingxi

    _, s3 = s3_store
    s3.create_bucket(Bucket="crawl")
    corpus, local, args = pieces_run
    s3.upload_file(str(corpus), "crawl", "2026/pieces.jsonl")
    s3.put_object(Bucket="crawl", Key="2026/.staging/partial.jsonl", Body=b"{")

    skipped: list[dict] = []
    [remote] = discover_inputs(["s3://crawl/2026/"], skipped=skipped)
    assert (remote.source, remote.size) == ("s3://crawl/2026/pieces.jsonl", corpus.stat().st_size)
    assert skipped == [{"path": "s3://crawl/2026/.staging/partial.jsonl", "reason": "hidden"}]
    assert remote.version  # S3's ETag: what an incremental run compares

    result = run_qingxi("s3://crawl/2026/", *args[1:], "--workers", "1", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    for name in ("clean.jsonl", "rejected.jsonl"):
        assert [{k: v for k, v in r.items() if k != "source"} for r in read_jsonl(tmp_path / "out" / name)] == [
            {k: v for k, v in r.items() if k != "source"} for r in read_jsonl(local / name)], name


def test_a_run_into_s3_publishes_what_a_run_into_a_folder_writes(pieces_run, s3_store, tmp_path, monkeypatch):
    """--out s3://…: the run works in a local staging folder and, finished, publishes the files;
    an earlier run's outputs that this run did not write go, other objects stay; the staging
    folder goes."""
    from tests.conftest import read_jsonl, run_qingxi

    _, s3 = s3_store
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    s3.create_bucket(Bucket="corpus")
    for key in ("2026/clean-00000-of-00002.jsonl", "2026/manifest.json", "2026/README.txt"):
        s3.put_object(Bucket="corpus", Key=key, Body=b"an earlier run's")
    corpus, local, args = pieces_run
    result = run_qingxi(*args, "--workers", "1", "--out", "s3://corpus/2026/")
    assert result.returncode == 0, result.stderr
    assert "s3://corpus/2026/clean.jsonl" in result.stderr

    listed = {o["Key"].removeprefix("2026/") for o in s3.list_objects_v2(Bucket="corpus")["Contents"]}
    assert listed == {p.name for p in local.iterdir()} | {"README.txt"}
    for name in listed:
        s3.download_file("corpus", f"2026/{name}", str(tmp_path / name))
    for name in ("clean.jsonl", "rejected.jsonl"):
        assert read_jsonl(tmp_path / name) == read_jsonl(local / name), name
    assert json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["reconciles"]
    assert (tmp_path / "README.txt").read_bytes() == b"an earlier run's"
    assert not list((tmp_path / "cache" / "qingxi" / "out").iterdir())

    refused = run_qingxi(*args, "--incremental", "--out", "s3://corpus/2026/")
    assert refused.returncode == 2 and "give --out a folder, not a URL" in refused.stderr
