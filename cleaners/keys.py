"""Normalised keys: two texts that differ only in script, punctuation,
whitespace or character width get the same key.

    >>> normalised_key("實現職工對美好生活的向往。") == normalised_key("实现职工对美好生活的向往")
    True
    >>> normalised_key("ＡＢＣ，１２３") == normalised_key("abc 123")
    True
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from functools import cache, cached_property

import numpy as np

from .script import FOLD, CharMap, class_tables

# Anything that is not a letter, digit or ideograph: punctuation, symbols, blanks.
_NOT_WORD_CHAR = r"[\W_]"
_NOT_WORD = re.compile(_NOT_WORD_CHAR + "+")


# Traditional folded, and full-width ASCII and the ideographic space narrowed as NFKC narrows
# them, in one lookup: after it nearly every line is NFKC already, and NFKC, which costs more
# than the rest of the key, is skipped.
KEY_CHARS = CharMap({**FOLD.mapping, **{chr(c): unicodedata.normalize("NFKC", chr(c))
                                        for c in (*range(0xFF01, 0xFF5F), 0x3000)}})


def normalised_key(text: str) -> str:
    """Simplified, case- and width-folded text with punctuation and blanks removed."""
    text = KEY_CHARS(text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _NOT_WORD.sub("", text.casefold())


def line_keys(text: str) -> list[str]:
    """:func:`normalised_key` of each line of ``text`` (``text.split("\\n")``), worked out over
    the whole text at once: a page's lines cost a few scans, not a few scans each.

        >>> line_keys("實現職工，\\n\\nＡＢＣ １２３") == [normalised_key("實現職工，"), "", "abc123"]
        True
    """
    text = KEY_CHARS(text)
    if not unicodedata.is_normalized("NFKC", text):  # rare; NFKC may reach across a line's end
        return [normalised_key(line) for line in text.split("\n")]
    # NFKC of a normalised text is its lines', since nothing combines with "\n"; the line ends
    # stay while what _NOT_WORD removes goes, looked up in a table for the whole text at once.
    codes = np.frombuffer(text.casefold().encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return codes[_word_or_line_end()[codes]].tobytes().decode("utf-32-le", "surrogatepass").split("\n")


@cache
def _word_or_line_end() -> np.ndarray:
    table = ~class_tables(_NOT_WORD_CHAR)[0]
    table[ord("\n")] = True
    return table


def exact_key(text: str) -> str:
    """A short digest of :func:`normalised_key`, the exact-duplicate key."""
    return key_digest(normalised_key(text))


def key_digest(key: str) -> str:
    """The exact-duplicate key of an already normalised key."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest()


def stable_hash(text: str) -> int:
    """A 64-bit hash of ``text`` that is the same in every process (``hash()`` is salted)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


# A line of code: a fence that opens or closes a block, or a line of ASCII alone that ends as a
# statement, a block or an item does (; { } ,, a comment after), calls something (f(x)) or assigns
# (x = 1, blanks around: a link's query, ?id=3, has none),
_STATEMENT = r"\S.*(?:[;{},]\s*(?://.*)?$|[\w$.]\(.*\)|\w\s+=\s)"
# or is a command as tutorials give it to type, a prompt before it or not (pip install numpy, $ git
# clone …, sudo apt-get update): every tutorial for one tool quotes the same commands.
_COMMAND = (r"(?:[$#>]\s+)?(?:sudo\s+)?(?:pip3?|python3?|conda|npm|npx|yarn|pnpm|node|git"
            r"|apt(?:-get)?|yum|dnf|brew|docker|kubectl|cargo|rustup|go|gcc|g\+\+|javac?|mvn|gradle|make|cmake"
            r"|cd|ls|mkdir|rm|cp|mv|cat|curl|wget|ssh|scp|chmod|chown|tar|unzip|export|source|systemctl)\s+\S")
# Or what a program prints when it fails, as posts asking about the failure quote it: a Python
# traceback's header and frames, an exception's class and message (ModuleNotFoundError: No module
# named 'numpy', java.lang.NullPointerException, Caused by: …, a message in Chinese too). Posts
# about one error all quote it, and a deep traceback repeats its frames: text, not furniture.
_PROGRAM_FAILURE = (r'Traceback \(most recent call last\):|File "[^"\n]+", line \d+'
                    r'|(?:Exception in thread "[^"\n]*" |Caused by: )?(?:[A-Za-z_]\w*\.)*[A-Z]\w*'
                    r'(?:Error|Exception|Warning)(?::\s.*)?\s*$')
_CODE_LINE = re.compile(rf"^\s*(?:```|(?=[\x20-\x7e]*$)(?:{_STATEMENT}|{_COMMAND})|{_PROGRAM_FAILURE})")


_FENCE = re.compile(r"\s*((?:>\s*)*)(?:```|~~~)")  # a quotation's fence too (> ```console)
_QUOTED = re.compile(r"\s*>")


def has_code_fence(text: str) -> bool:
    """Might ``text`` hold a Markdown code fence? Most pages do not, and need no walk of their lines."""
    return "```" in text or "~~~" in text


def in_code_blocks(lines: list[str]) -> list[bool]:
    """For each of ``lines``, whether it is a Markdown code fence or inside one: code its writer
    marked as code, whatever its lines look like (@Override, </dependency>, FROM OrderItems). A
    fence opened inside a quotation ends with the quotation, as Markdown has it.

        >>> in_code_blocks(["正文。", "```java", "@Override", "```", "正文。"])
        [False, True, True, True, False]
        >>> in_code_blocks(["> 编译器说：", "> ```console", "> error[E0106]", "正文。"])
        [False, True, True, False]
    """
    marks, inside, quoted = [], False, False
    for line in lines:
        if inside and quoted and not _QUOTED.match(line):
            inside = False  # the quotation ended, and its code with it
        fence = _FENCE.match(line)
        marks.append(inside or bool(fence))
        if fence:
            inside, quoted = not inside, bool(fence.group(1))
    return marks


def code_captions(lines: list[str]) -> set[str]:
    """The lines of a text that caption a Markdown code block: the next line with anything on it
    opens a fence (檔案名稱：src/main.rs above ```rust). A book names a file above each listing.

        >>> sorted(code_captions(["正文。", "檔案名稱：src/main.rs", "", "```rust", "fn main() {}", "```", "正文。"]))
        ['檔案名稱：src/main.rs']
    """
    captions, above = set(), None  # the last line with anything on it, outside code
    for line, code in zip(lines, in_code_blocks(lines)):
        if not line.strip(" \t>"):
            continue  # nothing on it, in a quotation too
        if code and above is not None:
            captions.add(above)  # the fence that opens a block: the line above captions it
        above = None if code else line
    return captions


def fenced_lines(text: str) -> list[bool]:
    """:func:`in_code_blocks` for the lines of ``text`` (split on ``\\n``), without the walk when it
    has no fence."""
    lines = text.split("\n")
    return in_code_blocks(lines) if has_code_fence(text) else [False] * len(lines)


def is_code_line(line: str) -> bool:
    r"""Is ``line`` a line of program code, a command (:data:`_COMMAND`), a program's failure
    (:data:`_PROGRAM_FAILURE`) or a formula (:data:`_FORMULA`), which repeats and is shaped like no prose?

        >>> is_code_line("  return total + value;"), is_code_line("tag: 'my-component',"), is_code_line("Share this:")
        (True, True, False)
        >>> is_code_line("A. $a>c>b$"), is_code_line("\\hline 等级 & $A$ & $B$ \\\\"), is_code_line("价格 $100 - $200")
        (True, True, False)
        >>> is_code_line("ImportError: DLL load failed: 找不到指定的模块。"), is_code_line("Error: 页面不存在")
        (True, False)
        >>> is_code_line("$ pip install numpy"), is_code_line("sudo apt-get update"), is_code_line("source: 新华社")
        (True, True, False)
    """
    return bool(_CODE_LINE.match(line)) or is_formula(line)


def is_formula(line: str) -> bool:
    r"""Does ``line`` carry a formula in TeX (:data:`_FORMULA`)?

        >>> is_formula("若 $\\tan \\alpha>0$, 则"), is_formula("Zoology(634)"), is_formula("价格 $100 - $200")
        (True, False, False)
    """
    return ("$" in line or "\\" in line) and bool(_FORMULA.search(line))


# An answer option's letter at a line's start, as exams print them (A．①② B．①③, A. 分子力先增大):
# an item of the text's own, as a list's number is.
ANSWER_OPTION = r"[A-H][.．、]"


# A formula in TeX, as exam and science pages carry them: math between dollars with an operator,
# a script or a command in it ($a>c>b$, $x^{2}$), or a command (\frac, \hline, \\). A price's
# dollars ($100 - $200) are none.
_FORMULA = re.compile(r"\$[^$\n]*[\\^_{}=<>][^$\n]*\$|\\(?:[A-Za-z]{2,}|\\)")


_INLINE_CODE = re.compile(r"`[^`\n]+`")


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds code its writer marked as code, in order: each run of lines of a Markdown
    code fence, and inline code between backticks on the other lines.

        >>> code_spans("用 `<br>` 换行。\\n```html\\n<p>段落</p>\\n```")
        [(2, 8), (13, 34)]
    """
    if "`" not in text and not has_code_fence(text):
        return []
    spans: list[tuple[int, int]] = []
    start, fenced_before = 0, False
    for line, fenced in zip(text.split("\n"), fenced_lines(text)):
        if fenced:
            if fenced_before:
                spans[-1] = (spans[-1][0], start + len(line))
            else:
                spans.append((start, start + len(line)))
        elif "`" in line:
            spans.extend((start + m.start(), start + m.end()) for m in _INLINE_CODE.finditer(line))
        start, fenced_before = start + len(line) + 1, fenced
    return spans


def inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Is ``start:end`` inside one of ``spans`` (in order, as :func:`code_spans` and
    :func:`cited_spans` give them)? A comment around inline code (<!-- add `> ` before every line -->)
    is not inside the code.

        >>> inside(3, 6, [(2, 8)]), inside(0, 9, [(2, 8)])
        (True, False)
    """
    k = bisect.bisect_right(spans, (start, float("inf"))) - 1  # the last span starting at or before it
    return k >= 0 and spans[k][1] >= end


# A short quotation on one line: where a writer shows a string (乱码“鍙戝竷”) rather than says it.
_QUOTATION = re.compile(r"“[^“”\n]{1,40}”|‘[^‘’\n]{1,40}’|「[^「」\n]{1,40}」|『[^『』\n]{1,40}』|\"[^\"\n]{1,40}\"")
_QUOTATION_MARKS = ("“", "‘", "「", "『", '"')


class Cited:
    """:func:`cited_spans` of ``text``, found when first asked for: a cleaner that reads a text line
    by line asks only once a line has something to repair, which most texts never have."""

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def spans(self) -> list[tuple[int, int]]:
        return cited_spans(self.text)


def cited_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` shows strings rather than says them, in order: code (:func:`code_spans`) and
    short quotations. A garbled string there is the writer's example, as an article on mojibake
    gives them, not damage to repair.

        >>> cited_spans("UTF-8的“发布”读作GBK是“鍙戝竷”。")
        [(6, 10), (16, 21)]
    """
    quoted = [m.span() for m in _QUOTATION.finditer(text)] if any(q in text for q in _QUOTATION_MARKS) else []
    return sorted(code_spans(text) + quoted) if quoted else code_spans(text)
