"""Extract-and-link stage: curated records read, quotes anchored, references checked.

The graph stage thus only ever sees consistent input.

All problems are collected and reported together (file, record, what is wrong), because a
curator fixing one error per build would never finish.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from albakg.curation.anchor import Anchor, AnchorError, anchor_quote
from albakg.curation.exclusions import EXCLUSIONS_FILE, ExclusionsFile, load_exclusions
from albakg.curation.keys import work_key
from albakg.curation.records import (
    Claim,
    ClaimsFile,
    DocumentRecord,
    EntitiesFile,
    Entity,
    Quote,
    RecordError,
    Relation,
    RelationsFile,
    Work,
    WorksFile,
    load_model,
    read_verified_wikidata,
)
from albakg.text.document import Document, TextError, read_document

#: Predicates whose chains may never return to where they started (containment).
ACYCLIC_PREDICATES = ("part_of", "located_in")

OPTIONAL_FILES = ("entities.yaml", "works.yaml", "relations.yaml", "claims.yaml")


class CorpusError(ValueError):
    """Curated data is inconsistent; ``problems`` lists every finding."""

    def __init__(self, problems: list[str], note: str | None = None) -> None:
        self.problems = problems
        self.note = note
        super().__init__(
            f"{len(problems)} problem(s) in the curated data:\n- "
            + "\n- ".join(problems)
            + (f"\n{note}" if note else "")
        )


@dataclass(frozen=True)
class Anchored:
    """A record with its evidence located in the raw text."""

    record: BaseModel
    evidence: tuple[Anchor, ...]
    file: Path


@dataclass
class DocumentBundle:
    """One source document, read and segmented, with its anchored records."""

    record: DocumentRecord
    doc: Document
    folder: Path
    entities: list[Anchored] = field(default_factory=list)
    works: list[Anchored] = field(default_factory=list)
    relations: list[Anchored] = field(default_factory=list)
    claims: list[Anchored] = field(default_factory=list)
    publication_evidence: tuple[Anchor, ...] = ()
    exclusions: ExclusionsFile = field(default_factory=ExclusionsFile)

    def work_id(self, work: Work, entities: Mapping[str, Entity]) -> str:
        if work.document:
            return work.document
        names = [entities[a].citation_name or "" for a in work.authors]
        return work_key(names, work.year)


@dataclass
class Corpus:
    """Everything the graph stage needs, already checked."""

    documents: list[DocumentBundle]
    entities: dict[str, Entity]
    entity_doc: dict[str, str]
    verified_qids: frozenset[str]

    def bundle(self, doc_id: str) -> DocumentBundle:
        """The document with id ``doc_id``; an unknown id is a curation error naming the known."""
        for b in self.documents:
            if b.doc.id == doc_id:
                return b
        known = ", ".join(b.doc.id for b in self.documents)
        raise CorpusError([f"no document {doc_id!r} in the corpus (documents: {known})"])

    def own_entities(self, bundle: DocumentBundle) -> tuple[str, ...]:
        """Ids of the entities defined in ``bundle``'s folder, sorted."""
        return tuple(
            sorted(e for e, path in self.entity_doc.items() if Path(path).parent == bundle.folder)
        )


#: When at least this share of a document's quotes (and ``_TRUNCATED_MIN`` of them) is not
#: found, the source itself is wrong: one message says so instead of one per quote.
_TRUNCATED_SHARE = 0.5
_TRUNCATED_MIN = 5


@dataclass
class _Quotes:
    """Tally of one document's quotes, to tell many wrong quotes from one wrong source."""

    total: int = 0
    missing: int = 0


def _anchor_all(
    doc: Document, quotes: Iterable[Quote], where: str, problems: list[str], tally: _Quotes
) -> tuple[Anchor, ...]:
    anchors: list[Anchor] = []
    for q in quotes:
        tally.total += 1
        try:
            anchors.append(anchor_quote(doc, q.quote, q.occurrence))
        except AnchorError as exc:
            if str(exc).startswith("quote not found"):
                tally.missing += 1
            problems.append(f"{where}: {exc}")
    return tuple(sorted(set(anchors)))


def _source_path(folder: Path, source: str) -> Path | None:
    """The source file named in ``document.yaml``, or None when it lies outside ``folder``."""
    path = folder / source
    if Path(source).is_absolute() or ".." in Path(source).parts:
        return None
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return None
    return path


def _load_document(folder: Path, problems: list[str], failed: list[Path]) -> DocumentBundle | None:
    """Read one document folder; files that do not load are added to ``failed``."""
    try:
        record = load_model(folder / "document.yaml", DocumentRecord)
    except RecordError as exc:
        problems.append(str(exc))
        failed.append(folder / "document.yaml")
        return None
    source = _source_path(folder, record.source)
    if source is None:
        problems.append(
            f"{folder / 'document.yaml'}: field 'source': {record.source!r} is outside the "
            "document folder; put the source text next to document.yaml and name the file"
        )
        failed.append(folder / "document.yaml")
        return None
    try:
        doc = read_document(record.id, source)
    except TextError as exc:
        problems.append(str(exc))
        failed.append(source)
        return None
    if record.id != folder.name:
        problems.append(
            f"{folder / 'document.yaml'}: id {record.id!r} differs from its folder name"
        )
    bundle = DocumentBundle(record=record, doc=doc, folder=folder)
    mark = len(problems)
    tally = _Quotes()
    if record.published_not_before:
        bundle.publication_evidence = _anchor_all(
            doc,
            record.published_not_before.evidence,
            f"{folder / 'document.yaml'}: published_not_before",
            problems,
            tally,
        )
    try:
        bundle.exclusions = load_exclusions(folder / EXCLUSIONS_FILE)
    except RecordError as exc:
        problems.append(str(exc))
        failed.append(folder / EXCLUSIONS_FILE)
    specs: list[tuple[str, type[BaseModel], str, list[Anchored]]] = [
        ("entities.yaml", EntitiesFile, "entities", bundle.entities),
        ("works.yaml", WorksFile, "works", bundle.works),
        ("relations.yaml", RelationsFile, "relations", bundle.relations),
        ("claims.yaml", ClaimsFile, "claims", bundle.claims),
    ]
    for name, model, key, target in specs:
        path = folder / name
        if not path.exists():
            continue
        try:
            parsed = load_model(path, model, key)
        except RecordError as exc:
            problems.append(str(exc))
            failed.append(path)
            continue
        for idx, rec in enumerate(getattr(parsed, key)):
            rid = getattr(rec, "id", None) or f"{key}[{idx}]"
            where = f"{path}: record {rid!r}"
            evidence = _anchor_all(doc, rec.evidence, where, problems, tally)
            target.append(Anchored(rec, evidence, path))
    if tally.missing >= _TRUNCATED_MIN and tally.missing >= _TRUNCATED_SHARE * tally.total:
        del problems[mark:]
        problems.append(
            f"{source}: {tally.missing} of {tally.total} quotes are not found in the source "
            f"text ({len(doc.raw):,} characters); the source looks truncated or replaced: "
            "restore the article's full text before fixing any quote"
        )
        failed.append(source)
    return bundle


class _Checker:
    """Cross-reference checks; each method covers one kind of record."""

    def __init__(self, corpus: Corpus, problems: list[str]) -> None:
        self.corpus = corpus
        self.ents = corpus.entities
        self.problems = problems

    def need(self, ref: str | None, where: str, what: str, types: set[str] | None = None) -> None:
        if ref is None:
            return
        if ref not in self.ents:
            self.problems.append(f"{where}: {what} {ref!r} is not a known entity id")
        elif types and self.ents[ref].type not in types:
            self.problems.append(
                f"{where}: {what} {ref!r} is a {self.ents[ref].type}, "
                f"expected one of {sorted(types)}"
            )

    def unique(self, seen: set[str], rid: str, where: str, kind: str) -> None:
        if rid in seen:
            self.problems.append(f"{where}: duplicate {kind} id")
        seen.add(rid)

    def entities(self) -> None:
        for e in self.ents.values():
            where = f"entity {e.id!r} ({self.corpus.entity_doc[e.id]})"
            self.need(e.place, where, "place", {"Place"})
            if e.wikidata and e.wikidata not in self.corpus.verified_qids:
                self.problems.append(
                    f"{where}: Wikidata item {e.wikidata} is not in data/links/wikidata.tsv "
                    "(only verified items may be linked)"
                )
            if len(set(e.aliases)) != len(e.aliases):
                self.problems.append(f"{where}: duplicate aliases")

    def works(self, b: DocumentBundle) -> set[str]:
        work_ids: set[str] = set()
        for item in b.works:
            w = item.record
            assert isinstance(w, Work)
            where = f"{item.file}: work {w.authors or w.document} {w.year}"
            if bool(w.authors) == bool(w.document):
                self.problems.append(f"{where}: give either 'authors' or 'document', not both")
                continue
            for a in w.authors:
                self.need(a, where, "author")
                if a in self.ents and not self.ents[a].citation_name:
                    self.problems.append(f"{where}: author {a!r} has no citation_name")
            self.need(w.document, where, "document", {"NormativeInstrument"})
            known = all(a in self.ents for a in w.authors)
            if known and (w.document is None or w.document in self.ents):
                wid = b.work_id(w, self.ents)
                if wid in work_ids:
                    self.problems.append(f"{where}: work {wid!r} is listed twice")
                work_ids.add(wid)
        return work_ids

    def relations(self, b: DocumentBundle) -> set[str]:
        rel_ids: set[str] = set()
        for item in b.relations:
            r = item.record
            assert isinstance(r, Relation)
            where = f"{item.file}: record {r.id!r}"
            self.unique(rel_ids, r.id, where, "relation")
            self.need(r.subject, where, "subject")
            self.need(r.object, where, "object")
            self.need(r.to, where, "to")
            self.need(r.place, where, "place", {"Place"})
            if r.subject == r.object:
                self.problems.append(f"{where}: subject and object are the same")
        return rel_ids

    def claims(self, b: DocumentBundle, work_ids: set[str], rel_ids: set[str]) -> None:
        claim_ids = {c.record.id for c in b.claims if isinstance(c.record, Claim)}
        seen: set[str] = set()
        for item in b.claims:
            c = item.record
            assert isinstance(c, Claim)
            where = f"{item.file}: record {c.id!r}"
            self.unique(seen, c.id, where, "claim")
            for who in c.claimant:
                self.need(who, where, "claimant")
            for a in c.about:
                self.need(a, where, "about")
            for cited in c.cites:
                if cited not in work_ids:
                    self.problems.append(
                        f"{where}: cites {cited!r}, which is not a work in works.yaml"
                    )
            for ref in (*c.supports, *c.contradicts):
                if ref not in claim_ids:
                    self.problems.append(f"{where}: {ref!r} is not a claim id of this document")
                if ref == c.id:
                    self.problems.append(f"{where}: a claim cannot support or contradict itself")
            for ref in sorted(set(c.supports) & set(c.contradicts)):
                self.problems.append(
                    f"{where}: both supports and contradicts {ref!r}; keep the one the text says"
                )
            for ref in (*c.discourse, *c.practice):
                if ref not in rel_ids:
                    self.problems.append(f"{where}: {ref!r} is not a relation id of this document")
            if c.kind == "contradiction" and not (c.discourse and c.practice):
                self.problems.append(f"{where}: a contradiction needs 'discourse' and 'practice'")

    def cycles(self) -> None:
        """Containment that comes back to its start, and claims that support each other."""
        files: dict[str, Path] = {}
        for predicate in ACYCLIC_PREDICATES:
            edges: dict[str, list[tuple[str, str]]] = {}
            for b in self.corpus.documents:
                for item in b.relations:
                    r = item.record
                    assert isinstance(r, Relation)
                    if r.predicate == predicate:
                        edges.setdefault(r.subject, []).append((r.object, r.id))
                        files[r.id] = item.file
            self._report_cycles(edges, f"'{predicate}' relations", files)
        for b in self.corpus.documents:
            support: dict[str, list[tuple[str, str]]] = {}
            for item in b.claims:
                c = item.record
                assert isinstance(c, Claim)
                support[c.id] = [(ref, c.id) for ref in c.supports]
                files[c.id] = item.file
            self._report_cycles(support, "claims supporting each other", files)

    def _report_cycles(
        self, edges: dict[str, list[tuple[str, str]]], what: str, files: Mapping[str, Path]
    ) -> None:
        """One problem per cycle, named by its records in order, each cycle reported once."""
        reported: set[frozenset[str]] = set()
        for start in sorted(edges):
            stack: list[tuple[str, tuple[str, ...]]] = [(start, ())]
            visited: set[str] = set()
            while stack:
                node, via = stack.pop()
                for nxt, rid in sorted(edges.get(node, ())):
                    path = (*via, rid)
                    if nxt == start and len(path) == 1:
                        continue  # a record naming itself is reported where it is checked
                    if nxt == start:
                        key = frozenset(path)
                        if key not in reported:
                            reported.add(key)
                            chain = " -> ".join(repr(r) for r in path)
                            self.problems.append(
                                f"{files[path[0]]}: {what} form a cycle: {chain}; "
                                "remove the record that reverses the direction"
                            )
                    elif nxt not in visited:
                        visited.add(nxt)
                        stack.append((nxt, path))

    def run(self) -> None:
        self.entities()
        for b in self.corpus.documents:
            self.need(b.record.author, f"{b.folder / 'document.yaml'}", "author", {"Person"})
            self.claims(b, self.works(b), self.relations(b))
        self.cycles()


def _check_data_dir(data_dir: Path) -> Path:
    """The ``documents`` folder of ``data_dir``, or a message saying what ``data_dir`` is."""
    if not data_dir.exists():
        raise CorpusError([f"{data_dir}: no such folder; --source takes the curated data folder"])
    if not data_dir.is_dir():
        raise CorpusError(
            [f"{data_dir}: is a file, not a folder; --source takes the curated data folder"]
        )
    if (data_dir / "document.yaml").exists():
        raise CorpusError(
            [
                f"{data_dir}: is one document's folder; --source takes the curated data folder "
                f"that holds documents/ (here probably {data_dir.parent.parent})"
            ]
        )
    docs_dir = data_dir / "documents"
    if not docs_dir.is_dir():
        raise CorpusError(
            [f"{data_dir}: has no documents/ folder; --source takes the curated data folder"]
        )
    return docs_dir


def load_corpus(data_dir: Path) -> Corpus:
    """Load every document folder under ``data_dir/documents`` and check the whole.

    Cross-references are checked only when every file loaded: a file that did not load is
    one problem, not one more for every reference into it.
    """
    problems: list[str] = []
    failed: list[Path] = []
    docs_dir = _check_data_dir(data_dir)
    folders = sorted(p for p in docs_dir.iterdir() if (p / "document.yaml").exists())
    if not folders:
        raise CorpusError([f"{docs_dir}: no document folders (each needs a document.yaml)"])
    try:
        qids = read_verified_wikidata(data_dir / "links" / "wikidata.tsv")
    except (OSError, RecordError) as exc:
        problems.append(str(exc))
        failed.append(data_dir / "links" / "wikidata.tsv")
        qids = frozenset()
    bundles = [b for f in folders if (b := _load_document(f, problems, failed)) is not None]
    entities: dict[str, Entity] = {}
    entity_doc: dict[str, str] = {}
    for b in bundles:
        for item in b.entities:
            e = item.record
            assert isinstance(e, Entity)
            if e.id in entities:
                problems.append(
                    f"{item.file}: entity {e.id!r} is already defined in "
                    f"{entity_doc[e.id]}; define each entity once"
                )
                continue
            entities[e.id] = e
            entity_doc[e.id] = str(item.file)
    corpus = Corpus(bundles, entities, entity_doc, qids)
    if failed:
        names = ", ".join(str(p) for p in failed)
        raise CorpusError(
            problems,
            f"Cross-references were not checked: fix what stops {names} from loading first.",
        )
    _Checker(corpus, problems).run()
    if problems:
        raise CorpusError(problems)
    return corpus
