"""Citation syntax: what stands between two brackets, read without knowing any entity.

``parse_parenthesis`` recognises authors and years, pages, ibídem, op. cit. and "citado en"
as the text writes them; deciding whether the names are authors at all is left to
``citation_names`` and the curation, so that the grammar can be tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

IBIDEM = "ibídem"
OP_CIT = "op. cit."

_YEAR = r"(?:\d{4}[a-z]?(?:\s*[-–]\s*\d{2,4}[a-z]?)?|s\.\s?f\.|n\.\s?d\.)"
_PAGES = r"\d+(?:\s*[-–]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*"
_PAGE_TAIL = rf"(?:\s*:\s*|\s*,\s*pp?\.\s*)(?P<pages>{_PAGES})"
_MONTHS = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
_DATE = r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+de\s+[a-záéíóú]+\s+de\s+\d{4}|\d{4}"

_PREFIX = re.compile(r"^(?:v[ée]ase|ver|cf\.|cfr\.|vid\.)\s+", re.IGNORECASE)
_IBIDEM = re.compile(rf"^(?:ib[ií]d(?:em)?\.?)(?:{_PAGE_TAIL})?$", re.IGNORECASE)
_OP_CIT = re.compile(rf"^(?:(?P<names>.+?),\s*)?op\.\s?cit\.?(?:{_PAGE_TAIL})?$", re.IGNORECASE)
_QUOTED_IN = re.compile(
    rf"^(?P<speaker>.+?),\s*citad[oa]s?\s+en\s+(?P<source>.+?),\s*(?P<date>{_DATE})"
    rf"(?:{_PAGE_TAIL})?$"
)
_AUTHOR_YEARS = re.compile(
    rf"^(?P<names>.+?),\s*(?P<years>{_YEAR}(?:\s*,\s*{_YEAR})*)(?:{_PAGE_TAIL})?$"
)
_YEARS_ONLY = re.compile(rf"^(?P<years>{_YEAR}(?:\s*,\s*{_YEAR})*)(?:{_PAGE_TAIL})?$")
_ONE_YEAR = re.compile(_YEAR)


@dataclass(frozen=True)
class Year:
    """One year of an item, with its span relative to the parenthesis content."""

    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Item:
    """One citation inside a parenthesis, before any name is resolved.

    ``kind`` is ``author-year``, ``year`` (authors given elsewhere), ``ibidem``, ``op-cit``
    or ``quoted-in``. Offsets are relative to the content between the brackets.
    """

    kind: str
    start: int
    end: int
    names: str | None = None
    years: tuple[Year, ...] = ()
    pages: str | None = None
    speaker: str | None = None
    source: str | None = None
    date: str | None = None


def _iso_date(text: str) -> str:
    """A day/month/year or "14 de octubre de 2014" date as ``YYYY-MM-DD`` (a year stays)."""
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    if m := re.fullmatch(r"(\d{1,2})\s+de\s+(\w+)\s+de\s+(\d{4})", text):
        month = _MONTHS.get(m[2].casefold())
        if month:
            return f"{m[3]}-{month:02d}-{int(m[1]):02d}"
        return m[3]
    return text


def _years(text: str, offset: int) -> tuple[Year, ...]:
    return tuple(
        Year(re.sub(r"\s+", "", m.group(0)), offset + m.start(), offset + m.end())
        for m in _ONE_YEAR.finditer(text)
    )


def _pages(m: re.Match[str]) -> str | None:
    """Pages as written, spacing tidied: ``22 - 23`` → ``22-23``, ``12,15`` → ``12, 15``."""
    pages = m.group("pages")
    if not pages:
        return None
    pages = re.sub(r"\s*([-–])\s*", r"\1", pages)
    return re.sub(r"\s*,\s*", ", ", pages)


def parse_item(text: str, offset: int = 0) -> Item | None:
    """Parse one citation (``Autor, 2014: 6``, ``ibídem: 3`` …); ``None`` if it is none."""
    stripped = text.strip()
    if not stripped:
        return None
    offset += len(text) - len(text.lstrip())
    prefix = _PREFIX.match(stripped)
    if prefix:
        offset += prefix.end()
        stripped = stripped[prefix.end() :]
    end = offset + len(stripped)
    if m := _IBIDEM.match(stripped):
        return Item("ibidem", offset, end, pages=_pages(m))
    if m := _OP_CIT.match(stripped):
        return Item("op-cit", offset, end, names=m.group("names"), pages=_pages(m))
    if m := _QUOTED_IN.match(stripped):
        date = _iso_date(m.group("date"))
        year = Year(date[:4], offset + m.start("date"), offset + m.end("date"))
        return Item(
            "quoted-in",
            offset,
            end,
            names=m.group("source"),
            years=(year,),
            pages=_pages(m),
            speaker=m.group("speaker"),
            source=m.group("source"),
            date=date,
        )
    if m := _YEARS_ONLY.match(stripped):
        years = _years(m.group("years"), offset + m.start("years"))
        return Item("year", offset, end, years=years, pages=_pages(m))
    if m := _AUTHOR_YEARS.match(stripped):
        names = m.group("names").strip()
        if not re.search(r"[^\W\d_]", names):
            return None
        years = _years(m.group("years"), offset + m.start("years"))
        return Item("author-year", offset, end, names=names, years=years, pages=_pages(m))
    return None


def parse_parenthesis(content: str) -> tuple[Item, ...] | None:
    """Parse the text between two brackets as citations separated by ``;``.

    Every part must parse, or the parenthesis is not a citation at all: "(ALBA)",
    "(cursivas del autor)" and "(como en Europa Occidental)" give ``None``.
    """
    items: list[Item] = []
    pos = 0
    for part in content.split(";"):
        item = parse_item(part, pos)
        if item is None:
            return None
        items.append(item)
        pos += len(part) + 1
    return tuple(items)
