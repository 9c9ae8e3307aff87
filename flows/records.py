"""What travels through the pipeline: documents in, and rejections."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import orjson

# orjson writes integers in [-2^63, 2^64); ids beyond, and decimal ids, are written as exact JSON numbers.
_INT_RANGE = range(-(1 << 63), 1 << 64)


def _inexact(value: Any) -> str | None:
    """What kind of number JSON readers would not give back exactly ("int" past orjson's
    range, "decimal"), or None."""
    if isinstance(value, Decimal):
        return "decimal"
    if isinstance(value, int) and not isinstance(value, bool) and value not in _INT_RANGE:
        return "int"
    return None


def exact_json(value: Any) -> Any:
    """``value`` ready for orjson with nothing lost: a big int or a Decimal as its exact JSON number.

    >>> orjson.dumps({"id": exact_json(2 ** 70), "d": exact_json(Decimal("1.2300"))})
    b'{"id":1180591620717411303424,"d":1.2300}'
    """
    return orjson.Fragment(str(value)) if _inexact(value) else value


def _exact_id(value: Any) -> list | None:
    """How the spool keeps an id that JSON numbers read back inexactly: [kind, digits]."""
    kind = _inexact(value)
    return [kind, str(value)] if kind else None


def _restored_id(d: dict) -> Any:
    exact = d.get("id_exact")
    if exact is None:
        return d["id"]
    kind, text = exact
    return int(text) if kind == "int" else Decimal(text)


@dataclass(slots=True)
class Document:
    """One input document and, after cleaning, what was done to it."""

    id: Any  # as given by the input (a JSONL id may be a number); str(id) is the key
    source: str
    text: str
    encoding: str = "utf-8"
    line: int | None = None  # line (JSONL) or row (Parquet), 1-based
    edits: list[dict] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    script: str = ""
    quality: dict | None = None  # the page's signals (cleaners.quality), for re-thresholding
    invalid_bytes: int = 0  # bytes that did not decode, each read as U+FFFD (removed by cleaning, with an edit)
    url: str = ""  # the page's URL, from --url-field

    def to_json(self, spool: bool = False) -> dict:
        """The record as written; ``spool`` adds what reading it back exactly needs."""
        d = {"id": exact_json(self.id), "source": self.source}
        if spool and _exact_id(self.id):
            d["id_exact"] = _exact_id(self.id)
        if self.url:
            d["url"] = self.url
        if self.line is not None:
            d["line"] = self.line
        d.update(text=self.text, encoding=self.encoding, script=self.script,
                 flags=self.flags, edits=self.edits)
        if self.invalid_bytes:
            d["invalid_bytes"] = self.invalid_bytes
        if self.quality is not None:
            d["quality"] = self.quality
        return d

    @classmethod
    def from_json(cls, d: dict) -> "Document":
        return cls(_restored_id(d), d["source"], d["text"], d["encoding"], d.get("line"),
                   d["edits"], d["flags"], d["script"], d.get("quality"), d.get("invalid_bytes", 0), d.get("url", ""))


@dataclass(slots=True)
class Rejection:
    """An input document (or a piece of input that could not be read) that was not kept."""

    id: Any
    source: str
    reason: str
    detail: str = ""
    line: int | None = None
    text: str | None = None  # kept for quarantine where we had it
    duplicate_of: Any = None
    similarity: float | None = None
    quality: dict | None = None  # for a page verdict: the signals it was judged on

    def to_json(self, spool: bool = False) -> dict:
        d = {"id": exact_json(self.id), "source": self.source, "reason": self.reason}
        if spool and _exact_id(self.id):
            d["id_exact"] = _exact_id(self.id)
        if self.line is not None:
            d["line"] = self.line
        if self.detail:
            d["detail"] = self.detail
        if self.duplicate_of is not None:
            d["duplicate_of"] = exact_json(self.duplicate_of)
        if self.similarity is not None:
            d["similarity"] = round(self.similarity, 4)
        if self.quality is not None:
            d["quality"] = self.quality
        if self.text is not None:
            d["text"] = self.text
        return d

    @classmethod
    def from_json(cls, d: dict) -> "Rejection":
        return cls(_restored_id(d), d["source"], d["reason"], d.get("detail", ""), d.get("line"),
                   d.get("text"), d.get("duplicate_of"), d.get("similarity"), d.get("quality"))


# Why a document was not kept. Every rejection carries one of these.
REASONS = {
    "unreadable": "the file could not be read (I/O error, corrupt compression)",
    "binary": "the bytes are not text in any encoding we recognise",
    "unsupported_format": "a file type qingxi does not read",
    "bad_json": "a JSONL line that is not a JSON object",
    "no_text": "a record without a string in the text field",
    "duplicate_id": "a record whose id was already used by an earlier record",
    "empty": "nothing left after cleaning",
    "duplicate": "the same or nearly the same text as a document that was kept",
    "spam": "more than half of the document was injected spam",
    "mojibake": "half of the document or more was garbled beyond repair (lost bytes no round trip explains)",
    # Page verdicts (cleaners.quality): pages not worth training on, whatever their cleaning.
    "adult": "a porn page: many different porn terms, densely",
    "gambling": "a casino, betting or lottery page: many different gambling terms, densely",
    "seo_spam": "keyword stuffing or a doorway: one string or line repeated over much of the page",
    "no_content": "navigation, listings or forms: next to no running text",
    "gibberish": "machine-garbled text: its sentences do not read as Chinese",
    "cleaner_error": "a cleaner failed on the document (a bug: the error is in detail; the text is kept)",
}
