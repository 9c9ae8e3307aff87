"""The contamination report: what was wrong with a crawl, how much, where, and what was done.

Built from an output folder alone (clean.jsonl, rejected.jsonl, manifest.json,
spam_lexicon.json), so ``qingxi report OUT_DIR`` can rebuild it at any time.
Writes report.json (schema below), report.html (one self-contained page) and
report.md (a short summary, also attached to the Prefect flow run).

report.json, schema ``qingxi.report/1``:

- ``documents``: ``in``, ``kept``, ``rejected``; ``characters``: ``in`` (of documents read,
  as far as the outputs hold them), ``out`` (kept text), ``removed`` (by edits to kept documents, and
  ``rejected``: the characters of the rejected documents);
- ``rejected_by_reason``: reason -> documents;
- ``contamination``: kind (mojibake, pinyin, markup, boilerplate, spam, dedup, unicode,
  whitespace, script) -> ``documents`` affected, ``share`` of kept documents, ``edits``,
  ``chars_removed``, ``by_rule`` (rule -> edits);
- ``spam_families``: family -> ``edits``, ``documents``, ``tokens`` (token -> removals),
  ``samples`` (contexts);
- ``spliced_sentences``: removals of whole spliced sentences;
- ``page_verdicts``: reason (adult, gambling, seo_spam, no_content, gibberish) -> ``documents``
  and ``examples`` (up to 3: ``id``, ``detail``), the pages rejected as not worth training on;
- ``furniture_by_host``: up to 20 sites (hosts of ``--url-field`` or of URL ids) by characters of page furniture removed
  from their kept pages (``boilerplate.*`` and the paragraph furniture of ``dedup.*``), each with
  ``pages``, ``lines`` removed, ``chars_removed`` and ``by_rule``;
- ``duplicates``: ``documents`` rejected, ``clusters_by_size`` (size -> clusters), ``kept_for_own_text``
  (documents similar enough to a kept one to be its copies, kept for text of their own);
- ``scripts``, ``encodings``: value -> kept documents;
- ``top_sources``: up to 10 sources by contamination edits, each with ``documents``,
  ``contaminated``, ``edits``, ``chars_removed``;
- ``timings_seconds``, ``throughput_mb_s``: from the manifest;
- ``samples``: a few kept documents with the most contamination, ``id``, ``before`` and
  ``after`` (truncated), for the before/after view.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from cleaners import Edit, undo_edits
from cleaners.passes import url_host

from .report_html import render_html, render_markdown
from .writers import read_records

SCHEMA = "qingxi.report/1"
SPLICED_RULES = ("spam.spliced", "spam.dialogue", "spam.fragment", "spam.story")  # text spliced in from elsewhere
KINDS = ("mojibake", "pinyin", "markup", "boilerplate", "spam", "dedup", "unicode", "whitespace", "script")
PAGE_VERDICTS = ("adult", "gambling", "seo_spam", "no_content", "gibberish")  # cleaners.quality's reasons
VERDICT_EXAMPLES = 3
FURNITURE_RULES = ("boilerplate.", "dedup.paragraph_furniture", "dedup.host_furniture")
FURNITURE_HOSTS = 20
SAMPLE_DOCUMENTS = 6
SAMPLE_CHARS = 1500


def build_report(out_dir: str | Path) -> dict:
    """Aggregate an output folder into the report.json structure."""
    out = Path(out_dir)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    kinds: dict[str, dict] = {k: {"documents": 0, "edits": 0, "chars_removed": 0, "by_rule": Counter()} for k in KINDS}
    families: dict[str, dict] = defaultdict(lambda: {"edits": 0, "documents": 0, "tokens": Counter(), "samples": []})
    sources: dict[str, Counter] = defaultdict(Counter)
    sites: dict[str, dict] = defaultdict(lambda: {"pages": 0, "lines": 0, "chars_removed": 0, "by_rule": Counter()})
    chars_out = chars_in = chars_rejected = kept = spliced = 0  # chars_in: the kept documents' as read
    samples: list[tuple[int, dict]] = []
    files = manifest.get("output_files") or {"clean": ["clean.jsonl"], "rejected": ["rejected.jsonl"]}
    for record in read_records(out, files["clean"]):
        kept += 1
        text, edits = record["text"], record["edits"]
        original_length = len(text) - sum(len(e["after"]) - len(e["before"]) for e in edits)
        chars_out += len(text)
        chars_in += original_length
        source = sources[record["source"]]
        source["documents"] += 1
        seen_kinds, seen_families = set(), set()
        contamination = 0
        for e in edits:
            kind = e["rule"].partition(".")[0]
            stats = kinds.setdefault(kind, {"documents": 0, "edits": 0, "chars_removed": 0, "by_rule": Counter()})
            removed = max(len(e["before"]) - len(e["after"]), 0)
            stats["edits"] += 1
            stats["chars_removed"] += removed
            stats["by_rule"][e["rule"]] += 1
            seen_kinds.add(kind)
            if kind != "whitespace":
                contamination += 1
                source["edits"] += 1
                source["chars_removed"] += removed
            if kind == "spam":
                family = families[e.get("detail") or "unknown"]
                family["edits"] += 1
                family["tokens"][e["before"] if len(e["before"]) <= 40 else e["before"][:40] + "…"] += 1
                seen_families.add(e.get("detail") or "unknown")
                spliced += e["rule"] in SPLICED_RULES
        for kind in seen_kinds:
            kinds[kind]["documents"] += 1
        _count_furniture(sites, record.get("url") or str(record["id"]), edits)
        for family in seen_families:
            families[family]["documents"] += 1
        if seen_kinds - {"whitespace"}:
            source["contaminated"] += 1
        if contamination:
            samples.append((contamination, record))
            samples = sorted(samples, key=lambda s: -s[0])[:SAMPLE_DOCUMENTS * 3]
    rejected = Counter()
    verdicts: dict[str, list] = defaultdict(list)
    for record in read_records(out, files["rejected"]):
        rejected[record["reason"]] += 1
        if record["reason"] in PAGE_VERDICTS and len(verdicts[record["reason"]]) < VERDICT_EXAMPLES:
            verdicts[record["reason"]].append({"id": record["id"], "detail": record.get("detail", "")})
        sources[record["source"]]["documents"] += 1
        chars_rejected += len(record.get("text") or "")
    lexicon_path = out / "spam_lexicon.json"
    if lexicon_path.exists():
        lexicon = json.loads(lexicon_path.read_text(encoding="utf-8"))["families"]
        for name, family in families.items():
            family["samples"] = lexicon.get(name, {}).get("contexts", [])[:3]
    for stats in kinds.values():
        stats["share"] = round(stats["documents"] / max(kept, 1), 4)
        stats["by_rule"] = dict(stats["by_rule"].most_common())
    top = sorted(sources.items(), key=lambda kv: (-kv[1]["edits"], kv[0]))[:10]
    return {
        "schema": SCHEMA,
        "documents": {"in": manifest["documents_in"], "kept": kept, "rejected": sum(rejected.values())},
        "characters": {"in": chars_in + chars_rejected, "out": chars_out, "removed": chars_in + chars_rejected - chars_out,
                       "rejected": chars_rejected},
        "rejected_by_reason": dict(rejected.most_common()),
        "contamination": kinds,
        "spam_families": {name: {**f, "tokens": dict(f["tokens"].most_common(20))}
                          for name, f in sorted(families.items(), key=lambda kv: -kv[1]["edits"])},
        "spliced_sentences": spliced,
        "page_verdicts": {reason: {"documents": rejected[reason], "examples": verdicts[reason]}
                          for reason in PAGE_VERDICTS if rejected[reason]},
        "furniture_by_host": {host: {**site, "by_rule": dict(site["by_rule"].most_common())} for host, site in
                              sorted(sites.items(), key=lambda kv: -kv[1]["chars_removed"])[:FURNITURE_HOSTS]},
        "duplicates": {"documents": rejected.get("duplicate", 0),
                       "clusters_by_size": manifest.get("duplicate_clusters", {}),
                       "kept_for_own_text": manifest.get("kept_for_own_text", 0)},
        "scripts": manifest.get("scripts", {}),
        "encodings": manifest.get("encodings", {}),
        "top_sources": [{"source": name, "documents": c["documents"], "contaminated": c["contaminated"],
                         "edits": c["edits"], "chars_removed": c["chars_removed"]} for name, c in top],
        "timings_seconds": manifest.get("timings_seconds", {}),
        "throughput_mb_s": manifest.get("throughput_mb_s"),
        "samples": [_sample(record) for _, record in _diverse(samples)],
    }


def _count_furniture(sites: dict, url: str, edits: list[dict]) -> None:
    """Add a kept page's furniture removals to its site's tally (pages with a URL only)."""
    host = url_host(url)
    furniture = [e for e in edits if e["rule"].startswith(FURNITURE_RULES)]
    if not host or not furniture:
        return
    site = sites[host]
    site["pages"] += 1
    for e in furniture:
        site["lines"] += e["before"].count("\n") or 1
        site["chars_removed"] += max(len(e["before"]) - len(e["after"]), 0)
        site["by_rule"][e["rule"]] += 1


def _diverse(samples: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """The most contaminated documents, preferring ones that show a kind not shown yet."""
    chosen, shown = [], set()
    for score, record in samples:
        kinds = {e["rule"].partition(".")[0] for e in record["edits"]} - {"whitespace"}
        if kinds - shown or len(chosen) < 2:
            chosen.append((score, record))
            shown |= kinds
        if len(chosen) == SAMPLE_DOCUMENTS:
            break
    return chosen


def _sample(record: dict) -> dict:
    edits = [Edit.from_dict(e) for e in record["edits"]]
    before = undo_edits(record["text"], edits)
    return {"id": record["id"], "source": record["source"],
            "rules": sorted({e.rule for e in edits if not e.rule.startswith("whitespace.")}),
            "before": before[:SAMPLE_CHARS], "after": record["text"][:SAMPLE_CHARS]}


def write_report(out_dir: str | Path) -> dict:
    """Build and write report.json, report.html and report.md; returns the report."""
    from .outdir import atomic_write

    out = Path(out_dir)
    report = build_report(out)
    with atomic_write(out / "report.json", "w") as f:
        json.dump(report, f, ensure_ascii=False, indent=1)
    with atomic_write(out / "report.html", "w") as f:
        f.write(render_html(report))
    with atomic_write(out / "report.md", "w") as f:
        f.write(render_markdown(report))
    return report
