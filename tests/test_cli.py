"""The CLI contract, end to end through Prefect, as the benchmarks use it."""

import gzip
import json
import shutil

import pytest

from tests.conftest import SEEDS, read_jsonl, run_qingxi

SIMPLIFIED = "为了实现职工对美好生活的向往,各级工会干部勇于探索、攻坚克难。"
TRADITIONAL = "為了實現職工對美好生活的嚮往，各級工會幹部勇於探索、攻堅克難。"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One run over seeds plus every kind of bad input."""
    inputs = tmp_path_factory.mktemp("inputs")
    shutil.copytree(SEEDS, inputs / "seeds")
    (inputs / "gb.txt").write_bytes("工人日报评论员文章。".encode("gb18030"))
    (inputs / "blank.txt").write_text(" \n\u3000\n", encoding="utf-8")
    (inputs / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (inputs / "page.html").write_text("<p>hi</p>", encoding="utf-8")
    records = [{"id": "s1", "text": SIMPLIFIED}, {"id": 42, "text": TRADITIONAL}, "BROKEN",
               {"id": "nt", "title": "no text"}, {"id": "s1", "text": "重复的编号。"}]
    with gzip.open(inputs / "records.jsonl.gz", "wt", encoding="utf-8") as f:
        for r in records:
            f.write(("{broken" if r == "BROKEN" else json.dumps(r, ensure_ascii=False)) + "\n")
    out = tmp_path_factory.mktemp("out")
    result = run_qingxi(str(inputs), "--out", str(out))
    assert result.returncode == 0, result.stderr
    kept = {str(r["id"]): r for r in read_jsonl(out / "clean.jsonl")}
    rejected = read_jsonl(out / "rejected.jsonl")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {"inputs": inputs, "out": out, "kept": kept, "rejected": rejected, "manifest": manifest,
            "stderr": result.stderr}


def test_manifest_reconciles(run):
    m = run["manifest"]
    assert m["reconciles"] is True
    assert m["documents_in"] == 5 + 4 + 5 == m["kept"] + m["rejected"]
    assert len(run["kept"]) == m["kept"] and len(run["rejected"]) == m["rejected"]
    assert m["rejected_by_reason"] == {"binary": 1, "bad_json": 1, "duplicate": 1, "duplicate_id": 1,
                                       "empty": 1, "no_text": 1, "unsupported_format": 1}
    per_file = {i["path"].rsplit("/", 1)[-1]: i for i in m["inputs"]}
    assert per_file["records.jsonl.gz"] | {"path": None} == {
        "path": None, "format": "jsonl", "bytes": per_file["records.jsonl.gz"]["bytes"],
        "documents": 5, "kept": 1, "rejected": 4}
    assert m["encodings"]["gb18030"] == 1


def test_clean_seed_comes_out_byte_identical(run):
    [doc] = [r for r in run["kept"].values() if "000_" in r["source"]]
    assert doc["text"] == next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    assert doc["edits"] == [] and doc["script"] == "simplified"


def test_every_record_comes_back_once_with_its_id(run):
    ids = [str(r["id"]) for r in run["rejected"]] + list(run["kept"])
    assert len(ids) == len(set(ids)) + 1  # the reused id "s1" appears twice, once rejected as duplicate_id
    assert {"s1", "42", "nt"} <= set(ids)
    assert run["kept"]["s1"]["text"] == SIMPLIFIED
    [number] = [r for r in run["rejected"] if r["id"] == 42]
    assert number["reason"] == "duplicate" and number["duplicate_of"] == "s1"  # Traditional copy of s1


def test_bad_input_names_file_and_line(run):
    by_reason = {r["reason"]: r for r in run["rejected"]}
    assert by_reason["bad_json"]["line"] == 3 and "records.jsonl.gz:3" in by_reason["bad_json"]["detail"]
    assert "blob.txt" in by_reason["binary"]["detail"]
    assert by_reason["unsupported_format"]["source"].endswith("page.html")
    assert by_reason["empty"]["text"] == " \n\u3000\n"


def test_no_partial_or_spool_files_left(run):
    assert sorted(p.name for p in run["out"].iterdir()) == [
        "clean.jsonl", "manifest.json", "rejected.jsonl", "report.html", "report.json", "report.md",
        "spam_lexicon.json"]


def test_summary_is_printed(run):
    assert "documents in" in run["stderr"] and "MB/s" in run["stderr"] and "start-up" in run["stderr"]


def test_the_wall_clock_phases_add_up_to_the_run(run):
    wall = run["manifest"]["wall_seconds"]
    assert {"set_up", "read", "clean", "decide:0", "apply:0", "decide:1", "write", "save_state"} <= set(wall)
    phases = sum(v for k, v in wall.items() if k not in ("unaccounted", "total"))
    assert phases + wall["unaccounted"] == pytest.approx(wall["total"], abs=0.005)
    assert 0 <= wall["unaccounted"] < 0.1 * wall["total"] + 0.05  # the phases name nearly all of it


def test_missing_input_is_a_clear_error(tmp_path):
    result = run_qingxi(str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "input not found" in result.stderr and "nope" in result.stderr


@pytest.mark.parametrize("content", ['{"families": ["赌博"]}', "not json", None])
def test_a_bad_spam_lexicon_is_a_clear_error_before_any_work(tmp_path, content):
    (tmp_path / "in.txt").write_text("全市职工积极参加技能竞赛。", encoding="utf-8")
    lexicon = tmp_path / "lexicon.json"
    if content is not None:
        lexicon.write_text(content, encoding="utf-8")
    result = run_qingxi(str(tmp_path / "in.txt"), "--out", str(tmp_path / "out"), "--spam-lexicon", str(lexicon))
    assert result.returncode == 2
    assert "--spam-lexicon" in result.stderr and "cannot be read as a spam lexicon" in result.stderr
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_url_field_groups_a_sites_pages_and_is_kept(tmp_path):
    """Ids that are not URLs, the URL in its own field: the site's template goes from its pages only,
    the URL comes out with each record, and the report counts the furniture under the host."""
    template = "职工之家网站由市总工会主办，内容每日更新"  # no rule of one page takes it
    stories = ["全市职工积极参加技能竞赛，各级工会组织开展帮扶活动，覆盖职工一万余人次。",
               "省总工会召开全委会议，总结去年工作，部署今年重点任务，提出五项具体措施。",
               "技能大赛在成都举行，来自各行业一线的优秀代表参加了比赛并获得表彰。",
               "新就业形态劳动者入会工作取得积极进展，快递员和网约车司机纷纷加入工会。",
               "为了实现职工对美好生活的向往，各级工会干部勇于探索、攻坚克难。"]
    records = [{"id": k, "url": f"https://www.site-a.cn/news/{k}.html", "text": f"{story}\n{template}"}
               for k, story in enumerate(stories[:3])]
    records.append({"id": 3, "url": "https://other.cn/1.html", "text": f"{stories[3]}\n{template}"})
    records.append({"id": 4, "text": f"{stories[4]}\n{template}"})
    (tmp_path / "pages.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                         encoding="utf-8")
    out = tmp_path / "out"
    result = run_qingxi(str(tmp_path / "pages.jsonl"), "--out", str(out), "--url-field", "url",
                        "--paragraph-min-docs", "10", "--no-progress")  # corpus-wide, five pages would be furniture
    assert result.returncode == 0, result.stderr
    kept = {r["id"]: r for r in read_jsonl(out / "clean.jsonl")}
    assert [kept[k]["url"] for k in range(3)] == [r["url"] for r in records[:3]] and "url" not in kept[4]
    for k in range(3):
        assert kept[k]["text"] == stories[k]
        assert "dedup.host_furniture" in {e["rule"] for e in kept[k]["edits"]}
    assert template in kept[3]["text"] and template in kept[4]["text"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["furniture_by_host"]["site-a.cn"]["pages"] == 3
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["site_furniture_paragraphs"] == {"site-a.cn": 1}
