"""manifest.json: counts that reconcile, and how the run was made."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .readers import InputFile
from .records import REASONS
from .outdir import atomic_write
from .steps import OutputStats


def qingxi_version() -> str:
    try:
        return version("qingxi")
    except PackageNotFoundError:
        return "unknown"


def build_manifest(files: list[InputFile], read_counts: Counter, stats: OutputStats, options,
                   timings: dict[str, float], wall: dict[str, float], wall_seconds: float) -> dict:
    """The manifest; ``read_counts`` (documents read per source) is checked against what was written.

    ``timings`` are work seconds by stage, summed over the workers; ``wall`` is the driver's wall
    clock by phase, which with the time no phase accounts for (Prefect's task bookkeeping, the
    manifest itself) adds up to ``wall_seconds``."""
    rejected = sum(stats.rejected.values())
    documents = sum(read_counts.values())
    empty = {"kept": 0, "rejected": 0}
    inputs = [{"path": f.source, "format": f.format, "bytes": f.size, "documents": read_counts[f.source],
               **{k: stats.per_source.get(f.source, empty)[k] for k in empty}} for f in files]
    input_bytes = sum(f.size for f in files)
    return {
        "qingxi_version": qingxi_version(),
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "options": options.model_dump(),
        "documents_in": documents,
        "kept": stats.kept,
        "rejected": rejected,
        "rejected_by_reason": dict(stats.rejected.most_common()),
        "reasons": {reason: REASONS[reason] for reason in stats.rejected},
        # Every document read is either kept or rejected, per file and overall.
        "reconciles": documents == stats.kept + rejected
        and all(i["documents"] == i["kept"] + i["rejected"] for i in inputs),
        "inputs": inputs,
        "encodings": dict(stats.encodings.most_common()),
        "scripts": dict(stats.scripts.most_common()),
        "documents_by_flag": dict(stats.flags.most_common()),
        "output_chars": stats.output_chars,
        "invalid_bytes": stats.invalid_bytes,
        "input_bytes": input_bytes,
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()} | {"total": round(wall_seconds, 3)},
        "wall_seconds": {k: round(v, 3) for k, v in wall.items()}
        | {"unaccounted": round(wall_seconds - sum(wall.values()), 3), "total": round(wall_seconds, 3)},
        "throughput_mb_s": round(input_bytes / 1e6 / max(wall_seconds, 1e-9), 3),
        "output_files": stats.files,
        "outputs": [*stats.files["clean"], *stats.files["rejected"], "manifest.json", "spam_lexicon.json",
                    "report.json", "report.html", "report.md"],
    }


def write_manifest(manifest: dict, out_dir: str) -> None:
    with atomic_write(Path(out_dir) / "manifest.json", "w") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2, default=str)  # a Decimal id in slowest_documents
        f.write("\n")
