"""CJK mojibake that ftfy does not fix, repaired by codec round trips under a
character language model.

Text read with the wrong codec keeps its bytes: encode it back with the codec
it was wrongly read with, decode it with the one it was written in. Three
things make the CJK cases harder than ftfy's, and each is handled here:

- lost bytes: a decoder that met an invalid sequence wrote ``�`` (or ``?``)
  for one byte, so the byte is unknown. We decode *with holes*: a beam
  search over the values each unknown byte could take, scored by the
  character model (:mod:`cleaners.lm`);
- a dropped byte misaligns a GBK or Big5 run until the decoder resyncs
  (``慶;顒訛槠鯔C`` for ``慶祝活動為契機``). We re-align by inserting one unknown
  byte at the start of the run; ASCII punctuation inside such a run may have
  been a full-width form (``；`` = ``a3 bb``) before width folding, so both are tried;
- which codecs were involved is unknown: every plausible pair is tried and
  the model picks, and a repair is made only when it is clearly better.

    >>> repair_mojibake("浣犲ソ,涓栫晫").text  # UTF-8 read as GBK
    '你好,世界'
    >>> repair_mojibake("ÄãºÃ£¬ÊÀ½ç").text  # GBK read as Latin-1
    '你好，世界'
    >>> repair_mojibake("实现职工对美好生活的向往").changed
    False
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from .edits import LINES_REMEMBERED, Cleaned, replace_spans, trimmed_edit
from .keys import Cited, inside
from .lm import HAN, CharModel, char_model, code_points, ordinary, rare_han
from .pinyin import PINYIN_ANNOTATION
from .script import fold_to_simplified, script_counts

Template = list  # of int: a known byte, HOLE: an unknown byte ('?'), FLEX: a byte a decoder rejected ('�')
HOLE = None
# CPython's GBK and Big5 decoders write one '�' for a byte they cannot pair with the
# next one (invalid, or a pair they do not assign) and move one byte on; where no
# character fits, the beam may keep the '�' and the loss stays visible.
FLEX = -1
DOUBLE_BYTE = ("gbk", "big5")  # codecs whose decoders reject bytes that way
UNKNOWN_CHAR_LOGPROB = -11.5  # a character we cannot know: about one in 100,000

# (codec the bytes were wrongly read with, codec they were written in)
# UTF-8 read as Latin-1 is ftfy's first (it also undoes double encodings);
# repair_leftover_mojibake adds it for what ftfy leaves.
CJK_ROUND_TRIPS = (
    ("latin-1", "gb18030"), ("latin-1", "big5"),
    ("gbk", "utf-8"), ("gbk", "big5"), ("big5", "gbk"), ("big5", "utf-8"),
)
MISALIGNED = ["gbk", "big5"]

# A repair must beat the text it replaces by this many nats per character,
# and read as ordinary Chinese (at least this mean log-probability).
MIN_GAIN = 2.0
MIN_GAIN_MARKED = 0.5
MIN_RUN = 3  # characters a repair replaces, at least, unless they carry a marker of damage
RARE_CLUSTER = 4  # rare characters this close together look like mojibake, not a name
LOOKBACK = 3  # characters before a suspicious run where misalignment may have begun
MIN_MEAN_LOGPROB = -9.0
BEAM = 6
GUESSES = 48  # candidates for an unknown byte carried into the beam
SURPRISE = -11.0  # log P(c | previous) below which a character is out of place

_LATIN_CHARS = (r"\x80-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
                r"\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122")
_LATIN_CHAR = re.compile(f"[{_LATIN_CHARS}]")
# UTF-8 lead bytes of CJK (E3-E9) read as Latin-1 are accented letters, as are most GBK bytes.
_ACCENTED = re.compile("[\u00c0-\u00ff]")
_LATIN_RUN = re.compile(f"[{_LATIN_CHARS}](?:[\\x20-\\x7e]*[{_LATIN_CHARS}])*")
# One character class first, which re scans for fast; a '?' then needs a character on each side.
_MARKERS = re.compile(r"[\ufffd\ue000-\uf8ff?](?:(?<=[\ufffd\ue000-\uf8ff])|(?<=[\u3400-\u9fff]\?)(?=[\u3400-\u9fff]))")
# Proof of damage on its own; a '?' between characters may also be a real question mark.
_STRONG_MARKERS = re.compile(r"[\ufffd\ue000-\uf8ff]")
# What a repair must not bring in: Latin letters, full-width forms, private use, replacement characters,
# CJK symbols. Not the punctuation Chinese is written with (，。、：；？！（）《》「」『』【】): a right
# repair of a review brings back every comma that the misread had swallowed into its garble.
_JUNK = re.compile(r"[A-Za-z\u00c0-\u024f\uff02-\uff07\uff0a\uff0b\uff0d-\uff19\uff1c-\uff1e\uff20-\uff5e"
                   r"\ue000-\uf8ff\ufffd\u3000\u3003-\u3009\u3012-\u303f\u3100-\u312f]")
_GUESSABLE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3001\u3002\u300a-\u300f\u2014\u2018\u2019\u201c\u201d"
                        r"\u2026\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f]")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>@[\\]^_`{|}~")


def warm_up() -> None:
    """Build the tables repairs use, once per process, so that no document pays for them."""
    rare_han()
    for codec in DOUBLE_BYTE:
        _invalid_pairs(codec)
        _guessable_chars(codec, 2)
    _guessable_chars("utf-8", 3)


def looks_like_mojibake(line: str) -> bool:
    """A fast, generous pre-check: lines that fail it are never touched.

    Mojibake leaves markers (``�``, private-use characters, ``?`` inside words),
    dense Latin-1 runs, or rare characters close together; a rare character in
    a name leaves none of these.
    """
    return bool(_MARKERS.search(line) or _latin_runs(line)) or _has_rare_cluster(line)


def _has_rare_cluster(text: str) -> bool:
    """Two characters Chinese almost never uses within :data:`RARE_CLUSTER` of each other."""
    rare = [m.start() for m in rare_han().finditer(text)]
    return any(b - a <= RARE_CLUSTER for a, b in zip(rare, rare[1:]))


_line_looks_like_mojibake = lru_cache(maxsize=LINES_REMEMBERED)(looks_like_mojibake)  # lines come back in a second round


def _latin_runs(line: str) -> list[re.Match]:
    """Runs of Latin-1/cp1252 characters dense enough to be bytes read as Latin-1.

    A pinyin syllable (guàng) has one such character among ASCII letters: not a run.
    """
    if not _ACCENTED.search(line):
        return []  # every run needs an accented letter; most lines (curly quotes, dashes) have none
    return [m for m in _LATIN_RUN.finditer(line)
            if len(_LATIN_CHAR.findall(m.group())) >= max(3, len(m.group()) // 2) and _ACCENTED.search(m.group())]


# --- decoding bytes with holes ------------------------------------------------


def _char_lengths(codec: str, first: int | None) -> tuple[int, ...]:
    if first is None or first == FLEX:
        return (3,) if codec == "utf-8" else (2,)
    if first < 0x80:
        return (1,)
    if codec == "utf-8":
        return (2,) if first >> 5 == 0b110 else (3,) if first >> 4 == 0b1110 else (4,) if first >> 3 == 0b11110 else ()
    return (2,)


def _characters(template: Template, pos: int, codec: str, wrong: str | None = None) -> list[tuple[str, int]]:
    """Every character that can be decoded at ``pos`` with the holes filled, and its byte length."""
    found = []
    for length in _char_lengths(codec, template[pos]):
        chunk = template[pos:pos + length]
        if len(chunk) == length:
            after = template[pos + length] if pos + length < len(template) else None
            found.extend((char, length) for char in _fillings(tuple(chunk), codec, wrong,
                                                              after if after not in (HOLE, FLEX) else None))
    return found


@lru_cache(maxsize=1 << 16)
def _fillings(chunk: tuple, codec: str, wrong: str | None = None, after: int | None = None) -> tuple[str, ...]:
    """The characters one chunk of bytes decodes to, its unknown bytes (HOLE, FLEX) filled every way.

    With ``wrong``, the double-byte codec the bytes were misread with, a FLEX byte is
    one that decoder could not read together with the byte after it (``after``, the
    byte following the chunk, for the last): that is why it wrote '�' for it. This
    narrows a character with both bytes lost from thousands to the few that fit.
    Cached: the same chunks come back again and again across a corpus."""
    invalid = _invalid_pairs(wrong) if wrong in DOUBLE_BYTE else None
    unknown = [b in (HOLE, FLEX) for b in chunk]
    if not any(unknown):
        try:
            char = bytes(chunk).decode(codec)
        except UnicodeDecodeError:
            return ()
        return (char,) if len(char) == 1 and char != "\ufffd" else ()
    if all(unknown) and invalid is None and codec != "utf-8":
        return ()  # a whole unknown character: nothing to go on but the model's guess
    # A lost byte of Chinese text belonged to a Han character or a Chinese punctuation mark:
    # mask the table of those characters by the bytes we know and what the decoder rejected.
    table, chars = _guessable_chars(codec, len(chunk))
    keep = np.ones(len(chars), dtype=bool)
    for position, byte in enumerate(chunk):
        if byte not in (HOLE, FLEX):
            keep &= table[:, position] == byte
        elif byte == FLEX and invalid is not None:
            following = table[:, position + 1] if position + 1 < len(chunk) else after
            if following is not None:
                keep &= invalid[table[:, position], following]
    return tuple(chars[k] for k in np.flatnonzero(keep).tolist())


@cache
def _invalid_pairs(codec: str) -> np.ndarray:
    """``invalid[a, b]``: a ``codec`` decoder meeting bytes a, b writes '�' for a and moves one byte on."""
    invalid = np.zeros((256, 256), dtype=bool)
    for a in range(0x80, 0x100):
        for b in range(0x100):
            invalid[a, b] = bytes((a, b)).decode(codec, errors="replace")[0] == "\ufffd"
    return invalid


@cache
def _guessable_chars(codec: str, length: int) -> tuple[np.ndarray, list[str]]:
    """The bytes (one row each) and characters of every Han character or Chinese punctuation
    mark that ``codec`` writes in ``length`` bytes."""
    rows, chars = [], []
    for code in itertools.chain(range(0x2000, 0x3100), range(0x3400, 0xA000), range(0xFF00, 0xFF70)):
        char = chr(code)
        if not _GUESSABLE.match(char):
            continue
        try:
            encoded = char.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(encoded) == length:
            rows.append(list(encoded))
            chars.append(char)
    return np.array(rows, dtype=np.int64).reshape(-1, length), chars


@dataclass(frozen=True)
class _Path:
    """A beam's path, one character a step, linked back to the path it extends: copying the text
    at every step made decoding a line cost its length squared (a 300,000-character line of
    binary junk read as GBK took minutes)."""

    score: float
    last: str  # the last character, folded: what the model reads the next one after
    char: str = ""  # the character this step wrote
    prev: "_Path | None" = None
    length: int = 0  # characters written up to here
    lookahead: float = 0.0  # for pruning only: how well a guessed character fits the next one
    guess: tuple | None = None  # (character index, template position, byte length) if this step's was guessed

    def steps(self) -> list["_Path"]:
        """This path's steps from the first, the start left out."""
        steps, path = [], self
        while path.prev is not None:
            steps.append(path)
            path = path.prev
        return steps[::-1]

    @property
    def text(self) -> str:
        return "".join(step.char for step in self.steps())

    @property
    def guesses(self) -> list[tuple]:
        """(character index, template position, byte length) of each guessed character."""
        return [step.guess for step in self.steps() if step.guess]


def _guesses(model: CharModel, template: Template, pos: int, codec: str, wrong: str | None,
             found: list[tuple[str, int]]) -> tuple[list[tuple[str, str, int]], dict[str, float]]:
    """The fillings ``found`` at ``pos`` worth carrying into the beam, as (character, folded,
    length): the :data:`GUESSES` that are common and fit the known character after them; and
    that fit (the lookahead, 0.0 where nothing after is known) by folded character. Scored for
    all fillings at once: a lost byte can have hundreds."""
    folded = fold_to_simplified("".join(char for char, _ in found))  # one character for one
    codes = code_points(folded)
    ahead = np.zeros(len(found))
    lengths = np.array([length for _, length in found])
    for length in np.unique(lengths).tolist():
        following = _next_char(template, pos + length, codec, wrong) if pos + length < len(template) else None
        if following:
            mask = lengths == length
            ahead[mask] = model.pair_logprobs(codes[mask], ord(following))
    options = [(char, folded[k], length) for k, (char, length) in enumerate(found)]
    lookahead = dict(zip(folded, ahead.tolist()))
    if len(options) > GUESSES:
        # Keep the guesses that fit what follows and are common; the paths then choose among them.
        common = model.pair_logprobs(np.int64(0), codes)
        options = [options[k] for k in np.argsort(-(common + ahead), kind="stable")[:GUESSES].tolist()]
    return options, lookahead


def _next_char(template: Template, pos: int, codec: str, wrong: str | None) -> str | None:
    """The character at ``pos`` when its bytes are all known and decode to exactly one."""
    options = _characters(template, pos, codec, wrong) if pos < len(template) and template[pos] not in (None, FLEX) else []
    return fold_to_simplified(options[0][0]) if len(options) == 1 else None


@dataclass(frozen=True)
class Decoded:
    """A decoding with holes: ``guessed``, each lost byte filled as the model likes best, judges
    how well the bytes read in this codec; ``sure``, the guesses its context does not clearly
    prefer written back as '�' (:func:`_unsure_as_lost`), is what a repair writes."""

    guessed: str
    sure: str


def decode_with_holes(template: Template, codec: str, model: CharModel, before: str = "",
                      after: str = "", wrong: str | None = None) -> Decoded | None:
    """The most probable text that ``template`` decodes to in ``codec`` between its context, or None;
    ``wrong`` is the codec the bytes were misread with, when known (see :func:`_fillings`).

    >>> decode_with_holes([0xE5, 0xB7, 0xA5, 0xE4, 0xBC, None, 0xE5, 0xB7, 0xA5, 0xE4, 0xBD, 0x9C], "utf-8",
    ...                   char_model()).sure
    '工会工作'
    >>> decoded = decode_with_holes([0xE4, 0xBD, None, 0xE5, 0xA5, 0xBD], "utf-8", char_model())
    >>> decoded.guessed, decoded.sure  # 你 is likeliest, but 住 or 低 would fit 好 nearly as well
    ('你好', '\ufffd好')
    """
    paths: dict[int, list[_Path]] = {0: [_Path(0.0, fold_to_simplified(before[-1:]))]}
    for pos in range(len(template)):
        here = paths.pop(pos, None)
        if not here:
            continue
        found = _characters(template, pos, codec, wrong)
        guessing = len(found) > 1
        lookahead: dict[str, float] = {}
        if guessing:
            options, lookahead = _guesses(model, template, pos, codec, wrong, found)
        else:
            options = [(char, fold_to_simplified(char), length) for char, length in found]
        if template[pos] == FLEX or not options:
            # A whole character lost (or nothing decodes here): keep the loss visible.
            options.append(("\ufffd", "\ufffd", 1))
        for path in here:
            for char, folded, length in options:
                step = UNKNOWN_CHAR_LOGPROB if char == "\ufffd" else model.transition(path.last, folded)
                score = path.score + step
                end = pos + length
                if end == len(template):  # judge the last character by what follows, too
                    score += model.logprob(after[:2], folded)
                guess = (path.length, pos, length) if guessing and char != "\ufffd" else None
                paths.setdefault(end, []).append(_Path(score, folded, char, path, path.length + 1,
                                                       lookahead.get(folded, 0.0), guess))
        for key in paths:
            paths[key] = sorted(_recombined(paths[key]), key=lambda p: -(p.score + p.lookahead))[:BEAM]
    final = paths.get(len(template))
    if not final:
        return None
    best = max(final, key=lambda p: p.score)
    return Decoded(best.text, _unsure_as_lost(best, template, codec, wrong, model, before, after))


# nats: a guessed character must fit its neighbours this much better than any other filling.
# A wrong filling is invented text, a lost one a character gone. Measured with
# benchmarks/mojibake_guesses.py on laws and reviews (not the People's Daily): from 0.5 to 2.5,
# wrong characters per 1,000 fall from 6.6 to 0.94 (UTF-8 read as GBK) and from 22 to 4.5 (Big5
# read as GBK), lost ones rise from 84 to 105 and from 47 to 126. At 4.0 wrong ones fall to 0.45
# and 0.96, but a filling as plain as 慶祝 in 慶祝活動 (seed 002) no longer clears the bar: a
# neighbour on each side is all the character model sees.
GUESS_MARGIN = 2.5


def _unsure_as_lost(path: _Path, template: Template, codec: str, wrong: str | None, model: CharModel,
                    before: str, after: str) -> str:
    """The path's text with each guessed character that its neighbours do not clearly prefer
    over another filling of the same bytes written back as '�': where the bytes are gone and
    the context cannot tell, nothing is invented."""
    text = list(path.text)
    for k, pos, length in path.guesses:
        prev = fold_to_simplified(text[k - 1] if k else before[-1:])
        following = fold_to_simplified(text[k + 1] if k + 1 < len(text) else after[:1])
        fillings = [c for c, n in _characters(template, pos, codec, wrong) if n == length]
        if len(fillings) < 2:
            continue
        codes = code_points(fold_to_simplified("".join(fillings)))
        fit = model.pair_logprobs(np.int64(ord(prev) if prev else 0), codes)
        if following:
            fit += model.pair_logprobs(codes, ord(following))
        best, second = np.partition(fit, len(fit) - 2)[-2:][::-1] if len(fit) > 2 else sorted(fit, reverse=True)
        if best - second < GUESS_MARGIN:
            text[k] = "\ufffd"
    return "".join(text)


def _recombined(paths: list[_Path]) -> list[_Path]:
    """The best path for each last character: the model looks back one character only, so
    of two paths that end alike the worse can never overtake (Viterbi). Without this the
    beam fills with spellings of one earlier guess and drops the right one here."""
    best: dict[str, _Path] = {}
    for path in paths:
        if path.last not in best or path.score > best[path.last].score:
            best[path.last] = path
    return list(best.values())


# --- encoding text back to bytes ------------------------------------------------


def _encode_char(char: str, codec: str) -> bytes | None:
    if codec == "latin-1":
        for c in ("latin-1", "cp1252"):
            try:
                return char.encode(c)
            except UnicodeEncodeError:
                pass
        return None
    for c in ((codec, "gb18030") if codec == "gbk" else (codec,)):
        try:
            return char.encode(c)
        except UnicodeEncodeError:
            pass
    return None


def _templates(text: str, codec: str, fullwidth_punctuation: bool) -> list[Template]:
    """Byte templates ``text`` may have come from when read with ``codec``.

    ``�`` and ``?`` are unknown bytes. With ``fullwidth_punctuation``, ASCII
    punctuation may also have been the full-width form (first three only).
    """
    base: Template = []
    variable: list[tuple[int, Template]] = []
    for char in text:
        if char in "\ufffd?" and codec != "latin-1":
            base.append(FLEX if char == "\ufffd" else HOLE)
            continue
        encoded = _encode_char(char, codec)
        if encoded is None:
            return []
        if fullwidth_punctuation and len(variable) < 3 and char in _ASCII_PUNCTUATION:
            wide = _encode_char(chr(ord(char) + 0xFEE0), codec)
            if wide:
                variable.append((len(base), list(wide)))
        base.extend(encoded)
    templates = [base]
    for index, wide in reversed(variable):
        templates += [t[:index] + wide + t[index + 1:] for t in templates]
    return templates


# --- choosing a repair ------------------------------------------------------------


@dataclass(frozen=True)
class Repair:
    text: str
    rule: str
    gain: float  # nats per character over the original
    total_gain: float  # nats over the original, to compare repairs of different spans


def _mean(model: CharModel, text: str, before: str, after: str) -> float:
    return (model.logprob(text + after, before)) / max(len(text) + len(after), 1)


class Budget:
    """Decoding a document may still do: repair work is bounded by the document's size, so
    that a garbled page costs a small multiple of a clean one. What the budget does not reach
    is left as it was (a missed repair costs little)."""

    def __init__(self, work: float):
        self.left = work
        self.spent = 0

    @classmethod
    def for_text(cls, text: str) -> "Budget":
        return cls(BUDGET_BASE + BUDGET_PER_CHAR * len(text))

    def spend(self, amount: int) -> bool:
        self.left -= amount
        self.spent += amount
        return self.left >= 0


BUDGET_BASE = 5_000  # decoding work (:func:`decode_cost`) per document
BUDGET_PER_CHAR = 30  # ... and per character of it (the mojibake bench spends at most 18.1 beyond the base)


def decode_cost(template: Template) -> int:
    """What decoding ``template`` costs, roughly: a byte each, and a beam of guesses per unknown byte."""
    return len(template) + GUESSES * sum(b is HOLE or b == FLEX for b in template)


def best_repair(run: str, before: str = "", after: str = "", misaligned: bool = False,
                round_trips: tuple = CJK_ROUND_TRIPS, budget: Budget | None = None) -> Repair | None:
    """The best candidate repair of ``run`` between its context, if one is clearly better.

    A run that carries a marker of damage (``�``, ``?`` between characters, a
    private-use character) needs less gain to be repaired than one that is
    merely improbable.
    """
    if _PRIVATE_USE_ONLY.fullmatch(run):
        return None  # a phone's emoji or a portal's icons alone: no misread text around to decode them by
    model = char_model()
    original = _mean(model, run, before, after)
    min_gain = MIN_GAIN_MARKED if _STRONG_MARKERS.search(run) else MIN_GAIN
    junk = len(_JUNK.findall(run))
    rare = len(rare_han().findall(run))
    best: Repair | None = None
    hopeless = original + min_gain - QUICK_SLACK  # a quick decode below this cannot win
    for template, codec, wrong, rule in _shortlist(_round_trips(run, round_trips), model, hopeless) \
            + _realignments(run, misaligned):
        bar = best.gain if best else min_gain  # what a decode must gain to be taken
        if _ceiling(template, codec, model, before, after) < max(original + bar, MIN_MEAN_LOGPROB):
            continue  # no filling of its lost byte could make it the repair
        if budget is not None and not budget.spend(decode_cost(template)):
            break
        decoded = decode_with_holes(template, codec, model, before, after, wrong)
        text = decoded.guessed if decoded else ""  # which decoding reads best: its lost bytes at their likeliest
        if not text or run in (text, decoded.sure) or len(_JUNK.findall(text)) > junk:
            continue  # no decoding, or one that would write the run back as it is
        if misaligned and len(rare_han().findall(text)) >= max(rare, 1):
            continue  # a local repair must make rare characters common, not trade them
        if misaligned and _ascii_count(text) > _ascii_count(run):
            continue  # a lost byte leaves stray ASCII that its repair takes in; this reads the damage backwards
        mean = _mean(model, text, before, after)
        gain = mean - original
        if mean >= MIN_MEAN_LOGPROB and gain >= min_gain and (best is None or gain > best.gain) \
                and not _still_garbled(decoded.sure, model):
            # What it writes: a lost byte's character only where its neighbours clearly want it.
            best = Repair(decoded.sure, rule, gain, (mean - original) * (len(run) + len(after)))
    if best and _a_guess(run + after[:1], best.text):  # a ? that ends the run is a marker between characters
        return None
    return best


SHORT_REPAIR = 4  # Han characters a repair writes, at most, for it to need words of ordinary Chinese


def _a_guess(run: str, text: str) -> bool:
    """Would repairing ``run`` as ``text`` be a guess: a short run with no marker of damage (�, a
    private-use character, ? between characters: :data:`_MARKERS`), whose repair is no word or
    phrase of ordinary Chinese? The character model prefers common characters to rare ones, so
    three characters of rare but real text (辣蜊蜊) read better decoded (欢改改); a short token
    garbled (鍙戝竷) decodes into a word (发布).

        >>> _a_guess("辣蜊蜊", "欢改改"), _a_guess("鍙戝竷", "发布"), _a_guess("鍙戝竷鏃堕棿锛", "发布时间：")
        (True, False, False)
    """
    han = "".join(HAN.findall(text))
    return len(han) <= SHORT_REPAIR and not _MARKERS.search(run) and not ordinary(han)


def _still_garbled(text: str, model: CharModel, surprises: int = 2 * MIN_RUN) -> bool:
    """Would a repair write text that still reads as mojibake: a run of ``surprises`` out-of-place
    characters between its unsure fillings? A decode can read well only with its guesses, or
    mend a stretch of a long run and leave the rest misread (保护铮任何人都不能伤害恰Ｋ一直畹米杂勺栽冢):
    half a repair, which mixes what it mended with what it did not. Fewer are a review's own
    words (水泥糊的玻璃缝) or a name.

        >>> _still_garbled("任何人都不能伤害它\ufffd一直生活得自由自在，最近竟跑到高速公路上来休息玩乐了。", char_model())
        False
        >>> _still_garbled("任何人都不能伤害恰Ｋ\ufffd一直畹米杂勺栽冢最\ufffd餍耘艿礁咚俟\ufffd上来休息玩乐了。", char_model())
        True
    """
    return any(found >= surprises for piece in text.split("\ufffd") if piece
               for _, _, found in _suspicious_runs(piece, model))


# Private-use characters with nothing between them but blanks and ASCII punctuation. Big5 read as GBK
# makes some (狗 is AA AF, a user-defined pair in GBK), among other misread characters; phones wrote
# their emoji there (U+E00E, a thumb up), which a Big5 decode turns into 狗 from nothing.
_PRIVATE_USE_ONLY = re.compile(r"[\s!-/:-@\[-`{-~]*(?:[\ue000-\uf8ff][\s!-/:-@\[-`{-~]*)+")


def _ascii_count(text: str) -> int:
    """Visible ASCII characters in ``text``. A byte lost from a double-byte text shifts the pairs,
    so trail bytes below 0x80 stand alone in the misread (秈J@丧): the realigned text pairs them
    again, and has no more ASCII than the misread. One that turns Han characters into ASCII
    (a name, 郅振璞, into 赫馭 and a backslash) has paired ordinary text wrong.

        >>> _ascii_count("秈J@丧"), _ascii_count("赫馭\\\\")
        (2, 1)
    """
    return sum(1 for char in text if "!" <= char <= "~")


def _ceiling(template: Template, codec: str, model: CharModel, before: str, after: str) -> float:
    """The most that :func:`_mean` of any decode of ``template`` can reach, when the template is
    a realignment, one byte lost at its start in a double-byte codec: the rest decodes one way
    only, and the character with the lost byte at best fits both its neighbours perfectly.
    Infinity for any other template (no bound is worked out for it).

        >>> realigned = [HOLE] + list("工会工作".encode("gbk"))[1:]
        >>> _ceiling(realigned, "gbk", char_model(), "", "") < _mean(char_model(), "工会工作", "", "")
        False
    """
    holes = [k for k, b in enumerate(template) if b is HOLE or b == FLEX]
    if codec not in DOUBLE_BYTE or holes not in ([0], [1]) or template[holes[0]] == FLEX:
        return float("inf")
    single = holes == [1] and template[0] < 0x80  # an ASCII byte, then the lost byte's character
    head = chr(template[0]) if single else ""
    rest = bytes(template[3 if single else 2:]).decode(codec, errors="replace") + after
    ceiling = model.logprob(head, before) + (model.logprob(rest) - model.logprob(rest[:1]) if rest else 0.0)
    return ceiling / max(len(head) + 1 + len(rest), 1) + 1e-9


SHORTLIST = 3
QUICK_SLACK = 1.0  # nats per character a full decode in context may gain over a quick one without holes


def _shortlist(candidates: list, model: CharModel, hopeless: float) -> list:
    """The few round trips worth a full decode: ranked by a quick decode that leaves holes as holes.
    A template without holes decodes one way only, so when its quick decode scores below
    ``hopeless`` the full decode cannot win either, and is not made."""
    scored = []
    for candidate in candidates:
        template, codec = candidate[:2]
        holes = any(b in (None, FLEX) for b in template)
        quick = bytes(0x3F if b in (None, FLEX) else b for b in template).decode(codec, errors="replace")
        score = model.logprob(quick) / max(len(quick), 1)
        if holes or score >= hopeless:
            scored.append((score, candidate))
    scored.sort(key=lambda c: -c[0])
    return [c[1] for c in scored[:SHORTLIST]]


def _round_trips(run: str, round_trips: tuple) -> list:
    """(template, right codec, wrong codec, rule) for every (wrong codec, right codec) pair."""
    return [(template, right, wrong, f"mojibake.{_name(right)}_as_{_name(wrong)}")
            for wrong, right in round_trips for template in _templates(run, wrong, fullwidth_punctuation=False)]


def _realignments(run: str, misaligned: bool) -> list:
    """(template, codec, None, rule) for a GBK or Big5 run that lost a byte: one unknown byte inserted."""
    if not misaligned:
        return []
    found = []
    for codec in MISALIGNED:
        rule = f"mojibake.{codec}_misaligned"
        for template in _templates(run, codec, fullwidth_punctuation=True):
            found.append((template, codec, None, rule))
            found.extend((template[:hole] + [HOLE] + template[hole:], codec, None, rule)
                         for hole in range(min(2, len(template))))
    return found


def _name(codec: str) -> str:
    return {"utf-8": "utf8", "latin-1": "latin1", "gb18030": "gbk"}.get(codec, codec)


def _suspicious_runs(line: str, model: CharModel) -> list[tuple[int, int, int]]:
    """(start, end, marked characters) of spans that read as garbage, merged across gaps of two.

    Pinyin annotations are not garbage and end a run; ASCII punctuation just
    before a run joins it (it may be a width-folded byte of the run).
    """
    annotated = {i for m in PINYIN_ANNOTATION.finditer(line) for i in range(m.start(), m.end())}
    codes = code_points(line)
    after_wide = np.concatenate(([False], codes[:-1] >= 0x80))
    marked = (codes == 0xFFFD) | ((codes >= 0xE000) & (codes <= 0xF8FF)) | ((codes == ord("?")) & after_wide) \
        | ((codes >= 0x80) & (model.transitions(line) < SURPRISE))
    marks = [i for i in np.flatnonzero(marked).tolist() if i not in annotated]
    runs: list[list[int]] = []
    for i in marks:
        if runs and i - runs[-1][1] <= 2 and not annotated.intersection(range(runs[-1][1], i)):
            runs[-1][1] = i + 1
            runs[-1][2] += 1
        else:
            runs.append([i, i + 1, 1])
    for run in runs:
        while run[0] > 0 and line[run[0] - 1] in _ASCII_PUNCTUATION and run[0] - 1 not in annotated:
            run[0] -= 1
        while run[1] < len(line) and line[run[1]].isalpha() and line[run[1]].isascii() \
                and run[1] not in annotated:
            run[1] += 1
    return [tuple(run) for run in runs]


def _repair_line(line: str, round_trips: tuple, local: bool, budget: Budget | None = None) -> list[tuple]:
    """Spans (start, end, new, rule, detail) repairing one line, each of a run of several
    characters or of one that carries a marker of damage: a rare character or two in
    fluent text (垚, 皎皎) are a name or a word, whatever a round trip makes of them.

        >>> _repair_line("皎皎", CJK_ROUND_TRIPS, True)
        []
    """
    return [span for span in _line_repairs(line, round_trips, local, budget)
            if span[1] - span[0] >= MIN_RUN or _STRONG_MARKERS.search(line, span[0], span[1])]


def _budgeted_repair_line(line: str, round_trips: tuple, local: bool, budget: Budget) -> Sequence[tuple]:
    """:func:`_repair_line` within ``budget``, remembered: a page's second cleaning round and lines
    that recur across pages ask again for what was found. A line is worked out under what is left
    of the budget; only when that did not cut it short are its repairs the line's own, to be
    remembered (:data:`remembered_repairs`), so the result is the same either way and no line
    costs more than its document's budget."""
    key = (line, round_trips, local)
    known = remembered_repairs.get(key)
    if known is not None and known[1] <= budget.left:
        budget.spend(known[1])
        return known[0]
    trial = Budget(budget.left)
    spans = tuple(_repair_line(line, round_trips, local, trial))
    budget.spend(trial.spent)
    if trial.left >= 0:  # every decode it asked for was done: what any budget would find
        remembered_repairs.remember(key, (spans, trial.spent))
    return spans


class RememberedRepairs:
    """The repairs of the :data:`LINES_REMEMBERED` lines asked for last, with the decoding work
    they cost (an ``lru_cache`` that keeps only what is worth keeping)."""

    def __init__(self, size: int = LINES_REMEMBERED):
        self.size = size
        self._found: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> tuple | None:
        with self._lock:
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
            return found

    def remember(self, key: tuple, found: tuple) -> None:
        with self._lock:
            self._found[key] = found
            if len(self._found) > self.size:
                self._found.popitem(last=False)

    def cache_clear(self) -> None:
        with self._lock:
            self._found.clear()


remembered_repairs = RememberedRepairs()


def _line_repairs(line: str, round_trips: tuple, local: bool, budget: Budget | None) -> list[tuple]:
    """The whole line first (mojibake usually covers a paragraph), then Latin-1
    runs inside it, then, with ``local``, misaligned runs."""
    model = char_model()
    latin = _latin_runs(line)
    # A line that reads as Chinese once its marks are set aside is no round trip of a whole line.
    fluent = _reads_as_chinese(line, model)
    if latin and round_trips == CJK_ROUND_TRIPS and all(_is_utf8_read_as_latin1(m.group()) for m in latin):
        latin_fixes = False  # UTF-8 read as Latin-1: ftfy's, after this step; no CJK round trip fits
    else:
        latin_fixes = True
        whole = None if fluent else best_repair(line, round_trips=round_trips, budget=budget)
        if whole:
            return [_trimmed(line, 0, len(line), whole)]
    spans = []
    failed = 0
    for match in latin if latin_fixes else ():
        if failed >= MAX_FAILED_RUNS:
            break  # run after run mends nothing: the line is garbled beyond repair
        fix = best_repair(match.group(), line[max(match.start() - 3, 0):match.start()],
                          line[match.end():match.end() + 2], round_trips=round_trips, budget=budget)
        if fix:
            spans.append(_trimmed(line, match.start(), match.end(), fix))
        failed = 0 if fix else failed + 1
    if spans or not local:
        return spans
    taken = failed = 0
    for start, end, surprises in _suspicious_runs(line, model):
        if failed >= MAX_FAILED_RUNS:
            break  # likewise: random or doubly garbled text, not misaligned
        if any(m.start() < end and start < m.end() for m in latin):
            continue  # bytes read as Latin-1 (ftfy's to fix), not a GBK run that lost a byte
        window = line[max(start - LOOKBACK, 0):end]
        evidence = 2 * bool(_STRONG_MARKERS.search(window)) + bool(_MARKERS.search(window)) \
            + len(rare_han().findall(window)) + surprises // 2
        if evidence < 2 or (fluent and surprises < MIN_RUN) or (surprises < 2 and "\ufffd" not in window):
            continue  # one odd character, a separator, or in fluent text a lost byte, is no run of mojibake
        if (_reduplicated(line[start:end]) or _kana(line[start:end]) or _said_again(line, start, end)) \
                and not _STRONG_MARKERS.search(window):
            continue  # 咂咂咂, 跌跌瑀瑀, どうまる, 种暠…种暠: a sound or typo doubled, Japanese quoted, a rare name
        # A misaligned run often starts a few characters before the first one that looks wrong:
        # the decoder can land on ordinary characters by chance. Try earlier starts, keep the best.
        options = []
        for a in range(max(start - LOOKBACK, taken), start + 1):
            fix = best_repair(line[a:end], line[max(a - 3, 0):a], line[end:end + 2], misaligned=True,
                              round_trips=round_trips, budget=budget)
            if fix and _in_script_of(line, a, end, fix.text):
                options.append((fix.total_gain, a, fix))
        if options:
            _, a, fix = max(options, key=lambda o: o[0])
            spans.append(_trimmed(line, a, end, fix))
            taken = end
        failed = 0 if options else failed + 1
    if spans and not _reads_as_chinese(replace_spans(line, [span[:4] for span in spans]).text, model):
        return []  # pieces mended in a line that stays garbled: half a repair, left for the page verdict
    return spans


# Runs of a line (Latin-1 runs, or suspicious ones) tried in a row without a repair before the
# rest of it is left alone: garbled text that can be mended mends run after run, while random or
# doubly garbled text mends none, and cost a second a thousand characters in attempts (40,000
# random characters with blanks between; UTF-8 read as cp1252 twice, with replacement characters).
MAX_FAILED_RUNS = 20


def _said_again(line: str, start: int, end: int) -> bool:
    """Does the rest of ``line`` use two Han characters of ``line[start:end]`` together again? A
    rare name reads as garble to a character model, but a line names it twice alike
    (◆种暠传，种暠字景伯); a misread does not repeat itself in the fluent text around it.

        >>> _said_again("◆种暠传，种暠字景伯", 0, 3), _said_again("◆种暠传，字景伯", 0, 3)
        (True, False)
    """
    pairs = _pairs_of(line)
    # The line's pairs less those that touch the run: the rest's (counted once per line, not
    # searched for each run: a long garbled line has thousands of runs).
    touching = Counter(line[i:i + 2] for i in range(max(start - 1, 0), end))
    return any(HAN.fullmatch(pair[0]) and HAN.fullmatch(pair[1]) and pairs[pair] > touching[pair]
               for pair in (line[i:i + 2] for i in range(start, end - 1)))


@lru_cache(maxsize=4)
def _pairs_of(line: str) -> Counter:
    """How often each pair of adjacent characters occurs in ``line``."""
    return Counter(line[i:i + 2] for i in range(len(line) - 1))


def _reduplicated(run: str) -> bool:
    """Is every character of ``run`` next to its own double (咂咂咂, 跌跌瑀瑀)? Chinese doubles
    characters for sounds and manners, often rare ones; a misread stream of bytes has no reason to.

        >>> _reduplicated("咂咂咂"), _reduplicated("跌跌瑀瑀"), _reduplicated("瑀跌瑀")
        (True, True, False)
    """
    return len(run) >= 2 and all(run[k] in (run[k - 1:k] + run[k + 1:k + 2]) for k in range(len(run)))


_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]+")


def _kana(run: str) -> bool:
    """Is ``run``, ASCII punctuation aside, Japanese kana (どうまる)? Chinese pages quote Japanese
    names and words in kana; Big5 read as GBK makes kana too, but in a garbled line, mixed with
    rare characters, not as a word inside a line that reads well.

        >>> _kana("どうまる"), _kana("カタカナ"), _kana("ゲ斗籔")
        (True, True, False)
    """
    return bool(_KANA.fullmatch(run.strip("".join(_ASCII_PUNCTUATION))))


def _in_script_of(line: str, start: int, end: int, text: str) -> bool:
    """Is ``text``, put for ``line[start:end]``, in the script of the rest of the line? A run
    of mojibake inside a line that reads well is a piece of it gone wrong, in the line's own
    encoding: a Big5 decode writes Traditional characters, which a Simplified line never had.

        >>> _in_script_of("满街上人跌跌瑀瑀，都往两边闪过。", 4, 8, "視視毒毒")
        False
        >>> _in_script_of("滿街上人跌跌瑀瑀，都往兩邊閃過。", 4, 8, "視視毒毒")
        True
    """
    simplified, traditional = script_counts(line[:start] + line[end:])
    new_simplified, new_traditional = script_counts(text)
    return not ((new_traditional and simplified and not traditional) or (new_simplified and traditional and not simplified))


def _reads_as_chinese(line: str, model: CharModel) -> bool:
    """Does ``line``, marks of damage aside, read as fluent Chinese (mean log-probability ≥ :data:`FLUENT`)?

    >>> _reads_as_chinese("那么怎样才能租到好车呢?这其中也是有着不小的学问。", char_model())
    True
    """
    return model.mean_logprob(_MARKERS.sub("", line)) >= FLUENT


def _is_utf8_read_as_latin1(run: str) -> bool:
    """Do the bytes of ``run``, read as Latin-1 or cp1252, make strict UTF-8?

    >>> _is_utf8_read_as_latin1("å·¥ä¼š"), _is_utf8_read_as_latin1("ÄãºÃ")  # UTF-8; GBK
    (True, False)
    """
    data = bytearray()
    for char in run:
        encoded = _encode_char(char, "latin-1")
        if encoded is None:
            return False
        data += encoded
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _trimmed(line: str, start: int, end: int, fix: Repair) -> tuple:
    """The span of a repair without the characters it left as they were."""
    edit = trimmed_edit(line[start:end], fix.text, start, fix.rule)
    return (edit.offset, edit.offset + len(edit.before), edit.after, fix.rule, f"+{fix.gain:.1f} nats/char")


def repair_mojibake(text: str, round_trips: tuple = CJK_ROUND_TRIPS, local: bool = True) -> Cleaned:
    """Repair CJK mojibake line by line; lines with no sign of it are not examined. What
    stays unrecoverable, lost bytes no repair could explain with confidence, is removed.

        >>> repair_mojibake("你好\\ufffd").text  # a lost character is not guessed from nothing
        '你好'
    """
    # looks_like_mojibake(text), its Latin runs left out: they need an accented letter, asked first.
    if not (_ACCENTED.search(text) or _MARKERS.search(text) or _has_rare_cluster(text)):
        return Cleaned(text)  # the common case, decided in a few scans of the text
    spans = []
    offset = 0
    budget = Budget.for_text(text)
    cited = Cited(text)
    for line in text.split("\n"):
        if _line_looks_like_mojibake(line):
            found = [(offset + a, offset + b, *rest)
                     for a, b, *rest in _budgeted_repair_line(line, round_trips, local, budget)]
            if found and not only_cited(found, cited.spans):
                spans.extend(found)
        offset += len(line) + 1
    repaired = replace_spans(text, spans)
    if "\ufffd" not in repaired.text and not _QUESTIONED.search(repaired.text):
        return repaired  # nothing left that drop_unrecoverable takes: private-use separators stay
    dropped = drop_unrecoverable(repaired.text)
    return Cleaned(dropped.text, repaired.edits + dropped.edits)


def drop_unrecoverable(text: str) -> Cleaned:
    """Remove every '�' left, and runs of mojibake that a decoder marked with '?': where the bytes
    are gone and no repair explains them, no text is better than invented text.

    On a line that reads as Chinese a '�' is a few bytes that did not decode and goes alone
    (``unicode.invalid_bytes``); on a garbled one it goes with the run of out-of-place characters
    it sits in (``mojibake.unrecoverable``, :func:`_suspicious_runs`). So does a run of them with
    two '?' between its characters, on any line, when it reads as garbage without them too, for
    long: a reviewer's 真?善?美? reads well once its question marks are set aside, and a
    face drawn with them (?乛v乛?) is short.

        >>> drop_unrecoverable("工会工作\\ufffd順利。\\n秈\\ufffdJ\\ufffd@丧初,ゲ斗籔瓣悔钡").text
        '工会工作順利。\\n'
        >>> drop_unrecoverable("它们受保护的?铮?魏稳硕疾荒苌撕λ?恰。警察说。").text
        '它们受保护的。警察说。'
        >>> drop_unrecoverable("谁才是真理的孩子呢?真?善?美?嘿嘿,这是一点想法").edits
        []
        >>> drop_unrecoverable("水果很新鲜?乛v乛?嘿嘿").edits
        []
    """
    model = char_model()
    spans = []
    offset = 0
    cited = Cited(text)
    for line in text.split("\n"):
        if "\ufffd" in line and model.mean_logprob(line.replace("\ufffd", "")) >= FLUENT:
            runs = [(m.start(), m.end(), "unicode.invalid_bytes") for m in re.finditer("\ufffd+", line)]
        elif "\ufffd" in line or _QUESTIONED.search(line):
            runs = [(a, b, "mojibake.unrecoverable") for a, b, _ in _suspicious_runs(line, model)
                    if "\ufffd" in line[a:b] or (_questioned(line, a, b) >= 2
                                                   and _still_garbled(line[a:b].replace("?", ""), model))]
        else:
            runs = []
        found = [(offset + a, offset + b, "", rule) for a, b, rule in runs]
        if found and not only_cited(found, cited.spans):
            spans.extend(found)
        offset += len(line) + 1
    return replace_spans(text, spans)


def only_cited(spans: list[tuple], cited: list[tuple[int, int]]) -> bool:
    """Is every one of a line's ``spans`` inside a string its writer shows (:func:`cleaners.keys.cited_spans`)?
    Then the line quotes garbled text, as an article on mojibake does (“发布”读作GBK就成了“鍙戝竷”),
    and it stays: a garbled line garbles its quotation marks with the rest.

        >>> only_cited([(5, 9)], [(4, 10)]), only_cited([(5, 9), (12, 14)], [(4, 10)])
        (True, False)
    """
    return bool(spans and cited) and all(inside(span[0], span[1], cited) for span in spans)


def _questioned(line: str, start: int, end: int) -> int:
    """'?' between Han characters in ``line[start:end]``, which a decoder writes for bytes it could not read."""
    return sum(start <= m.start() < end for m in _QUESTIONED.finditer(line))


_QUESTIONED = re.compile(r"(?<=[\u3400-\u9fff])\?(?=[\u3400-\u9fff])")


FLUENT = -8.0  # mean log-probability per character of a line that reads as Chinese (fluent text: -5 to -6.5)


def repair_leftover_mojibake(text: str) -> Cleaned:
    """After ftfy: pieces of UTF-8 read as Latin-1 that ftfy left, such as ``9æ—¶10分``."""
    if not _LATIN_RUN.search(text):
        return Cleaned(text)
    return repair_mojibake(text, (("latin-1", "utf-8"),), local=False)
