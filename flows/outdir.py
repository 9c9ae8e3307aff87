"""The output folder as one unit: one run at a time, and never a manifest beside another run's files.

A run claims the folder with a lock file (its process id); a second run into it is refused
while the first lives. On claiming, what a killed run left (spool folders, partial files, a
stale lock) is removed, and the old manifest goes first: until the new one is written, last,
the folder says it is incomplete rather than vouching for files of two runs.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

LOCK = ".qingxi.lock"


class FolderBusy(RuntimeError):
    """Another live run holds the output folder."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _holder(out_dir: str | Path) -> int | None:
    """The process id of a live run holding ``out_dir``, if any."""
    lock = Path(out_dir) / LOCK
    try:
        pid = int(lock.read_text().strip() or 0)
    except (FileNotFoundError, ValueError):
        return None
    return pid if pid and _alive(pid) else None


def busy(out_dir: str | Path) -> str | None:
    """Why a run cannot write into ``out_dir`` now (another live run holds it), or None."""
    pid = _holder(out_dir)
    if pid is None:
        return None
    return f"{out_dir}: another qingxi run (process {pid}) is writing here; wait for it, or choose another --out"


@contextmanager
def claimed(out_dir: str | Path):
    """Hold ``out_dir`` for this run: refuse if a live run holds it (:class:`FolderBusy`), clear
    what dead runs left and the old manifest, and release it at the end."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lock = out / LOCK
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            why = busy(out)
            if why:
                raise FolderBusy(why) from None
            lock.unlink(missing_ok=True)  # a dead run's lock
    else:
        raise FolderBusy(f"{out}: could not take the lock {lock}")
    with os.fdopen(fd, "w") as f:
        f.write(str(os.getpid()))
    try:
        for leftover in out.glob(".spool-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        for leftover in out.glob(".*.partial"):
            leftover.unlink(missing_ok=True)
        (out / "manifest.json").unlink(missing_ok=True)  # the folder is incomplete until the new one
        yield out
    finally:
        lock.unlink(missing_ok=True)


@contextmanager
def atomic_write(path: str | Path, mode: str = "wb"):
    """Write to a temporary name beside ``path`` and rename on success only."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, mode) as f:
        try:
            yield f
        except BaseException:
            f.close()
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, path)
