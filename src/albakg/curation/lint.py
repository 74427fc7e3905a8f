"""Lint of the curated records: evidence that does not prove its record, and canonical YAML.

The build only checks that a quote exists in the text. A careful reader also asks whether
the quote, read alone, shows what the record states: that it names at least one end of a
relation, that it is more than a bare citation or a name, and that it is not a fragment cut
where the printed page happened to break a line. Findings a curator has weighed and accepted
are listed, each with its reason, in ``lint-exceptions.yaml`` beside the records; an
exception that no longer matches any finding is itself reported, so the file cannot rot.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from albakg.curation.anchor import Anchor, anchor_quote
from albakg.curation.corpus import Anchored, DocumentBundle
from albakg.curation.records import (
    Claim,
    Entity,
    Labels,
    Quote,
    RecordError,
    Relation,
    Text,
    Work,
    read_yaml,
)
from albakg.text.document import Document

EXCEPTIONS_FILE = "lint-exceptions.yaml"

#: The checks, in report order, each with the sentence a curator reads.
CHECKS: dict[str, str] = {
    "unnamed-ends": "no quote names the relation's subject or object (by any label or alias)",
    "bare-citation": "the quote is only a bibliographic citation",
    "bare-name": "the quote is only a name",
    "short-quote": "the quote is too short to show anything by itself",
    "line-cut": "the quote starts or ends where a printed line breaks, inside a phrase",
    "stale-exception": "the exception matches no finding",
}

CheckName = Literal[
    "unnamed-ends", "bare-citation", "bare-name", "short-quote", "line-cut", "stale-exception"
]

#: Fewer words than this and a relation or claim quote cannot carry a statement alone.
MIN_WORDS = 4

_CITATION = re.compile(
    r"^\(?\s*(?:[A-ZÁÉÍÓÚÑ][\w'’.-]*(?:\s+(?:y|and|e|&|et al\.|[A-ZÁÉÍÓÚÑ][\w'’.-]*))*,?\s+"
    r"\d{4}[a-z]?|ibídem|ibid\.?|op\. cit\.)(?:\s*[:,]\s*[\d\s,;–-]+)?\s*\)?\.?$"
)
_QUOTE_MARKS = "“”\"«»‘’'"
_LEADING_WORDS = re.compile(r"^(?:el|la|los|las|lo|del|al|de|the|o|os|a|as)\s+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.?!:;…)\]”»]\s*$")
_OPENERS = {"“": "”", "«": "»", "(": ")", "¿": "?", "¡": "!"}


@dataclass(frozen=True, order=True)
class Finding:
    """One lint finding: which record, which check, which quote (when the check is per quote)."""

    file: str
    record: str
    check: str
    quote: str | None = None

    def line(self) -> str:
        quote = f": {self.quote!r}" if self.quote is not None else ""
        return f"{self.file}: record {self.record!r}: {self.check} ({CHECKS[self.check]}){quote}"


class LintException(BaseModel):
    """A finding the curators accept, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    record: Annotated[str, Field(min_length=1)]
    check: CheckName
    quote: Annotated[str, Field(min_length=1)] | None = None
    reason: Annotated[str, Field(min_length=1)]


class LintExceptionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    exceptions: list[LintException] = []


@dataclass(frozen=True)
class LintReport:
    """Findings left unexplained (including stale exceptions) and those an exception explains."""

    unexplained: tuple[Finding, ...]
    explained: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.unexplained


def surface_forms(entity: Entity) -> frozenset[str]:
    """Every way the records say the text may name ``entity``."""
    forms = {entity.label.es, entity.label.en, *entity.aliases}
    if entity.label.pt:
        forms.add(entity.label.pt)
    if entity.citation_name:
        forms.add(entity.citation_name)
    return frozenset(f for f in forms if f.strip())


def _names(text: str, form: str) -> bool:
    """Whether ``form`` occurs in ``text`` as whole words (case-insensitive)."""
    pattern = r"(?<!\w)" + re.escape(form.casefold()) + r"(?!\w)"
    return re.search(pattern, text.casefold()) is not None


def _bare(text: str) -> str:
    core = text.strip().strip(_QUOTE_MARKS).strip(" ,.;:")
    return _LEADING_WORDS.sub("", core).strip(_QUOTE_MARKS)


def is_citation(quote: str) -> bool:
    """A quote that only points to a source, e.g. ``(Legler, 2012: 863)``."""
    return _CITATION.match(quote.strip()) is not None


def is_name(quote: str, forms: Iterable[str]) -> bool:
    """A quote that, quotation marks and a leading article aside, is one of ``forms``."""
    core = _bare(quote).casefold()
    return any(core == _bare(f).casefold() for f in forms)


_ENUMERATOR = re.compile(r"(?<![\w(:])\d{1,2}\)(?=\s+\w)")


def _unbalanced(text: str) -> bool:
    """An opening mark without its closing one; list numbering such as ``3)`` aside."""
    text = _ENUMERATOR.sub("", text)
    return any(text.count(o) != text.count(c) for o, c in _OPENERS.items())


def is_line_cut(raw: str, anchor: Anchor) -> bool:
    """The quote begins or ends at a layout line break with its phrase still open.

    A quote may well end at the end of a printed line; it is cut when the line break falls
    inside the phrase (the text goes on without a sentence end) and the quote leaves a
    quotation mark, bracket or question open, the mark of a title copied line by line.
    """
    if not _unbalanced(anchor.normalized):
        return False
    after = raw[anchor.end :]
    ends_at_break = re.match(r"[ \t]*\n[ \t]*\S", after) is not None
    before = raw[: anchor.start]
    starts_at_break = re.search(r"\S[ \t]*\n[ \t]*$", before) is not None
    cut_end = ends_at_break and not _SENTENCE_END.search(anchor.normalized)
    cut_start = starts_at_break and not _SENTENCE_END.search(before.rstrip())
    return cut_end or cut_start


def _record_id(rec: BaseModel, fallback: str) -> str:
    rid = getattr(rec, "id", None) or getattr(rec, "document", None)
    return str(rid) if rid else fallback


def _quote_findings(
    item: Anchored, name: str, rid: str, forms: frozenset[str], doc: Document
) -> Iterator[Finding]:
    is_statement = isinstance(item.record, Relation | Claim)
    quotes: list[Quote] = getattr(item.record, "evidence", [])
    for q in quotes:
        text = q.quote
        if is_statement and is_citation(text):
            yield Finding(name, rid, "bare-citation", text)
        elif is_statement and is_name(text, forms):
            yield Finding(name, rid, "bare-name", text)
        elif is_statement and len(text.split()) < MIN_WORDS:
            yield Finding(name, rid, "short-quote", text)
        if is_line_cut(doc.raw, anchor_quote(doc, text, q.occurrence)):
            yield Finding(name, rid, "line-cut", text)


def findings_of(bundle: DocumentBundle, entities: dict[str, Entity]) -> list[Finding]:
    """Every finding over one document's records, before exceptions apply."""
    all_forms = frozenset(f for e in entities.values() for f in surface_forms(e))
    text = bundle.doc.text
    out: list[Finding] = []
    groups: list[tuple[str, list[Anchored]]] = [
        ("entities.yaml", bundle.entities),
        ("works.yaml", bundle.works),
        ("relations.yaml", bundle.relations),
        ("claims.yaml", bundle.claims),
    ]
    for name, items in groups:
        for idx, item in enumerate(items):
            rid = _record_id(item.record, f"{name.split('.')[0]}[{idx}]")
            out.extend(_quote_findings(item, name, rid, all_forms, bundle.doc))
            rec = item.record
            if isinstance(rec, Relation):
                ends = [entities[e] for e in (rec.subject, rec.object) if e in entities]
                # An end the text never names (a discourse phase, say) cannot be quoted by
                # name; the quotes must then name the other end, if the text names that.
                forms = [f for e in ends for f in surface_forms(e) if _names(text, f)]
                quotes = [q.quote for q in rec.evidence]
                if forms and not any(_names(q, f) for q in quotes for f in forms):
                    out.append(Finding(name, rid, "unnamed-ends"))
    return sorted(out)


def read_exceptions(path: Path) -> list[LintException]:
    """The accepted findings of a document (none when the file does not exist)."""
    if not path.exists():
        return []
    raw = read_yaml(path)
    try:
        return LintExceptionsFile.model_validate(raw if raw is not None else {}).exceptions
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = ".".join(str(x) for x in err["loc"])
            msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
            lines.append(f"{loc}: {msg}")
        raise RecordError(f"{path}:\n  " + "\n  ".join(lines)) from exc


def _matches(exc: LintException, f: Finding) -> bool:
    return exc.record == f.record and exc.check == f.check and exc.quote == f.quote


def lint_document(bundle: DocumentBundle, entities: dict[str, Entity]) -> LintReport:
    """Findings of one document, split by whether ``lint-exceptions.yaml`` explains them."""
    found = findings_of(bundle, entities)
    exceptions = read_exceptions(bundle.folder / EXCEPTIONS_FILE)
    explained = [f for f in found if any(_matches(e, f) for e in exceptions)]
    unexplained = [f for f in found if f not in explained]
    for e in exceptions:
        if not any(_matches(e, f) for f in found):
            unexplained.append(Finding(EXCEPTIONS_FILE, e.record, "stale-exception", e.quote))
    return LintReport(tuple(sorted(unexplained)), tuple(explained))


# ------------------------------------------------------------------ canonical YAML

#: Record files --fix rewrites, with the list key and the model giving the key order.
CANONICAL_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "entities.yaml": ("entities", Entity),
    "works.yaml": ("works", Work),
    "relations.yaml": ("relations", Relation),
    "claims.yaml": ("claims", Claim),
    EXCEPTIONS_FILE: ("exceptions", LintException),
}

_NESTED_ORDER: dict[str, tuple[str, ...]] = {
    "label": tuple(Labels.model_fields),
    "description": tuple(Text.model_fields),
    "note": tuple(Text.model_fields),
    "text": tuple(Text.model_fields),
    "status": tuple(Text.model_fields),
    "role": tuple(Text.model_fields),
}
_QUOTE_ORDER = tuple(Quote.model_fields)


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.width = 4096  # one line per value: no folding, no trailing spaces, diff-friendly
    y.indent(mapping=2, sequence=2, offset=0)
    y.allow_unicode = True
    y.preserve_quotes = False
    # No anchors and aliases: every record reads complete by itself.
    y.representer.ignore_aliases = lambda *_: True
    return y


def _reorder(node: CommentedMap, order: Iterable[str]) -> None:
    """Put the keys of ``node`` in ``order`` (unknown keys last, as found); comments stay."""
    wanted = [k for k in order if k in node]
    rest = [k for k in node if k not in wanted]
    for key in [*wanted, *rest]:
        node.move_to_end(key)


def _canonical_node(node: Any, key: str | None = None) -> None:
    if isinstance(node, CommentedMap):
        node.fa.set_block_style()
        if key in _NESTED_ORDER:
            _reorder(node, _NESTED_ORDER[key])
        elif key == "evidence":
            _reorder(node, _QUOTE_ORDER)
        for k, v in node.items():
            _canonical_node(v, str(k))
    elif isinstance(node, CommentedSeq):
        node.fa.set_block_style()
        for v in node:
            _canonical_node(v, key)


def canonical_text(text: str, list_key: str, model: type[BaseModel]) -> str:
    """``text`` (one record file) in the canonical form: schema key order, block style.

    Raises ``YAMLError`` (ruamel's) when ``text`` is not YAML; ``fix_folder`` names the file.
    """
    y = _yaml()
    data = y.load(text)
    if isinstance(data, CommentedMap) and isinstance(data.get(list_key), CommentedSeq):
        for rec in data[list_key]:
            if isinstance(rec, CommentedMap):
                _reorder(rec, model.model_fields)
    _canonical_node(data)
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def fix_folder(folder: Path) -> list[Path]:
    """Rewrite the record files of ``folder`` in canonical form; the files that changed."""
    changed: list[Path] = []
    for name, (list_key, model) in CANONICAL_FILES.items():
        path = folder / name
        if not path.exists():
            continue
        before = path.read_text(encoding="utf-8")
        try:
            after = canonical_text(before, list_key, model)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            pos = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise RecordError(f"{path}: not valid YAML{pos}: {problem}") from exc
        if after != before:
            path.write_text(after, encoding="utf-8")
            changed.append(path)
    return changed
