"""The contamination report: numbers checked against crafted input, the page in a real browser."""

import json
import os
import re
import shutil
import subprocess

import pytest

from tests.conftest import read_jsonl, run_qingxi

ARTICLE = "全市职工积极参加技能竞赛,各级工会组织开展帮扶活动,覆盖职工一万余人次。"
OTHER = "省总工会召开全委会议,总结去年工作,部署今年重点任务,提出五项具体措施。"
THIRD = "技能大赛在成都举行,来自各行业一线的优秀代表参加了比赛并获得表彰。"
FOURTH = "新就业形态劳动者入会工作取得积极进展,快递员和网约车司机纷纷加入工会。"
FIFTH = "为了实现职工对美好生活的向往,各级工会干部勇于探索、攻坚克难。"


@pytest.fixture(scope="module")
def report_run(tmp_path_factory):
    """Known contamination: 2 pinyin annotations, 1 boilerplate line, 1 tag, 1 GBK-as-Latin-1
    line, 1 exact duplicate (Traditional copy)."""
    inputs = tmp_path_factory.mktemp("report_inputs")
    records = [
        {"id": "pinyin", "text": "實(shí)現(xiàn)職工對美好生活的向往。" + OTHER},
        {"id": "https://www.example-site.cn/a/1.html", "text": "打印本页\n" + THIRD},
        {"id": "markup", "text": "职工</span>之家建设" + FOURTH},
        {"id": "mojibake", "text": "新闻\n" + ARTICLE.encode("gbk").decode("latin-1")},
        {"id": "plain", "text": FIFTH},
        {"id": "copy", "text": "為了實現職工對美好生活的嚮往，各級工會幹部勇於探索、攻堅克難。"},
    ]
    (inputs / "docs.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                       encoding="utf-8")
    out = tmp_path_factory.mktemp("report_out")
    result = run_qingxi(str(inputs), "--out", str(out), "--no-progress")
    assert result.returncode == 0, result.stderr
    return out, json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_report_numbers_match_the_known_contamination(report_run):
    out, report = report_run
    c = report["contamination"]
    assert report["schema"] == "qingxi.report/1"
    assert report["documents"] == {"in": 6, "kept": 5, "rejected": 1}
    assert (c["pinyin"]["documents"], c["pinyin"]["edits"]) == (1, 2)
    assert c["pinyin"]["chars_removed"] == len("(shí)(xiàn)")
    assert (c["boilerplate"]["documents"], c["boilerplate"]["edits"]) == (1, 1)
    assert c["boilerplate"]["by_rule"] == {"boilerplate.furniture": 1}
    assert report["furniture_by_host"] == {"example-site.cn": {
        "pages": 1, "lines": 1, "chars_removed": len("打印本页\n"), "by_rule": {"boilerplate.furniture": 1}}}
    assert "example-site.cn" in (out / "report.html").read_text(encoding="utf-8")
    assert (c["markup"]["documents"], c["markup"]["edits"]) == (1, 1)
    assert c["mojibake"]["by_rule"] == {"mojibake.gbk_as_latin1": 1}
    assert c["pinyin"]["share"] == 0.2
    assert report["duplicates"] == {"documents": 1, "clusters_by_size": {"2": 1}, "kept_for_own_text": 0}
    assert report["rejected_by_reason"] == {"duplicate": 1}
    kept = read_jsonl(out / "clean.jsonl")
    assert report["characters"]["out"] == sum(len(r["text"]) for r in kept)
    # The characters removed: by edits to the kept documents, and the copy's, rejected whole.
    copy = len("為了實現職工對美好生活的嚮往，各級工會幹部勇於探索、攻堅克難。")
    edited = sum(len(e["before"]) - len(e["after"]) for r in kept for e in r["edits"])
    assert report["characters"]["rejected"] == copy
    assert report["characters"]["removed"] == edited + copy
    assert f"{edited:,} by edits to kept documents, {copy:,} with rejected ones" in (out / "report.md").read_text(
        encoding="utf-8")
    assert {s["id"] for s in report["samples"]} >= {"pinyin", "mojibake"}
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# qingxi contamination report")


def test_report_command_rebuilds_the_same_report(report_run):
    out, report = report_run
    (out / "report.json").unlink()
    (out / "report.html").unlink()
    result = subprocess.run(["qingxi", "report", str(out)], capture_output=True, text=True) \
        if shutil.which("qingxi") else None
    if result is None:
        from flows.cli import main
        assert main(["report", str(out)]) == 0
    else:
        assert result.returncode == 0, result.stderr
    assert json.loads((out / "report.json").read_text(encoding="utf-8")) == report
    assert (out / "report.html").exists()


def test_report_html_is_self_contained(report_run):
    out, _ = report_run
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "<script" not in html
    # Nothing fetched: no source, link, import or CSS url() points anywhere (ids may be URLs, as text).
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(""", html)
    assert "<del>" in html and "<ins>" in html


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None and not os.environ.get("CI"), reason="no Chromium (.ci/run installs it)")
def test_report_renders_in_headless_chromium(report_run, tmp_path):
    from PIL import Image, ImageStat

    out, _ = report_run
    browser = _chromium()
    assert browser, "CI must have Chromium: .ci/run installs it"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0"]
    url = (out / "report.html").resolve().as_uri()
    shot = tmp_path / "report.png"
    run = subprocess.run([browser, *flags, "--window-size=1200,1600", f"--screenshot={shot}", url],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 1600)
    stats = ImageStat.Stat(image)
    assert max(stats.stddev) > 20, "the page is blank"
    dom = subprocess.run([browser, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    assert dom.count('class="chart"') >= 3  # prevalence, spam/rejected bars, cluster histogram
    assert "<rect" in dom
