"""Clean Chinese text of several genres, read from public repositories that ``fetch`` brings.

No People's Daily text (the synthetic benches are made from it). The genres:

- laws: LawRefBook/Laws, every law, regulation and judicial interpretation (Markdown), cut
  into documents of about 3,000 characters at paragraph ends;
- reviews: SophonPlus/ChineseNlpCorpus, hotel and take-away reviews (CSV), one a document;
- review pages: the same reviews, eight in a row of one file a document, a line each, as a
  review site's page lists them (long informal text in short unpunctuated lines);
- classics: chinese-poetry/chinese-poetry, Tang poems (Traditional), Song lyrics, the
  Analects and the Four Books, one poem or chapter a document.

Each reader takes the repository's git directory (what ``fetch`` returns) and yields
``(genre, id, text)``; nothing is copied into this project.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

Document = tuple[str, str, str]
CHUNK = 3000  # characters of a law per document


def _files(repo: str, suffix: str, under: str = ".") -> Iterator[tuple[str, bytes]]:
    """(path, content) of every file under ``under`` ending in ``suffix`` at HEAD, one git process."""
    names = subprocess.run(["git", "--git-dir", repo, "ls-tree", "-r", "--name-only", "-z", "HEAD", "--", under],
                           capture_output=True, check=True).stdout.split(b"\0")
    wanted = [n.decode() for n in names if n.decode().endswith(suffix)]
    batch = subprocess.Popen(["git", "--git-dir", repo, "cat-file", "--batch"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE)
    for name in wanted:
        batch.stdin.write(f"HEAD:{name}\n".encode())
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 3:  # missing (a large file the snapshot left out)
            continue
        content = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        yield name, content
    batch.stdin.close()
    batch.wait()


def laws(repo: str) -> Iterator[Document]:
    for name, content in _files(repo, ".md"):
        if Path(name).name in ("README.md", "_index.md"):
            continue
        text = content.decode("utf-8", "replace")
        chunk: list[str] = []
        size = part = 0
        for paragraph in (p.strip().lstrip("#").strip() for p in text.split("\n")):
            if not paragraph or paragraph.startswith("<!--"):
                continue
            chunk.append(paragraph)
            size += len(paragraph)
            if size >= CHUNK:
                yield "laws", f"{name}#{part}", "\n".join(chunk)
                chunk, size, part = [], 0, part + 1
        if chunk:
            yield "laws", f"{name}#{part}", "\n".join(chunk)


def reviews(repo: str) -> Iterator[Document]:
    for name, content in _files(repo, ".csv", "datasets"):
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig", "replace")))
        next(rows, None)
        for k, row in enumerate(rows):
            if row and len(row[-1]) >= 10:
                yield "reviews", f"{name}:{k}", row[-1]


REVIEWS_A_PAGE = 8


def review_pages(repo: str) -> Iterator[Document]:
    page: list[str] = []
    for _, doc_id, text in reviews(repo):
        page.append(text.strip())
        if len(page) == REVIEWS_A_PAGE:
            yield "review_pages", doc_id, "\n".join(page)
            page = []


def classics(repo: str) -> Iterator[Document]:
    for name, content in _files(repo, ".json"):
        if not any(name.startswith(d) for d in ("全唐诗/poet.tang", "宋词/ci.song", "论语", "四书五经")):
            continue
        try:
            entries = json.loads(content)
        except ValueError:
            continue
        for k, entry in enumerate(entries if isinstance(entries, list) else [entries]):
            lines = entry.get("paragraphs") or entry.get("content") or []
            title = entry.get("title") or entry.get("rhythmic") or entry.get("chapter") or ""
            if isinstance(lines, list) and lines and all(isinstance(x, str) for x in lines):
                yield "classics", f"{name}:{k}", "\n".join([title, *lines]).strip()


READERS = {"laws": laws, "reviews": reviews, "review_pages": review_pages, "classics": classics}
