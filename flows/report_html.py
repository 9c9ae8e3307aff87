"""report.html and report.md from a report dict: one self-contained page, inline
CSS and SVG, nothing fetched, no script."""

from __future__ import annotations

import difflib
from html import escape

_CSS = """
body{font:15px/1.5 system-ui,'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;margin:2rem auto;
max-width:1100px;color:#1d2330;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #dde}
.tiles{display:flex;gap:1rem;flex-wrap:wrap}.tile{background:#f3f5fa;border-radius:8px;padding:.7rem 1.1rem;min-width:9rem}
.tile b{display:block;font-size:1.5rem}.grid{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}
table{border-collapse:collapse;width:100%}td,th{padding:.3rem .6rem;border-bottom:1px solid #eef;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}svg text{font-size:12px;fill:#1d2330}
.doc{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin-bottom:1.5rem}
.doc pre{white-space:pre-wrap;background:#fafbfd;border:1px solid #e4e7f0;border-radius:6px;padding:.6rem;
max-height:22rem;overflow:auto;font:13px/1.6 inherit;margin:0}
del{background:#ffd7d5;color:#8a1c14}ins{background:#d4f5dd;text-decoration:none}
.muted{color:#667}.rules{font-size:.85rem;color:#556}
"""

_COLORS = ["#3b6fd8", "#d8573b", "#2e9d6a", "#a35bd1", "#d8a23b", "#3bb3c4", "#8a8f99", "#c43b86", "#6b8e23"]


def bar_chart(rows: list[tuple[str, float, str]], width: int = 500, title: str = "") -> str:
    """Horizontal bars: (label, value, annotation). Values are scaled to the largest."""
    if not rows:
        return '<p class="muted">nothing to show</p>'
    bar_h, label_w, gap = 22, 150, 6
    height = len(rows) * (bar_h + gap) + 10
    top = max(v for _, v, _ in rows) or 1
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">']
    for i, (label, value, note) in enumerate(rows):
        y = 5 + i * (bar_h + gap)
        w = max((width - label_w - 230) * value / top, 1 if value else 0)
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(label[:24])}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3" '
                     f'fill="{_COLORS[i % len(_COLORS)]}"><title>{escape(label)}: {escape(note)}</title></rect>'
                     f'<text x="{label_w + w + 6:.1f}" y="{y + 15}">{escape(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram(counts: dict[str, int], width: int = 500, height: int = 200) -> str:
    """Vertical bars for cluster sizes."""
    if not counts:
        return '<p class="muted">no duplicate clusters</p>'
    items = sorted(((int(k), v) for k, v in counts.items()))
    top = max(v for _, v in items) or 1
    bw = min(60, (width - 40) / len(items) - 8)
    parts = [f'<svg class="chart" role="img" aria-label="duplicate cluster sizes" width="{width}" '
             f'height="{height + 40}" viewBox="0 0 {width} {height + 40}">']
    for i, (size, n) in enumerate(items):
        h = (height - 20) * n / top
        x = 30 + i * (bw + 8)
        parts.append(f'<rect x="{x:.1f}" y="{height - h:.1f}" width="{bw:.1f}" height="{h:.1f}" rx="3" fill="#3b6fd8">'
                     f'<title>{n} clusters of {size}</title></rect>'
                     f'<text x="{x + bw / 2:.1f}" y="{height - h - 4:.1f}" text-anchor="middle">{n}</text>'
                     f'<text x="{x + bw / 2:.1f}" y="{height + 16}" text-anchor="middle">{size}</text>')
    parts.append(f'<text x="{width / 2}" y="{height + 34}" text-anchor="middle" class="muted">'
                 f'copies in a cluster</text></svg>')
    return "".join(parts)


def _diff_views(before: str, after: str) -> tuple[str, str]:
    """Before with removed text struck, after with added text marked."""
    old, new = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        a, b = escape(before[i1:i2]), escape(after[j1:j2])
        if op == "equal":
            old.append(a)
            new.append(b)
        else:
            if a:
                old.append(f"<del>{a}</del>")
            if b:
                new.append(f"<ins>{b}</ins>")
    return "".join(old), "".join(new)


def render_html(report: dict) -> str:
    docs, chars = report["documents"], report["characters"]
    kinds = sorted(((k, v) for k, v in report["contamination"].items() if v["documents"]),
                   key=lambda kv: -kv[1]["documents"])
    prevalence = bar_chart([(k, v["share"], f'{_count(v["documents"], "doc")} · {_count(v["edits"], "edit")} · '
                                            f'{v["chars_removed"]:,} chars') for k, v in kinds],
                           width=640, title="contamination prevalence")
    families = bar_chart([(name, f["edits"], f'{_count(f["edits"], "removal")} in {_count(f["documents"], "doc")}')
                          for name, f in report["spam_families"].items()], title="spam families")
    reasons = bar_chart([(r, n, str(n)) for r, n in report["rejected_by_reason"].items()], title="rejected by reason")
    family_rows = "".join(
        f'<tr><td>{escape(name)}</td><td class="n">{f["edits"]}</td><td class="n">{f["documents"]}</td>'
        f'<td>{escape("、".join(list(f["tokens"])[:6]))}</td></tr>' for name, f in report["spam_families"].items())
    verdict_rows = "".join(
        f'<tr><td>{escape(reason)}</td><td class="n">{v["documents"]}</td><td>'
        + "<br>".join(f'{escape(str(e["id"]))}: {escape(e["detail"])}' for e in v["examples"]) + "</td></tr>"
        for reason, v in report.get("page_verdicts", {}).items())
    site_rows = "".join(
        f'<tr><td>{escape(host)}</td><td class="n">{v["pages"]}</td><td class="n">{v["lines"]}</td>'
        f'<td class="n">{v["chars_removed"]:,}</td><td>{escape(_pairs(v["by_rule"]))}</td></tr>'
        for host, v in report.get("furniture_by_host", {}).items())
    mojibake = report["contamination"].get("mojibake", {}).get("by_rule", {})
    mojibake_rows = "".join(f'<tr><td>{escape(r)}</td><td class="n">{n}</td></tr>' for r, n in mojibake.items())
    source_rows = "".join(
        f'<tr><td>{escape(s["source"])}</td><td class="n">{s["documents"]}</td><td class="n">{s["contaminated"]}</td>'
        f'<td class="n">{s["edits"]}</td><td class="n">{s["chars_removed"]:,}</td></tr>' for s in report["top_sources"])
    samples = []
    for s in report["samples"]:
        old, new = _diff_views(s["before"], s["after"])
        samples.append(f'<h3>{escape(str(s["id"]))}</h3><p class="rules">{escape(", ".join(s["rules"]))}</p>'
                       f'<div class="doc"><pre>{old}</pre><pre>{new}</pre></div>')
    tiles = [("documents in", f'{docs["in"]:,}'), ("kept", f'{docs["kept"]:,}'), ("rejected", f'{docs["rejected"]:,}'),
             ("duplicates", f'{report["duplicates"]["documents"]:,}'), ("characters removed", f'{chars["removed"]:,}'),
             ("throughput", f'{report.get("throughput_mb_s") or 0:.2f} MB/s')]
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>qingxi contamination report</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>{_CSS}</style></head><body>
<h1>qingxi contamination report</h1>
<p class="muted">What was wrong with this crawl, how much, where, and what was done about it.</p>
<div class="tiles">{"".join(f'<div class="tile"><b>{v}</b>{escape(k)}</div>' for k, v in tiles)}</div>
<p class="muted">{chars["removed"]:,} of {chars["in"]:,} characters removed: {escape(_removed_by(chars))}.</p>
<h2>Contamination prevalence (share of kept documents)</h2>{prevalence}
<div class="grid"><div><h2>Spam families</h2>{families}</div><div><h2>Rejected</h2>{reasons}</div></div>
<table><tr><th>spam family</th><th class="n">removals</th><th class="n">documents</th><th>tokens</th></tr>{family_rows}</table>
<div class="grid"><div><h2>Duplicate clusters</h2>{histogram(report["duplicates"]["clusters_by_size"])}
<p class="muted">{report["duplicates"].get("kept_for_own_text", 0):,} documents as similar as copies were kept for
text of their own.</p></div>
<div><h2>Mojibake repairs</h2><table><tr><th>kind</th><th class="n">repairs</th></tr>{mojibake_rows}</table>
<h2>Scripts and encodings</h2><p>{escape(_pairs(report["scripts"]))}<br>{escape(_pairs(report["encodings"]))}</p></div></div>
<h2>Page verdicts</h2><p class="muted">Pages rejected as not worth training on, with why.</p>
{f'<table><tr><th>reason</th><th class="n">pages</th><th>examples</th></tr>{verdict_rows}</table>' if verdict_rows
 else '<p class="muted">no page rejected for its verdict</p>'}
<h2>Site furniture removed, by host</h2><p class="muted">Menus, bylines, related lists and site templates
taken off kept pages.</p>
{f'<table><tr><th>host</th><th class="n">pages</th><th class="n">lines</th><th class="n">chars removed</th>'
 f'<th>by rule</th></tr>{site_rows}</table>' if site_rows else '<p class="muted">no page with a URL id lost furniture</p>'}
<h2>Most contaminated sources</h2>
<table><tr><th>source</th><th class="n">documents</th><th class="n">contaminated</th><th class="n">edits</th>
<th class="n">chars removed</th></tr>{source_rows}</table>
<h2>Before and after</h2><p class="muted">Left: the input, removed or replaced text struck through.
Right: the output, inserted text marked.</p>{"".join(samples) or '<p class="muted">no contaminated documents</p>'}
</body></html>
"""


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _removed_by(chars: dict) -> str:
    """How the removed characters went: edits to kept documents, and rejected documents.

        >>> _removed_by({"in": 100, "out": 70, "removed": 30, "rejected": 20})
        '10 by edits to kept documents, 20 with rejected ones'
    """
    rejected = chars.get("rejected", 0)  # reports written before it was counted apart
    return f"{chars['removed'] - rejected:,} by edits to kept documents, {rejected:,} with rejected ones"


def _pairs(counts: dict) -> str:
    return ", ".join(f"{k}: {v}" for k, v in counts.items()) or "none"


def render_markdown(report: dict) -> str:
    docs, chars = report["documents"], report["characters"]
    lines = ["# qingxi contamination report", "",
             f"{docs['in']:,} documents in, {docs['kept']:,} kept, {docs['rejected']:,} rejected; "
             f"{chars['removed']:,} of {chars['in']:,} characters removed: {_removed_by(chars)}.", "",
             "| contamination | documents | share | edits | chars removed |", "|---|---:|---:|---:|---:|"]
    for kind, v in sorted(report["contamination"].items(), key=lambda kv: -kv[1]["documents"]):
        if v["documents"]:
            lines.append(f"| {kind} | {v['documents']} | {v['share']:.1%} | {v['edits']} | {v['chars_removed']:,} |")
    if report["spam_families"]:
        lines += ["", "| spam family | removals | documents | tokens |", "|---|---:|---:|---|"]
        for name, f in report["spam_families"].items():
            lines.append(f"| {name} | {f['edits']} | {f['documents']} | {'、'.join(list(f['tokens'])[:5])} |")
    if report["rejected_by_reason"]:
        lines += ["", "Rejected: " + ", ".join(f"{r} {n}" for r, n in report["rejected_by_reason"].items())]
    return "\n".join(lines) + "\n"
