"""The redaction grammar: what counts as a student's (or family's) personal data in text.

One grammar serves the whole-text path (input messages, non-streamed answers) and the
streaming path: :meth:`Grammar.scan` reads ``text`` from ``start`` and returns the spans to
redact and every *candidate* it looked at. The stream redactor never cuts the text inside a
candidate, and keeps enough text back that a match cannot grow past the cut, so both paths
redact exactly the same (``tests/gateway/test_safety.py`` checks it with hypothesis).

For that, every detector's match spans at most :data:`MAX_MATCH_UNITS` units, a unit being a
run of non-space characters or a run of whitespace (so "Student ID:" followed by any amount
of whitespace and then the ID is still one short match), and looks at most one character
before its start.

- emails: non-ASCII letters (``José.Núñez@escuela.mx``), spaces around the at sign
  (``a @ b.org``), the fullwidth at sign (U+FF20), ``(at)``/``[at]`` and ``(dot)``/``[dot]``;
- phone numbers: a cheap pattern finds number-shaped runs, Google's ``phonenumbers`` decides
  (each country's lengths, trunk prefixes, extensions) for the configured regions, and what
  is accepted is a number a person would dial: international (``+``/``00``), national with
  the trunk prefix (``07700 900123``, ``0151 23456789``), North American 10 digits
  (``5551234567``, ``555-123-4567x89``) or a 7-digit local number written ``555-1234``;
- student IDs: labelled (``Student ID: 4471982``, ``Student-ID 4471982``, ``pupil number
  88123``, ``student #A-20931``, ``ID: 4471982``), ``#4471982``, and a bare ``447 1982``;
  a label glued to other text (``4567Student ID: 998877``) is still a label.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import phonenumbers

MAX_MATCH_UNITS = 24
UNIT = re.compile(r"\s+|\S+")

# --- emails ---------------------------------------------------------------------------------
_AT = r"(?:[ \t]{0,3}[@\uff20\ufe6b][ \t]{0,3}|[ \t]{0,3}[(\[{]at[)\]}][ \t]{0,3})"
_DOT = r"(?:[.\uff0e]|[ \t]{0,3}[(\[{]dot[)\]}][ \t]{0,3})"
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
EMAIL = (
    r"(?i:(?<![\w.%+\-])[\w%+\-]+(?:\.[\w%+\-]+){0,5}"
    rf"{_AT}{_LABEL}(?:{_DOT}{_LABEL}){{0,3}}{_DOT}[^\W\d_]{{2,24}}(?![\w\-]))"
)

# --- student IDs ----------------------------------------------------------------------------
_ID_VALUE = (
    r"(?:\d{2,6}(?:[ \-]\d{2,6}){1,3}(?![\w\-])"  # grouped: 447 1982, 44-71-982
    r"|(?=[A-Za-z\-]{0,4}\d)[A-Za-z0-9][A-Za-z0-9\-]{2,19})"  # 4471982, A-20931
)
_ID_DIGITS = r"(?:\d{2,6}(?:[ \-]\d{2,6}){1,3}(?![\w\-])|\d{4,12}(?![\w\-]))"
STUDENT_ID = (
    r"(?=[SsPpLlIi#\d])"  # (a cheap first-character check before the four forms)
    r"(?:(?i:(?:student|pupil|learner)[\s_\-]*"
    r"(?:(?:id(?:entifier)?|no\.?|num(?:ber)?\.?)(?![a-z])|\#))\s*[:#=]?\s*" + _ID_VALUE
    + r"|(?<![^\W\d_])(?i:id)(?![a-z])\s*[:#=]?\s*" + _ID_DIGITS  # ID: 4471982, glued too
    + r"|(?<![\w#&/])\#[ \t]?(?:\d{5,12}|\d{3}[ \-]\d{4})(?![\w\-])"  # #4471982
    + r"|(?<![\w.,/:+#\-])\d{3} \d{4}(?![\w.,/:\-]|\s?\d))"  # 447 1982
)

# --- phone numbers --------------------------------------------------------------------------
_PHONE_RUN = re.compile(
    r"(?<![\w+.\-/])"
    r"(?:(?:\+|00)[ \t]?\d{1,4}[ \t.\-]?)?"  # country code
    r"(?:\(\d{1,5}\)[ \t]?)?"  # (555)
    r"\d{1,12}(?:[ \t.\-/]\d{1,12}){0,6}"
    r"(?:[ \t]?(?:ext\.?|extension|x|\#)[ \t]?\d{1,6})?"
    r"(?!\w)",
    re.IGNORECASE,
)
# What a number-shaped run needs before phonenumbers is asked (see _dialable): a + or 00,
# a trunk 0 and 9+ digits, 10+ digits, or a local 555-1234.
_MAYBE_DIALABLE = re.compile(r"^\(?(?:\+|00|0(?:\D*\d){8})|(?:\d\D*){10}|[2-9]\d\d[\-.]\d{4}")
_AT_HINT = re.compile(r"[@\uff20\ufe6b]|[(\[{]at[)\]}]", re.IGNORECASE)
_EXTENSION = re.compile(r"(?i)[ \t]*(?:ext\.?|extension|x|#)[ \t]*\d+$")
_DATE = re.compile(r"\d{1,4}([./\-])\d{1,2}\1\d{1,4}")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Scan:
    spans: list[Span]  # to redact: ordered, not overlapping
    candidates: list[tuple[int, int]]  # everything looked at (a cut never splits one)


def _dialable(raw: str, region: str) -> bool:
    """Whether a number ``phonenumbers`` found possible in ``region`` is written the way a
    phone number is (rather than a date, a range, a product code or arithmetic)."""
    main = _EXTENSION.sub("", raw).strip()
    if _DATE.fullmatch(main):
        return False
    groups = re.findall(r"\d+", main)
    digits = "".join(groups)
    if main.startswith("+") or digits.startswith("00"):
        return all(len(g) >= 2 for g in groups[1:])  # after the country code
    nanp = phonenumbers.country_code_for_region(region) == 1
    if nanp and re.fullmatch(r"[2-9]\d{2}[\-.]\d{4}", main):
        return True  # a local number, 555-1234
    if any(len(g) < 2 for g in (groups[1:] if groups[0] == "1" and nanp else groups)):
        return False
    if nanp:
        national = digits[1:] if len(digits) == 11 and digits[0] == "1" else digits
        return len(national) == 10 and national[0] in "23456789"
    trunk = phonenumbers.PhoneMetadata.metadata_for_region(region).national_prefix
    return bool(trunk) and digits.startswith(trunk) and len(digits) >= 9


@functools.lru_cache(maxsize=2048)
def phone_numbers(run: str, regions: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """(start, end) of the phone numbers in a number-shaped run of text."""
    found: set[tuple[int, int]] = set()
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(
            run, region, leniency=phonenumbers.Leniency.POSSIBLE
        ):
            if _dialable(match.raw_string, region):
                found.add((match.start, match.end))
    return tuple(sorted(found))


class Grammar:
    """Detectors for the configured kinds; ``patterns`` are extra ``(kind, regex)`` pairs
    (the student-ID formats, a district's own)."""

    def __init__(
        self,
        *,
        emails: bool,
        phone_regions: tuple[str, ...],
        patterns: Iterable[tuple[str, str]],
    ) -> None:
        self._email = re.compile(EMAIL) if emails else None
        self._regexes = [(kind, re.compile(regex, re.MULTILINE)) for kind, regex in patterns]
        self._phone_regions = phone_regions

    def __bool__(self) -> bool:
        return bool(self._email or self._regexes or self._phone_regions)

    def _found(self, text: str, start: int) -> Iterator[tuple[int, int, str | None]]:
        """Every candidate as (start, end, kind); kind is None for one that is not redacted."""
        if self._email is not None and _AT_HINT.search(text, start):
            for match in self._email.finditer(text, start):
                yield match.start(), match.end(), "email"
        for kind, regex in self._regexes:
            for match in regex.finditer(text, start):
                if match.end() > match.start():
                    yield match.start(), match.end(), kind
        if not self._phone_regions:
            return
        for match in _PHONE_RUN.finditer(text, start):
            run = match.group()
            yield match.start(), match.end(), None
            if _MAYBE_DIALABLE.search(run.strip()):
                for begin, end in phone_numbers(run, self._phone_regions):
                    yield match.start() + begin, match.start() + end, "phone"

    def scan(self, text: str, start: int = 0) -> Scan:
        candidates: list[tuple[int, int]] = []
        found: list[Span] = []
        for begin, end, kind in self._found(text, start):
            candidates.append((begin, end))
            if kind is not None:
                found.append(Span(begin, end, kind))
        # Overlaps: the earliest start wins, then the longest.
        found.sort(key=lambda s: (s.start, -s.end))
        spans: list[Span] = []
        for span in found:
            if not spans or span.start >= spans[-1].end:
                spans.append(span)
        return Scan(spans, sorted(candidates))

    def redact(self, text: str, spans: Iterable[Span], start: int, end: int) -> str:
        """``text[start:end]`` with each span in it replaced by ``[redacted <kind>]``."""
        parts: list[str] = []
        at = start
        for span in spans:
            if span.start >= end:
                break
            if span.start < at:
                continue
            parts.append(text[at : span.start])
            parts.append(f"[redacted {span.kind}]")
            at = span.end
        parts.append(text[at:end])
        return "".join(parts)


def safe_cut(text: str, start: int, candidates: list[tuple[int, int]]) -> int:
    """Where streamed ``text`` (read from ``start``) can be cut: the last
    :data:`MAX_MATCH_UNITS` units stay back (a match there could still grow), and no
    candidate is split."""
    units = [m.start() for m in UNIT.finditer(text, start)]
    if len(units) <= MAX_MATCH_UNITS:
        return start
    cut = units[-MAX_MATCH_UNITS]
    moved = True
    while moved:
        moved = False
        for begin, end in candidates:
            if begin < cut < end:
                cut, moved = begin, True
    return cut
