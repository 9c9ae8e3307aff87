"""Files at a location: a local path, or an fsspec URL (``s3://bucket/key``) in a store.

What a run keeps outside its output folder goes through here: the cleaned batches' shard
files when they are spooled elsewhere (``--spool``: the worker that cleans a batch writes its
shard, later steps read it, the driver streams the last shards into the outputs), and a dedup
index file (``--index s3://…``). On one machine the shards live in the output folder's work
folder (:mod:`flows.checkpoints`), so a Dask cluster's machines must share that folder, unless
the spool is a store every machine reaches: then nothing but the store is shared.

A file is published whole: on a disk it is written under a temporary name and renamed, in an
object store it becomes visible only when its upload completes, so a reader never sees half of
it. A URL whose filesystem is local (``file://``) is treated as the path it names.

    >>> join("s3://bucket/tmp", "qingxi-1f2e", "shard-000001.0.jsonl")
    's3://bucket/tmp/qingxi-1f2e/shard-000001.0.jsonl'
    >>> parent("s3://bucket/tmp/qingxi-1f2e/shard-000001.0.jsonl"), parent("/out/.qingxi-work/shard.jsonl")
    ('s3://bucket/tmp/qingxi-1f2e', '/out/.qingxi-work')
"""

from __future__ import annotations

import os
import posixpath
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from .outdir import atomic_write
from .readers import is_url


def join(location: str, *names: str) -> str:
    """``names`` under the folder or URL ``location``."""
    if is_url(location):
        return posixpath.join(location.rstrip("/"), *names)
    return str(Path(location, *names))


def parent(location: str) -> str:
    """The folder or URL prefix that holds ``location``."""
    if is_url(location):
        return location.rstrip("/").rsplit("/", 1)[0]
    return str(Path(location).parent)


def _resolved(location: str) -> tuple:
    """(the fsspec filesystem of a store, the path in it), or (None, a local path) for a path or
    a URL such as ``file://`` whose filesystem is this machine's."""
    if not is_url(location):
        return None, location
    from fsspec.core import url_to_fs
    from fsspec.implementations.local import LocalFileSystem

    fs, path = url_to_fs(location)
    return (None if isinstance(fs, LocalFileSystem) else fs), path


@contextmanager
def writing(location: str) -> Iterator[IO[bytes]]:
    """A binary file to write ``location`` through, published only if the block ends without an error."""
    fs, path = _resolved(location)
    if fs is None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as f:
            yield f
        return
    f = fs.open(path, "wb")
    try:
        yield f
    except BaseException:
        if hasattr(f, "discard"):  # a buffered upload (s3fs, gcsfs): abort it, and never complete it later
            f.discard()
            f.closed = True
        else:
            f.close()
            remove(location)
        raise
    f.close()


def reading(location: str) -> IO[bytes]:
    """``location`` opened to read bytes."""
    fs, path = _resolved(location)
    return open(path, "rb") if fs is None else fs.open(path, "rb")


def exists(location: str) -> bool:
    fs, path = _resolved(location)
    return os.path.exists(path) if fs is None else fs.exists(path)


def remove(location: str) -> None:
    """Remove one file; one already gone is not an error."""
    fs, path = _resolved(location)
    try:
        Path(path).unlink() if fs is None else fs.rm_file(path)
    except FileNotFoundError:
        pass


def remove_all(location: str) -> None:
    """Remove a folder and every file in it."""
    fs, path = _resolved(location)
    if fs is None:
        shutil.rmtree(path, ignore_errors=True)
        return
    try:
        fs.rm(path, recursive=True)
    except FileNotFoundError:
        pass


def unwritable(location: str) -> str | None:
    """Why files cannot be written under ``location`` (None: they can), found by writing and
    removing a probe: a store that refuses (no bucket, no credentials) fails the run before any
    batch is cleaned, not once every batch has failed or the run has finished."""
    probe = join(location, f".qingxi-probe-{uuid.uuid4().hex}")
    try:
        with writing(probe) as f:
            f.write(b"probe")
        remove(probe)
    except Exception as e:
        return f"cannot write there ({type(e).__name__}: {e})"
    return None
