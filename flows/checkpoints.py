"""Checkpoints: a run killed at any point (``kill -9`` included) resumes from its finished batches.

A run works in ``DIR/.qingxi-work``: each cleaned batch's shard file, and, once the driver has
the batch's result, that result (its :class:`~flows.steps.ShardSummary`) under a name that only
an atomic rename gives it. Started again with the same arguments over the same input files
(the *fingerprint*: qingxi's version, the options that change output, each file's path, size
and modification time), a run reads the input again, which is cheap, and takes every batch
that has a checkpoint instead of cleaning it again; the corpus passes and the writers then run
as in any run, so the output is the same as an uninterrupted run's. Any other run into the
folder starts the work folder afresh. A finished run removes it; a run that publishes its
outputs to a URL (:func:`flows.outdir.claimed`) first records them as written (:meth:`Checkpoints.mark_written`),
and its work folder goes only once they are published: started again after a kill while
publishing, it publishes what it wrote, without cleaning or deciding anything again (a dedup
index already holds its documents then, and would take them for copies of themselves).

The shard files live in the work folder too, unless the run spools them elsewhere
(``--spool``, :mod:`flows.locations`): then in a folder of that location named for the run and its
output folder, removed with the work folder.

The results are pickled: they are the task results Prefect itself passes between processes,
written by this run into its own output folder and read back only by a run of the same
fingerprint (unlike a dedup index, which users share and load from anywhere).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import posixpath
import shutil
from pathlib import Path

from . import locations
from .readers import InputFile
from .steps import ShardSummary

WORK = ".qingxi-work"
WRITTEN = "written.json"  # in the work folder: the manifest of outputs written, not yet published
# Options that do not change what a run writes: how it runs, and what it records of itself.
_NOT_OUTPUT = ("progress", "workers", "dask", "spool", "recipe")


def fingerprint(files: list[InputFile], options: dict, version: str) -> str:
    """What a run's output depends on, hashed: a resumed run must be the same run."""
    inputs = []
    for f in files:
        inputs.append([f.source, f.size, f.version])
    wanted = {k: v for k, v in options.items() if k not in _NOT_OUTPUT}
    return hashlib.sha256(json.dumps([version, wanted, inputs], sort_keys=True, default=str).encode()).hexdigest()


class Checkpoints:
    """The finished batches of the run with ``run_fingerprint`` in ``out_dir``'s work folder; their
    shards in :attr:`spool`, under ``spool_location`` or, when it is None, in the work folder."""

    def __init__(self, out_dir: str | Path, run_fingerprint: str, spool_location: str | None = None):
        self.dir = Path(out_dir) / WORK
        elsewhere = None  # the shards' folder when not the work folder (which may be renamed with the output folder)
        if spool_location is not None:  # one folder per run and output folder: a spool may be shared
            run = hashlib.sha256(f"{run_fingerprint} {Path(out_dir).resolve()}".encode()).hexdigest()[:16]
            elsewhere = locations.join(spool_location, f"qingxi-{run}")
        self.spool = elsewhere or str(self.dir)
        marker = self.dir / "run.json"
        try:
            earlier = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            earlier = {}
        if earlier.get("fingerprint") != run_fingerprint or earlier.get("spool") != elsewhere:
            # another run's leftovers, or none: start afresh
            if earlier.get("spool"):
                locations.remove_all(earlier["spool"])
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir.mkdir(parents=True)
            _atomic_bytes(marker, json.dumps({"fingerprint": run_fingerprint, "spool": elsewhere}).encode())
        self.resumed = 0

    def _path(self, index: int) -> Path:
        return self.dir / f"batch-{index:06d}.done"

    def finished(self, index: int) -> ShardSummary | None:
        """The result of batch ``index`` if an earlier attempt of this run finished it."""
        path = self._path(index)
        if not path.exists():
            return None
        try:
            summary = pickle.loads(path.read_bytes())
        except Exception:  # a checkpoint that does not load is a batch to clean again
            return None
        if not isinstance(summary, ShardSummary):
            return None
        # the output folder may be named another way now
        summary.path = locations.join(self.spool, posixpath.basename(summary.path))
        if not locations.exists(summary.path):
            return None
        self.resumed += 1
        return summary

    def save(self, summary: ShardSummary) -> None:
        """Record a batch as finished: its shard file is complete when its result exists."""
        _atomic_bytes(self._path(summary.index), pickle.dumps(summary))

    def mark_written(self, manifest: dict) -> None:
        """Record that this run wrote all its outputs, described by ``manifest``."""
        _atomic_bytes(self.dir / WRITTEN, json.dumps(manifest, ensure_ascii=False, default=str).encode())

    def written(self) -> dict | None:
        """The manifest of this run's outputs if an earlier attempt wrote them all and they are
        still in the output folder (a kill while publishing them), else None."""
        try:
            manifest = json.loads((self.dir / WRITTEN).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        files = manifest.get("output_files", {})
        written = [*files.get("clean", []), *files.get("rejected", []), "report.json"]
        return manifest if all((self.dir.parent / name).is_file() for name in written) else None

    def finish(self) -> None:
        discard_work(self.dir.parent)


def discard_work(out_dir: str | Path) -> None:
    """Remove the work folder of ``out_dir`` and, when its run spooled elsewhere, that spool."""
    work = Path(out_dir) / WORK
    try:
        spool = json.loads((work / "run.json").read_text(encoding="utf-8")).get("spool")
    except (OSError, ValueError):
        spool = None
    if spool:
        locations.remove_all(spool)
    shutil.rmtree(work, ignore_errors=True)


def _atomic_bytes(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(partial, path)
