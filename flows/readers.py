"""Readers: input paths to a stream of documents, never the whole corpus in memory.

Formats: ``.txt`` (one document per file), ``.jsonl`` / ``.jsonl.gz`` (one
record per line), ``.parquet``. An input may be a local path or an fsspec URL
(``s3://bucket/crawl/``, ``file:///data/x.jsonl``; the store's fsspec package,
such as s3fs, must be installed). Bytes that are not UTF-8 are decoded with
the encoding charset-normalizer detects (GB18030, Big5, UTF-16…), and the
encoding is recorded on each document. Anything that cannot be read becomes a
:class:`Rejection` naming the file and line; reading goes on.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import json
import os
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import charset_normalizer
import orjson

from cleaners.lm import char_model

from .records import Document, Rejection

FORMATS = {".txt": "text", ".text": "text", ".jsonl": "jsonl", ".jsonl.gz": "jsonl", ".parquet": "parquet"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# C0 controls other than tab, newline, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # C0 controls but tab, newline, form feed, return


class NotText(ValueError):
    """Bytes that do not decode to text in any encoding we recognise."""


@dataclass(frozen=True)
class InputFile:
    path: Path  # on this machine's disks; for a ``url``, the path inside its store
    source: str  # how the file is named in outputs
    format: str | None  # None: not a format we read
    size: int
    url: str = ""  # an fsspec URL, for a file in another store (s3://…)
    # What changes when the file does, besides its size, as found when it was listed: its
    # modification time (ns) on a disk; in another store, what it reports (an ETag, a time).
    version: int | str | None = None

    def open(self) -> BinaryIO:
        if self.url:
            import fsspec

            return fsspec.open(self.url, "rb").open()
        return open(self.path, "rb")

    def read_bytes(self) -> bytes:
        with self.open() as f:
            return f.read()


def _store_version(info: dict) -> str | None:
    """A store's word for a file's version, from what it lists of the file (fsspec's ``info``)."""
    for key in ("ETag", "etag", "generation", "version_id", "LastModified", "mtime", "last_modified", "created"):
        if info.get(key) is not None:
            return str(info[key])
    return None


def is_url(location: str | os.PathLike) -> bool:
    """An fsspec URL (``s3://…``), not a local path.

    >>> is_url("s3://bucket/crawl/"), is_url("file:///data/a.jsonl"), is_url("data/a.jsonl"), is_url("C:/a")
    (True, True, False, False)
    """
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]+://", str(location)) is not None


def _store(url: str):
    """The fsspec filesystem of ``url`` and the path inside it."""
    import fsspec.core

    return fsspec.core.url_to_fs(url)


@dataclass(frozen=True)
class ReadOptions:
    text_field: str = "text"
    id_field: str = "id"
    url_field: str = ""  # "": none


def file_format(path: PurePosixPath | Path) -> str | None:
    name = path.name.lower()
    for suffix, fmt in sorted(FORMATS.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suffix):
            return fmt
    return None


def discover_inputs(inputs: Sequence[str | os.PathLike], exclude: Sequence[str | os.PathLike] = (),
                    skipped: list[dict] | None = None) -> list[InputFile]:
    """Files named, and files below folders named (recursively, sorted); a folder may be an
    fsspec URL's prefix (``s3://bucket/crawl/``).

    Not read, each noted in ``skipped`` with why: hidden files and folders, links to folders
    (not followed: they may loop), links to nothing, and anything inside ``exclude`` (the
    output folder, when it lies inside an input: a run must not read its own outputs back).
    A path that does not exist is the caller's mistake, not bad data: it raises
    ``FileNotFoundError`` before anything runs.
    """
    missing = [str(p) for p in inputs if not (_url_exists(str(p)) if is_url(p) else os.path.lexists(p))]
    if missing:
        raise FileNotFoundError(f"input not found: {', '.join(missing)}")
    excluded = [Path(p).resolve() for p in exclude]
    noted = skipped if skipped is not None else []
    files: list[InputFile] = []
    for given in inputs:
        if is_url(given):
            files += _in_store(str(given), noted)
            continue
        given = Path(given)
        found = sorted(_walk(given, excluded, noted)) if given.is_dir() else [given]
        for path in found:
            if not path.exists():
                noted.append({"path": path.as_posix(), "reason": "a link to nothing"})
            else:
                stat = path.stat()
                files.append(InputFile(path, path.as_posix(), file_format(path), stat.st_size,
                                       version=stat.st_mtime_ns))
    return files


def _url_exists(url: str) -> bool:
    fs, path = _store(url)
    return fs.exists(path)


def _in_store(url: str, skipped: list[dict]) -> list[InputFile]:
    """The files of an fsspec URL: the file it names, or those below the prefix it names
    (sorted; hidden ones noted in ``skipped``). Each is named in outputs by its own URL."""
    fs, root = _store(url)
    if not fs.isdir(root):
        path, info = PurePosixPath(root), fs.info(root)
        return [InputFile(path, url, file_format(path), info["size"], url, _store_version(info))]
    files = []
    for name, info in sorted(fs.find(root, detail=True).items()):
        path, file_url = PurePosixPath(name), fs.unstrip_protocol(name)
        if any(part.startswith(".") for part in path.relative_to(PurePosixPath(root)).parts):
            skipped.append({"path": file_url, "reason": "hidden"})
        else:
            files.append(InputFile(path, file_url, file_format(path), info["size"], file_url, _store_version(info)))
    return files


def _walk(folder: Path, excluded: list[Path], skipped: list[dict]) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder, followlinks=False):
        here = Path(root)
        for name in sorted(dirs):
            path = here / name
            reason = ("hidden" if name.startswith(".") else "a link to a folder: not followed"
                      if path.is_symlink() else "the output folder" if path.resolve() in excluded else None)
            if reason:
                skipped.append({"path": path.as_posix(), "reason": reason})
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink()
                         and (here / d).resolve() not in excluded)
        for name in names:
            if name.startswith("."):
                skipped.append({"path": (here / name).as_posix(), "reason": "hidden"})
            else:
                yield here / name


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding; returns (text, encoding name).

    >>> decode_bytes("工会".encode("gb18030"))
    ('工会', 'gb18030')
    >>> decode_bytes("工會".encode("utf-8"))
    ('工會', 'utf-8')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding)
            except UnicodeDecodeError as e:
                raise NotText(f"starts with a {encoding} byte-order mark but does not decode: {e.reason}") from e
    if b"\x00" not in data:  # NUL bytes are valid UTF-8, but mean UTF-16 or binary
        try:
            return _checked(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            pass
        # A few bad bytes in UTF-8 text (a cut-off last character, one stray byte) cost those
        # bytes, not the document: each becomes U+FFFD, which cleaning removes with an edit.
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        wide = sum(c > "\x7f" for c in text) - bad  # characters UTF-8 did read beyond ASCII
        if bad <= MAX_INVALID_SHARE * len(text) or (bad <= 2 and wide >= 3 * bad):
            return _checked(text, "utf-8")
    return _checked(*_detect(data))


MAX_INVALID_SHARE = 0.01  # of characters: more bytes than this that UTF-8 rejects, and it is another encoding


def invalid_sequences(data: bytes, text: str) -> int:
    r"""How many runs of bytes of ``data`` did not decode into ``text`` (each read as one U+FFFD;
    a U+FFFD the bytes themselves spell, EF BF BD, is not counted).

    >>> data = "工会工作".encode() + b"\xff"
    >>> invalid_sequences(data, decode_bytes(data)[0])
    1
    """
    return text.count("\ufffd") - data.count("\ufffd".encode())


# Encodings Chinese text arrives in. UTF-16/32 only where NUL bytes say so:
# without them, any even-length byte string "decodes" as UTF-16.
_CHINESE = ["gb18030", "big5", "big5hkscs"]
_WIDE = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]


def _detect(data: bytes) -> tuple[str, str]:
    """charset-normalizer's candidates, ranked by how much the result reads as Chinese.

    On short texts the detector alone cannot tell GB18030 from Big5 or CP949
    (every one decodes without error); a character model of Chinese can.
    """
    wide = b"\x00" in data
    matches = list(charset_normalizer.from_bytes(data, cp_isolation=_WIDE if wide else _CHINESE))
    if matches:
        model = char_model()
        best = max(matches, key=lambda m: model.mean_logprob(str(m)[:2000]))
    else:
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise NotText("no text encoding fits these bytes")
    return str(best), codecs.lookup(best.encoding).name


def _checked(text: str, encoding: str) -> tuple[str, str]:
    # A search first: most text has none, and counting costs a pass over every character.
    controls = len(_CONTROL.findall(text)) if _CONTROL.search(text) else 0
    if text and controls > 0.01 * len(text):
        raise NotText(f"{controls} control characters in {len(text)}: binary data")
    return text, encoding


ByteCounter = Callable[[int], None]


def read_file(f: InputFile, options: ReadOptions = ReadOptions(),
              on_bytes: ByteCounter | None = None) -> Iterator[Document | Rejection]:
    """Every document in one file, or rejections that say what went wrong where."""
    count = on_bytes or (lambda n: None)
    if f.format is None:
        count(f.size)
        yield Rejection(f.source, f.source, "unsupported_format",
                        f"{f.source}: not one of {', '.join(FORMATS)}")
        return
    reader = {"text": _read_text, "jsonl": _read_jsonl, "parquet": _read_parquet}[f.format]
    try:
        yield from reader(f, options, count)
    except (OSError, EOFError, zlib.error) as e:
        yield Rejection(f.source, f.source, "unreadable", f"{f.source}: {type(e).__name__}: {e}")


def _read_text(f: InputFile, options: ReadOptions, count: ByteCounter) -> Iterator[Document | Rejection]:
    data = f.read_bytes()
    count(len(data))
    try:
        text, encoding = decode_bytes(data)
    except NotText as e:
        yield Rejection(f.source, f.source, "binary", f"{f.source}: {e}")
        return
    yield Document(f.source, f.source, text, encoding, invalid_bytes=invalid_sequences(data, text))


# Lines between counts of the bytes read: the progress bar moves, and batches are sized
# (flows.steps.EvenBatches), by them; every 256 lines of 4 KB pages, the count ran a megabyte
# (a fifth of a batch) away from the documents batched.
POSITION_EVERY = 16


class _Position:
    """Bytes consumed so far from the file on disk (compressed bytes for .gz)."""

    def __init__(self, raw: io.BufferedReader, count: ByteCounter):
        self.raw, self.count, self.seen = raw, count, 0

    def update(self) -> None:
        now = self.raw.tell()
        self.count(now - self.seen)
        self.seen = now


def _read_jsonl(f: InputFile, options: ReadOptions, count: ByteCounter) -> Iterator[Document | Rejection]:
    with f.open() as raw:
        stream = gzip.GzipFile(fileobj=raw) if f.path.name.lower().endswith(".gz") else raw
        if not hasattr(stream, "peek"):  # a file of another store
            stream = io.BufferedReader(stream)
        position = _Position(raw, count)
        wide = _utf16(stream.peek(64)[:64])
        lines = io.TextIOWrapper(stream, encoding=wide) if wide else stream
        number = 0
        try:
            for number, line in enumerate(lines, 1):
                if number % POSITION_EVERY == 0:
                    position.update()
                yield _parse_record(line, number, f.source, options, "utf-16" if wide else None)
        except (OSError, EOFError, zlib.error) as e:  # a cut-off or corrupt compressed file
            where = f"{f.source}:{number + 1}"
            yield Rejection(where, f.source, "unreadable",
                            f"{f.source}: unreadable after line {number}, at byte {raw.tell():,} of {f.size:,} "
                            f"({type(e).__name__}: {e}); the rest of the file is lost", number + 1)
        position.update()


def _utf16(head: bytes) -> str | None:
    """The UTF-16 codec of a JSONL file, from its first bytes: a byte-order mark, or without one,
    the NUL bytes that every ASCII character of JSON ({"id": …) brings in UTF-16.

    >>> _utf16('{"id": 1}'.encode("utf-16-le")), _utf16('{"id": 1}'.encode("utf-16")), _utf16(b'{"id": 1}')
    ('utf-16-le', 'utf-16', None)
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0) / len(head[0::2]), head[1::2].count(0) / len(head[1::2])
    # JSON's ASCII brings NULs on one side; Chinese text (一 is 00 4E) brings a few on the other.
    if odd >= 0.3 and even <= 0.1:
        return "utf-16-le"
    if even >= 0.3 and odd <= 0.1:
        return "utf-16-be"
    return None


def _parse_record(line: bytes | str, number: int, source: str, options: ReadOptions,
                  encoding: str | None) -> Document | Rejection:
    where = f"{source}:{number}"
    invalid = 0
    if isinstance(line, bytes):
        try:
            data, (line, encoding) = line, decode_bytes(line)
        except NotText as e:
            return Rejection(where, source, "binary", f"{where}: {e}", number)
        invalid = invalid_sequences(data, line)
    if not line.strip():
        return Rejection(where, source, "bad_json", f"{where}: blank line", number)
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as e:
        return Rejection(where, source, "bad_json", f"{where}: {e}", number)
    if not isinstance(record, dict):
        return Rejection(where, source, "bad_json", f"{where}: a JSON {type(record).__name__}, not an object", number)
    if isinstance(record.get(options.id_field), float):  # orjson reads ints past 64 bits, and decimals, as floats
        record[options.id_field] = json.loads(line, parse_float=Decimal)[options.id_field]
    document = _document_from(record, number, source, options, encoding or "utf-8")
    if invalid and isinstance(document, Document):
        document.invalid_bytes = invalid
    return document


def _document_from(record: dict, number: int, source: str, options: ReadOptions,
                   encoding: str) -> Document | Rejection:
    where = f"{source}:{number}"
    doc_id = record.get(options.id_field)
    if doc_id is None or isinstance(doc_id, (dict, list)):
        doc_id = where
    elif isinstance(doc_id, (bytes, bytearray)):  # a Parquet binary id: JSON has no bytes
        doc_id = doc_id.hex()
    elif not isinstance(doc_id, (str, int, float, Decimal)):  # dates, times: their ISO form
        doc_id = doc_id.isoformat() if hasattr(doc_id, "isoformat") else str(doc_id)
    text = record.get(options.text_field)
    if not isinstance(text, str):
        found = "missing" if options.text_field not in record else _kind_of(text)
        return Rejection(doc_id, source, "no_text", f"{where}: field {options.text_field!r} is {found}", number)
    url = record.get(options.url_field) if options.url_field else None
    return Document(doc_id, source, text, encoding, number, url=url if isinstance(url, str) else "")


def _kind_of(value: object) -> str:
    """What a field holds, in JSON's words where it has them.

        >>> _kind_of(None), _kind_of(3), _kind_of(["文"]), _kind_of(b"x")
        ('null', 'a number', 'an array', 'a bytes')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, Decimal)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _read_parquet(f: InputFile, options: ReadOptions, count: ByteCounter) -> Iterator[Document | Rejection]:
    with f.open() if f.url else contextlib.nullcontext(f.path) as source:
        yield from _parquet_records(source, f, options, count)


def _parquet_records(source: Path | BinaryIO, f: InputFile, options: ReadOptions,
                     count: ByteCounter) -> Iterator[Document | Rejection]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(source)
    except (pa.ArrowException, ValueError) as e:
        count(f.size)
        yield Rejection(f.source, f.source, "unreadable", f"{f.source}: {e}")
        return
    names = parquet.schema_arrow.names
    if options.text_field not in names:
        count(f.size)
        yield Rejection(f.source, f.source, "no_text",
                        f"{f.source}: no column {options.text_field!r} (columns: {', '.join(names)})")
        return
    columns = [c for c in (options.text_field, options.id_field, options.url_field) if c in names]
    total_rows = max(parquet.metadata.num_rows, 1)
    number = 0
    for batch in parquet.iter_batches(batch_size=2048, columns=columns):
        for record in batch.to_pylist():
            number += 1
            yield _document_from(record, number, f.source, options, "utf-8")
        count(f.size * batch.num_rows // total_rows)
