"""Output writers, one per format, behind one small interface (as the readers have their table).

A writer takes the records of one kind (``clean`` or ``rejected``) as the JSON dicts that
:mod:`flows.records` makes, and on :meth:`Writer.close` puts its files in place under their
final names and returns those names. Files are written under a partial name and renamed at
the end, so a folder never holds half a file under a real name.

- ``jsonl``: ``clean.jsonl``, one JSON object a line (the default, the contract benchmarks read);
- ``jsonl.gz``: the same, gzip-compressed;
- ``parquet``: one stable schema whatever the run found (:data:`SCHEMAS`), so ``edits`` is always
  a list of structs. Ids are strings there (a Parquet column has one type; the JSON id as text),
  ``quality`` is its JSON text.

A kind with no records gets no file (the manifest's ``output_files`` lists none for it): no
loader we know of (``datasets``, polars) reads an empty JSONL file, and ``datasets`` reads no
Parquet file without rows either.

With ``shard_size`` a kind is split into files of that many records, named as Hugging Face
datasets expects: ``clean-00000-of-00003.parquet``.

    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> writer = open_writer(out, "rejected", "parquet", shard_size=0)
    >>> writer.write({"id": 7, "source": "a.jsonl", "reason": "empty"})
    >>> writer.close()
    ['rejected.parquet']
    >>> list(read_records(out, ["rejected.parquet"]))
    [{'id': '7', 'source': 'a.jsonl', 'reason': 'empty'}]
    >>> open_writer(out, "clean", "parquet").close()  # nothing to write: no file
    []
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path
from typing import Protocol

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

EXTENSIONS = {"jsonl": ".jsonl", "jsonl.gz": ".jsonl.gz", "parquet": ".parquet"}
_EDIT = pa.struct([("rule", pa.string()), ("offset", pa.int64()), ("before", pa.string()),
                   ("after", pa.string()), ("detail", pa.string())])
SCHEMAS = {
    "clean": pa.schema([("id", pa.string()), ("source", pa.string()), ("line", pa.int64()), ("text", pa.string()),
                        ("encoding", pa.string()), ("script", pa.string()), ("flags", pa.list_(pa.string())),
                        ("edits", pa.list_(_EDIT)), ("invalid_bytes", pa.int64()), ("quality", pa.string())]),
    "rejected": pa.schema([("id", pa.string()), ("source", pa.string()), ("reason", pa.string()),
                           ("detail", pa.string()), ("line", pa.int64()), ("duplicate_of", pa.string()),
                           ("similarity", pa.float64()), ("quality", pa.string()), ("text", pa.string())]),
}
_JSON_TEXT = ("quality",)  # nested mappings whose keys vary: stored as JSON text in Parquet
_ROW_GROUP = 10_000


class Writer(Protocol):
    def write(self, record: dict) -> None: ...

    def close(self) -> list[str]: ...

    def abort(self) -> None: ...


class _File:
    """One output file under its partial name until :meth:`commit`."""

    def __init__(self, out: Path, name: str):
        self.path = out / name
        self.partial = out / f".{name}.partial"

    def commit(self, name: str | None = None) -> str:
        target = self.path if name is None else self.path.with_name(name)
        os.replace(self.partial, target)
        return target.name

    def abort(self) -> None:
        self.partial.unlink(missing_ok=True)


class JsonlWriter:
    def __init__(self, out: Path, name: str, kind: str, compressed: bool = False):
        self.file = _File(out, name)
        self.stream = gzip.open(self.file.partial, "wb", compresslevel=6) if compressed else open(self.file.partial, "wb")

    def write(self, record: dict) -> None:
        self.stream.write(orjson.dumps(record) + b"\n")

    def finish(self) -> _File:
        self.stream.close()
        return self.file

    def abort(self) -> None:
        self.stream.close()
        self.file.abort()


class ParquetWriter:
    def __init__(self, out: Path, name: str, kind: str):
        self.file = _File(out, name)
        self.schema = SCHEMAS[kind]
        self.writer = pq.ParquetWriter(self.file.partial, self.schema, compression="zstd")
        self.rows: list[dict] = []

    def write(self, record: dict) -> None:
        self.rows.append(_parquet_row(record, self.schema))
        if len(self.rows) >= _ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows = []

    def finish(self) -> _File:
        if self.rows:
            self._flush()
        self.writer.close()
        return self.file

    def abort(self) -> None:
        self.writer.close()
        self.file.abort()


def _parquet_row(record: dict, schema: pa.Schema) -> dict:
    row = {name: record.get(name) for name in schema.names}
    for name in ("id", "duplicate_of"):
        if name in row and row[name] is not None and not isinstance(row[name], str):
            row[name] = orjson.dumps(row[name]).decode()  # JSON text, exact
    for name in _JSON_TEXT:
        if row.get(name) is not None:
            row[name] = orjson.dumps(row[name]).decode()
    if "edits" in row:
        row["edits"] = [{"detail": "", **edit} for edit in row["edits"]]
    return row


class ShardedWriter:
    """Records of one kind in files of ``shard_size`` records (one file when 0), in the given format."""

    def __init__(self, out: str | Path, kind: str, output_format: str, shard_size: int = 0):
        if output_format not in EXTENSIONS:
            raise ValueError(f"no writer for format {output_format!r} (formats: {', '.join(EXTENSIONS)})")
        self.out, self.kind, self.format, self.shard_size = Path(out), kind, output_format, shard_size
        self.done: list[_File] = []
        self.current = None
        self.in_current = 0

    def _open(self):
        name = f"{self.kind}-{len(self.done):05d}{EXTENSIONS[self.format]}" if self.shard_size else \
            f"{self.kind}{EXTENSIONS[self.format]}"
        if self.format == "parquet":
            return ParquetWriter(self.out, name, self.kind)
        return JsonlWriter(self.out, name, self.kind, compressed=self.format == "jsonl.gz")

    def write(self, record: dict) -> None:
        if self.current is None:
            self.current, self.in_current = self._open(), 0
        self.current.write(record)
        self.in_current += 1
        if self.shard_size and self.in_current >= self.shard_size:
            self.done.append(self.current.finish())
            self.current = None

    def close(self) -> list[str]:
        """Put the files in place; their names (none for a kind with no records)."""
        if self.current is not None:
            self.done.append(self.current.finish())
        self.current = None
        if not self.done:
            return []
        if not self.shard_size:
            return [self.done[0].commit()]
        n = len(self.done)
        return [f.commit(f"{self.kind}-{i:05d}-of-{n:05d}{EXTENSIONS[self.format]}") for i, f in enumerate(self.done)]

    def abort(self) -> None:
        for f in self.done:
            f.abort()
        if self.current is not None:
            self.current.abort()


def open_writer(out: str | Path, kind: str, output_format: str = "jsonl", shard_size: int = 0) -> Writer:
    """The writer for ``kind`` records in ``output_format``, split every ``shard_size`` records."""
    return ShardedWriter(out, kind, output_format, shard_size)


def is_corpus_output(name: str) -> bool:
    """Whether ``name`` is a clean or rejected output file of some run (any format, sharded or not).

        >>> is_corpus_output("clean-00001-of-00004.parquet"), is_corpus_output("notes.jsonl")
        (True, False)
    """
    return any(fnmatch(name, pattern) for kind in SCHEMAS for ext in EXTENSIONS.values()
               for pattern in (f"{kind}{ext}", f"{kind}-*-of-*{ext}"))


def stale_outputs(out: str | Path, keep: list[str]) -> list[Path]:
    """Output files of an earlier run (any format, sharded or not) that this run did not write."""
    return sorted(p for p in Path(out).iterdir() if p.is_file() and is_corpus_output(p.name) and p.name not in keep)


def read_records(out: str | Path, names: list[str]) -> Iterator[dict]:
    """The records of the given output files, as the JSON dicts the writers were given
    (Parquet's JSON-text columns decoded; its ids stay strings)."""
    for name in names:
        path = Path(out) / name
        if name.endswith(".parquet"):
            for batch in pq.ParquetFile(path).iter_batches():
                for row in batch.to_pylist():
                    for column in _JSON_TEXT:
                        if row.get(column) is not None:
                            row[column] = orjson.loads(row[column])
                    yield {k: v for k, v in row.items() if v is not None}
        else:
            with (gzip.open(path, "rb") if name.endswith(".gz") else open(path, "rb")) as f:
                for line in f:
                    if line.strip():
                        yield orjson.loads(line)
