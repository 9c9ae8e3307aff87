"""The output folder as one unit: one run at a time, and never a manifest beside another run's files.

A run claims the folder with a lock file (its process id); a second run into it is refused
while the first lives. On claiming, what a killed run left (spool folders, partial files, a
stale lock) is removed, and the old manifest goes first: until the new one is written, last,
the folder says it is incomplete rather than vouching for files of two runs.

An output folder may also be an fsspec URL (``s3://bucket/corpus/``): the run then works in a
local staging folder named for the URL (under ``$XDG_CACHE_HOME/qingxi/out``, where a killed
run's checkpoints wait for it to resume) and, once it has finished, publishes the files the same
way: the store's old manifest first, then the outputs, the earlier run's outputs that this run
did not write removed, the new manifest last.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from .readers import is_url

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


def staging_folder(url: str) -> Path:
    """The local folder a run into the output URL ``url`` works in before publishing there."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "qingxi" / "out" / hashlib.sha256(url.rstrip("/").encode()).hexdigest()[:16]


def _holder(out_dir: str | Path) -> int | None:
    """The process id of a live run holding ``out_dir``, if any."""
    lock = (staging_folder(out_dir) if is_url(out_dir) else Path(out_dir)) / LOCK
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
    what dead runs left and the old manifest, and release it at the end. For an output URL,
    the staging folder is held, and what the run wrote there is published if it ends well."""
    if not is_url(out_dir):
        with _claimed(Path(out_dir)) as out:
            yield out
        return
    from .checkpoints import discard_work

    staging = staging_folder(str(out_dir))
    with _claimed(staging) as out:
        yield out
        publish(out, str(out_dir))
        discard_work(out)  # only now: a run stopped while publishing publishes when run again
    shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def _claimed(out: Path):
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


def publish(folder: Path, url: str) -> list[str]:
    """Copy a finished run's files from ``folder`` to the store at ``url``, as a run writes a
    folder: the old manifest first, the new one last, earlier outputs this run did not write
    removed. Returns the names published."""
    from fsspec.core import url_to_fs

    from .writers import is_corpus_output

    fs, root = url_to_fs(url)
    root = root.rstrip("/")
    names = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    fs.makedirs(root, exist_ok=True)
    there = {Path(p).name for p in fs.ls(root, detail=False)} if fs.exists(root) else set()
    if "manifest.json" in there:
        fs.rm_file(f"{root}/manifest.json")
    for name in names:
        if name != "manifest.json":
            fs.put_file(str(folder / name), f"{root}/{name}")
    for stale in sorted(n for n in there if is_corpus_output(n) and n not in names):
        fs.rm_file(f"{root}/{stale}")
    if "manifest.json" in names:
        fs.put_file(str(folder / "manifest.json"), f"{root}/manifest.json")
    return names


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
