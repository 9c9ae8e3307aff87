"""Incremental runs: which input files an output folder has already cleaned.

With ``--incremental`` the output folder keeps ``ledger.jsonl``, one line per input file a
finished run cleaned (path, size, modification time, SHA-256 of the content, run id), and each
run writes into its own partition, ``DIR/run=<UTC time>/``. A run cleans only the files the
ledger has not seen, and those whose content changed since (said so in its log and manifest),
and dedups against the index of every earlier run (``DIR/index.qxi``), so a document that an
earlier run kept is rejected as a duplicate, not kept twice.

A run that did not finish leaves its partition without a manifest; the next run takes that
partition over, so its checkpoints (:mod:`flows.checkpoints`) let it resume.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .readers import InputFile

LEDGER = "ledger.jsonl"
INDEX = "index.qxi"
_CHUNK = 1 << 20


def content_hash(f: InputFile) -> str:
    digest = hashlib.sha256()
    with f.open() as data:
        while chunk := data.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Selection:
    """The input files of an incremental run, sorted by what the ledger knows of them."""

    new: list[InputFile] = field(default_factory=list)
    changed: list[InputFile] = field(default_factory=list)
    unchanged: list[InputFile] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)  # by source

    @property
    def to_clean(self) -> list[InputFile]:
        return [*self.new, *self.changed]


class Ledger:
    """``DIR/ledger.jsonl``: the files earlier finished runs into ``DIR`` cleaned."""

    def __init__(self, out_dir: str | Path):
        self.path = Path(out_dir) / LEDGER
        self.entries: list[dict] = []
        if self.path.exists():
            for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
                try:
                    self.entries.append(json.loads(line))
                except ValueError:
                    raise ValueError(f"{self.path}:{number}: not a ledger line; the ledger is damaged") from None
        self.latest = {entry["path"]: entry for entry in self.entries}

    def select(self, files: list[InputFile]) -> Selection:
        """New, changed and unchanged files; a file whose size and time match the ledger is
        not read again, any other is hashed and compared by content."""
        selection = Selection()
        for f in files:
            seen = self.latest.get(_key(f))
            # "mtime_ns": a local file's modification time; a store's ETag or time for a URL
            if seen and seen["size"] == f.size and seen["mtime_ns"] == f.version:
                selection.unchanged.append(f)
                continue
            digest = content_hash(f)
            selection.hashes[f.source] = digest
            if seen is None:
                selection.new.append(f)
            elif seen["sha256"] == digest:
                selection.unchanged.append(f)  # touched, not changed
            else:
                selection.changed.append(f)
        return selection

    def record(self, selection: Selection, run: str) -> None:
        """Add the files ``run`` cleaned (after its outputs are written)."""
        lines = [json.dumps(entry, ensure_ascii=False) for entry in self.entries]
        for f in selection.to_clean:
            lines.append(json.dumps({"path": _key(f), "size": f.size, "mtime_ns": f.version,
                                     "sha256": selection.hashes[f.source], "run": run}, ensure_ascii=False))
        partial = self.path.with_name(f".{LEDGER}.partial")
        partial.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        os.replace(partial, self.path)


def _key(f: InputFile) -> str:
    return f.url or str(Path(f.path).resolve())


def partition(out_dir: str | Path) -> Path:
    """This run's partition: an unfinished run's (no manifest), to resume it, or a new one."""
    out = Path(out_dir)
    runs = sorted(out.glob("run=*"))
    if runs and not (runs[-1] / "manifest.json").exists():
        return runs[-1]
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return out / f"run={stamp}"
