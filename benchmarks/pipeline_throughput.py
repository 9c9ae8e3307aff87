"""The whole pipeline on a web-like corpus, against the script a user writes in an afternoon.

The corpus is real text of two genres (laws and regulations; hotel, shop and take-away reviews:
:mod:`clean_corpora`, from repositories ``fetch`` brings; no People's Daily text) made dirty the
way crawls are, with a fixed seed: near and exact copies (some in Traditional script), site
furniture lines, markup and entities, pinyin annotations, injected spam tokens, and UTF-8 read
as GBK. The shares are printed with the results.

In one run, on the same corpus file, each of these is timed as a subprocess with its process
tree's peak RSS sampled:

- ``baseline``: ftfy's defaults, OpenCC t2s keys, datasketch MinHash (128 permutations, character
  5-grams) and MinHashLSH at 0.8, written as JSONL (the afternoon script);
- ``qingxi run`` with ``--workers 1``, ``--workers 2`` and ``--dask local:2``.

For each qingxi run it prints MB/s after Prefect's start-up (the manifest's flow time), the ratio
to the baseline and to one worker, and each stage's share of the run, with the time no stage
accounts for.

    python benchmarks/pipeline_throughput.py LAWS_GIT_DIR NLPCORPUS_GIT_DIR [--mb 50] [--runs ...] [--rounds N] [--keep]

With ``--scales 14 56 224`` it measures instead how one worker's peak RSS grows with the input:
one corpus of the largest size is built, and its first 14, 56 and 224 MB are each run.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from clean_corpora import laws, reviews  # noqa: E402

# Shares of documents given each kind of dirt (a document may get several).
DIRT = {"copy": 0.08, "traditional_copy": 0.02, "furniture": 0.15, "markup": 0.05, "pinyin": 0.02,
        "spam": 0.05, "mojibake": 0.02}
FURNITURE = ["首页 > 新闻中心 > 正文", "发布时间：2021-10-11 点击数：1024", "分享到：微信 微博 QQ空间",
             "版权所有 © 2021 本站 保留所有权利 京ICP备12345678号", "上一篇：返回列表 下一篇：没有了"]
SPAM_TOKENS = ["包养网", "快3计划", "微信号dd8899", "澳门葡京", "av在线"]

BASELINE = r'''
import json, sys
import ftfy, opencc
from datasketch import MinHash, MinHashLSH
src, out = sys.argv[1], sys.argv[2]
t2s = opencc.OpenCC("t2s")
lsh = MinHashLSH(threshold=0.8, num_perm=128)
with open(src, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as w:
    for line in f:
        doc = json.loads(line)
        text = ftfy.fix_text(doc["text"])
        key = t2s.convert(text)
        m = MinHash(num_perm=128)
        m.update_batch([key[i:i + 5].encode() for i in range(max(1, len(key) - 4))])
        if lsh.query(m):
            continue
        lsh.insert(str(doc["id"]), m)
        w.write(json.dumps({"id": doc["id"], "text": text}, ensure_ascii=False) + "\n")
'''


def build_corpus(laws_repo: str, reviews_repo: str, megabytes: float, path: Path) -> dict:
    """Write the dirty corpus to ``path``; returns counts of each kind of dirt."""
    import opencc
    from pypinyin import Style, pinyin

    rng = random.Random(1998)
    to_traditional = opencc.OpenCC("s2t")
    sources = [iter(laws(laws_repo)), iter(reviews(reviews_repo))]
    counts = dict.fromkeys(DIRT, 0)
    kept: list[str] = []
    size, n = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while size < megabytes * 1e6:
            genre = 0 if rng.random() < 0.6 else 1  # by documents: laws are long, reviews short
            try:
                _, _, text = next(sources[genre])
            except StopIteration:
                sources[genre] = iter(laws(laws_repo) if genre == 0 else reviews(reviews_repo))
                continue
            roll = rng.random()
            if kept and roll < DIRT["copy"]:
                text, kind = rng.choice(kept), "copy"
                if rng.random() < 0.5:  # a near copy: a line changed
                    text = text.replace("。", "，", 1)
            elif kept and roll < DIRT["copy"] + DIRT["traditional_copy"]:
                text, kind = to_traditional.convert(rng.choice(kept)), "traditional_copy"
            else:
                kind = None
                if len(kept) < 5000:
                    kept.append(text)
            if kind:
                counts[kind] += 1
            text = _dirty(text, rng, counts, pinyin, Style)
            line = json.dumps({"id": f"doc{n}", "text": text}, ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode())
            n += 1
    return {"documents": n, "bytes": size, **counts}


def _dirty(text: str, rng: random.Random, counts: dict, pinyin, style) -> str:
    if rng.random() < DIRT["furniture"]:
        counts["furniture"] += 1
        text = "\n".join([rng.choice(FURNITURE[:2]), text, *rng.sample(FURNITURE[2:], 2)])
    if rng.random() < DIRT["markup"]:
        counts["markup"] += 1
        text = "<div class=\"content\"><p>" + text.replace("\n", "</p>\n<p>").replace("，", "&#65292;", 3) + "</p></div>"
    if rng.random() < DIRT["pinyin"]:
        counts["pinyin"] += 1
        at = rng.randrange(max(1, len(text) - 2))
        word = text[at:at + 2]
        if all("\u4e00" <= c <= "\u9fff" for c in word):
            text = text[:at] + "".join(f"{c}({p[0]})" for c, p in zip(word, pinyin(word, style=style.TONE))) + \
                text[at + 2:]
    if rng.random() < DIRT["spam"]:
        counts["spam"] += 1
        for _ in range(3):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(SPAM_TOKENS) + text[at:]
    if rng.random() < DIRT["mojibake"]:
        counts["mojibake"] += 1
        lines = text.split("\n")
        k = rng.randrange(len(lines))
        lines[k] = lines[k].encode("utf-8").decode("gbk", errors="replace")
        text = "\n".join(lines)
    return text


def timed(command: list[str]) -> tuple[float, int, int]:
    """Wall seconds, the peak RSS of the process tree and that of its first process alone (the
    driver; Prefect's server and the workers are its children), sampled every 0.2 s. Forked
    workers share their tables with the process they were forked from, and the tree's sum counts
    those pages once per process: it overstates what the tree holds."""
    started = time.perf_counter()
    process = psutil.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = driver = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            driver = max(driver, process.memory_info().rss)
        except psutil.Error:
            pass
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-2000:]}")
    return seconds, peak, driver


def qingxi(corpus: Path, out: Path, options: list[str]) -> tuple[float, int, int, dict]:
    """``qingxi run`` timed: wall seconds, peak RSS of its process tree and of its driver, and its manifest."""
    wall, rss, driver = timed([sys.executable, "-m", "flows.cli", "run", str(corpus), "--out", str(out),
                               "--no-progress", *options])
    return wall, rss, driver, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def memory_by_scale(corpus: Path, scales: list[float], work: Path, options: list[str]) -> None:
    """Peak RSS of a run with ``options`` on the first ``scales`` MB of ``corpus`` (whole
    documents), and its growth; with workers, the driver's apart."""
    lines = corpus.read_bytes().splitlines(keepends=True)
    first = None
    for megabytes in scales:
        part, size = work / f"first{megabytes:g}MB.jsonl", 0
        with part.open("wb") as out:
            for line in lines:
                if size >= megabytes * 1e6:
                    break
                out.write(line)
                size += len(line)
        wall, rss, driver, manifest = qingxi(part, work / f"out{megabytes:g}", options)
        first = first or rss
        flow = manifest["timings_seconds"]["total"]
        print(f"{size / 1e6:6.1f} MB, {manifest['documents_in']:,} documents: peak RSS {rss / 2**20:,.0f} MiB "
              f"({rss / first:.2f}x the smallest), driver {driver / 2**20:,.0f} MiB, "
              f"{flow:.0f} s after start-up, {size / 1e6 / flow:.2f} MB/s")


def shares(manifest: dict, workers: int) -> str:
    """Each stage's share of the flow's time; per-batch stages are summed over workers, so divided by them."""
    t = manifest["timings_seconds"]
    flow = t["total"]
    parts = {}
    for name, seconds in t.items():
        if name == "total":
            continue
        if name.endswith(".decide"):
            continue  # the driver's part of decide:N, shown apart
        on_driver = name in ("read", "write") or name.startswith("decide")
        parts[name] = seconds if on_driver else seconds / workers
    parts["unaccounted"] = max(0.0, flow - sum(parts.values()))
    return ", ".join(f"{k} {v / flow:.0%}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1]) if v / flow >= 0.01)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("laws")
    ap.add_argument("nlpcorpus")
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--runs", nargs="+")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run the baseline and every run this many times, interleaved, and give each ratio's median "
                         "and range: on a shared machine one run's ratio moves by tenths")
    ap.add_argument("--scales", nargs="+", type=float, metavar="MB",
                    help="instead: peak RSS of a run (the first of --runs, else --workers 1) on the first MB "
                         "of one corpus, at each size")
    ap.add_argument("--keep", action="store_true", help="keep the corpus and every run's outputs (printed where)")
    a = ap.parse_args()
    # A run writes about 250 MB (the corpus and four sets of outputs): gone afterwards unless asked.
    work = Path(tempfile.mkdtemp(prefix="qx_pipeline_"))
    try:
        measure(a, work)
    finally:
        if a.keep:
            print(f"corpus and outputs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def measure(a: argparse.Namespace, work: Path) -> None:
    """Build the corpus in ``work`` and run what ``a`` asks for on it."""
    corpus = work / "corpus.jsonl"
    dirt = build_corpus(a.laws, a.nlpcorpus, max(a.scales) if a.scales else a.mb, corpus)
    mb = dirt["bytes"] / 1e6
    print(f"corpus: {mb:.1f} MB, {dirt['documents']:,} documents; dirt (documents): "
          + ", ".join(f"{k} {v:,}" for k, v in dirt.items() if k in DIRT))
    if a.scales:
        return memory_by_scale(corpus, sorted(a.scales), work, (a.runs or ["--workers 1"])[0].split())
    script = work / "afternoon.py"
    script.write_text(BASELINE, encoding="utf-8")
    runs = a.runs or ["--workers 1", "--workers 2", "--dask local:2"]
    measured: dict[str, list[tuple[float, float, float]]] = {run: [] for run in runs}
    for round_ in range(1, a.rounds + 1):
        if a.rounds > 1:
            print(f"round {round_} of {a.rounds}")
        base_s, base_rss, _ = timed([sys.executable, str(script), str(corpus), str(work / f"baseline{round_}.jsonl")])
        print(f"baseline (ftfy + OpenCC + datasketch): {base_s:7.1f} s  {mb / base_s:5.2f} MB/s  "
              f"peak RSS {base_rss / 2**20:,.0f} MiB")
        one = None
        for run in runs:
            out = work / (run.replace(" ", "").replace("-", "").replace(":", "") + str(round_))
            flow = report_run(run, qingxi(corpus, out, run.split()), mb, base_s, one)
            one = one or flow
            measured[run].append((flow, base_s / flow, one / flow))
            if not a.keep:
                shutil.rmtree(out)  # 50 MB of outputs a run: the manifest has been read
    if a.rounds > 1:
        print(f"over {a.rounds} rounds, each ratio against the baseline and the one worker of its own round "
              "(median, then the range):")
        for run, rounds in measured.items():
            flow, base, one = ([r[i] for r in rounds] for i in range(3))
            print(f"qingxi {run:15s}: {median(flow):5.1f} s ({min(flow):.1f}-{max(flow):.1f})  "
                  f"{median(base):4.2f}x baseline ({min(base):.2f}-{max(base):.2f})  "
                  f"{median(one):4.2f}x one worker ({min(one):.2f}-{max(one):.2f})")


def report_run(run: str, result: tuple[float, int, int, dict], mb: float, base_s: float, one: float | None) -> float:
    """Print one qingxi run against the baseline and ``one`` worker's time (itself when None); its time after start-up."""
    wall, rss, driver, manifest = result
    flow = manifest["timings_seconds"]["total"]
    one = one or flow
    print(f"qingxi {run:15s}: {wall:7.1f} s wall, {flow:7.1f} s after start-up  {mb / flow:5.2f} MB/s  "
          f"{base_s / flow:4.2f}x baseline  {one / flow:4.2f}x one worker  peak RSS {rss / 2**20:,.0f} MiB "
          f"(driver {driver / 2**20:,.0f} MiB)  kept {manifest['kept']:,} rejected {manifest['rejected']:,}")
    print(f"    stages: {shares(manifest, manifest['options']['workers'])}")
    decided = {k: v for k, v in manifest["timings_seconds"].items() if k.endswith(".decide")}
    print("    the driver deciding: " + ", ".join(f"{k} {v:.1f} s" for k, v in decided.items()))
    slowest = manifest["slowest_documents"][:1]
    if slowest:
        print(f"    slowest document: {slowest[0]['clean_ms']:.0f} ms ({slowest[0]['ms_per_kb']:.1f} ms/KB)")
    return flow

if __name__ == "__main__":
    main()
