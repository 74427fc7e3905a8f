"""``albakg lint``: each check on a small fixture, exceptions and stale ones, canonical YAML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from albakg.cli.app import app
from albakg.curation.anchor import Anchor
from albakg.curation.corpus import load_corpus
from albakg.curation.lint import (
    EXCEPTIONS_FILE,
    Finding,
    LintReport,
    canonical_text,
    fix_folder,
    is_citation,
    is_line_cut,
    is_name,
    lint_document,
)
from albakg.curation.records import RecordError, Relation, RelationsFile, load_model
from albakg.resources import data_dir

from .conftest import ARTICLE_ID, MINI_CORPUS

runner = CliRunner()
MEMBER_QUOTE = 'quote: "creado en 2004 por Venezuela y Cuba"'


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, target)
    return target


def doc_folder(root: Path) -> Path:
    return root / "documents" / "mini"


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer holds {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def lint(root: Path) -> LintReport:
    c = load_corpus(root)
    return lint_document(c.documents[0], c.entities)


def checks(report: LintReport) -> set[tuple[str, str]]:
    return {(f.record, f.check) for f in report.unexplained}


def test_the_mini_corpus_lints_clean(corpus: Path) -> None:
    report = lint(corpus)
    assert report.ok, [f.line() for f in report.unexplained]


def test_a_relation_whose_quotes_name_neither_end_is_found(corpus: Path) -> None:
    replace_in(
        doc_folder(corpus) / "relations.yaml",
        'quote: "rechaza el libre comercio"',
        'quote: "aunque Nicaragua firmó un"',
    )
    assert ("bap-contests-free-trade", "unnamed-ends") in checks(lint(corpus))


def test_an_end_named_by_an_alias_counts(corpus: Path) -> None:
    # "BAP" is an alias of the subject, not its label.
    replace_in(
        doc_folder(corpus) / "relations.yaml",
        'quote: "rechaza el libre comercio"',
        'quote: "El Bloque Andino de Prueba (BAP) es un esquema regional"',
    )
    assert ("bap-contests-free-trade", "unnamed-ends") not in checks(lint(corpus))


def test_a_quote_that_is_only_a_name_is_found(corpus: Path) -> None:
    replace_in(
        doc_folder(corpus) / "relations.yaml", MEMBER_QUOTE, 'quote: "El Bloque Andino de Prueba"'
    )
    found = checks(lint(corpus))
    assert ("venezuela-member-of-bap", "bare-name") in found
    assert ("venezuela-member-of-bap", "unnamed-ends") not in found


def test_a_quote_too_short_to_prove_anything_is_found(corpus: Path) -> None:
    replace_in(doc_folder(corpus) / "relations.yaml", MEMBER_QUOTE, 'quote: "en La Habana"')
    assert ("venezuela-member-of-bap", "short-quote") in checks(lint(corpus))


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("(Legler, 2012: 863)", True),
        ("(Börzel y Van Hüllen, 2015: 3)", True),
        ("(ibídem: 159)", True),
        ("(World Bank, 1992, 1997)", True),
        ("Según Gómez (2010: 12), el bloque nació como alternativa", False),
        ("la crisis argentina de 2001", False),
    ],
)
def test_bare_citations_are_told_from_statements(quote: str, expected: bool) -> None:
    assert is_citation(quote) is expected


def test_names_match_with_quotation_marks_and_a_leading_article() -> None:
    forms = ["Bloque Andino de Prueba", "BAP"]
    assert is_name("el “Bloque Andino de Prueba”", forms)
    assert not is_name("el Bloque Andino de Prueba rechaza el libre comercio", forms)


def anchor(raw: str, quote: str) -> Anchor:
    start = raw.index(quote)
    end = start + len(quote)
    return Anchor(start, end, raw[start:end], quote, "", "")


TITLE = "¿Gobernanza regional o soft balancing de “Estados\nrevolucionarios”?: El discurso\n"


def test_a_title_fragment_cut_at_a_line_break_is_found() -> None:
    assert is_line_cut(TITLE, anchor(TITLE, "¿Gobernanza regional o soft balancing de “Estados"))
    assert is_line_cut(TITLE, anchor(TITLE, "revolucionarios”?: El discurso"))


def test_a_quote_that_merely_ends_at_a_line_end_is_not_cut() -> None:
    raw = "el bloque nació como\nalternativa al ALCA (Gómez, 2010).\n"
    assert not is_line_cut(raw, anchor(raw, "el bloque nació como"))
    assert not is_line_cut(TITLE, anchor(TITLE, "regional o soft"))
    listing = "dimensiones: 3) los procesos políticos,\n4) el papel de los movimientos"
    assert not is_line_cut(listing, anchor(listing, "3) los procesos políticos,"))


def test_an_exception_explains_its_finding_and_a_stale_one_is_reported(corpus: Path) -> None:
    replace_in(doc_folder(corpus) / "relations.yaml", MEMBER_QUOTE, 'quote: "en La Habana"')
    exceptions = doc_folder(corpus) / EXCEPTIONS_FILE
    exceptions.write_text(
        "exceptions:\n"
        "- record: venezuela-member-of-bap\n  check: short-quote\n  quote: en La Habana\n"
        "  reason: Explained for the test.\n"
        "- record: venezuela-member-of-bap\n  check: unnamed-ends\n"
        "  reason: Explained for the test.\n"
        "- record: bap-contests-free-trade\n  check: bare-name\n  quote: rechaza\n"
        "  reason: Matches nothing.\n",
        encoding="utf-8",
    )
    report = lint(corpus)
    assert {(f.record, f.check) for f in report.explained} == {
        ("venezuela-member-of-bap", "short-quote"),
        ("venezuela-member-of-bap", "unnamed-ends"),
    }
    assert report.unexplained == (
        Finding(EXCEPTIONS_FILE, "bap-contests-free-trade", "stale-exception", "rechaza"),
    )


@pytest.mark.parametrize(
    "entry",
    [
        "- record: r\n  check: short-quote\n  reason: x\n  colour: red\n",
        "- record: r\n  check: no-such-check\n  reason: x\n",
        "- record: r\n  check: short-quote\n",
    ],
)
def test_the_exceptions_file_is_strict(corpus: Path, entry: str) -> None:
    path = doc_folder(corpus) / EXCEPTIONS_FILE
    path.write_text("exceptions:\n" + entry, encoding="utf-8")
    with pytest.raises(RecordError, match=EXCEPTIONS_FILE):
        lint(corpus)


def test_fix_rewrites_in_canonical_form_keeping_comments_and_content(corpus: Path) -> None:
    rel = doc_folder(corpus) / "relations.yaml"
    replace_in(rel, "relations:\n", "# kept comment\nrelations:\n")
    before = load_model(rel, RelationsFile, "relations")
    assert rel in fix_folder(doc_folder(corpus))
    text = rel.read_text(encoding="utf-8")
    assert "# kept comment" in text
    assert "{" not in text, "flow style left in the canonical form"
    assert load_model(rel, RelationsFile, "relations") == before
    # Keys follow the schema, whatever order the file had: 'start' before 'inferred'.
    first = text.split("\n- id: ")[1]
    assert first.index("start:") < first.index("inferred:") < first.index("evidence:")
    assert fix_folder(doc_folder(corpus)) == []


def test_canonical_form_expands_yaml_aliases() -> None:
    text = (
        "relations:\n"
        "- {id: a, subject: x, predicate: head_of, object: y, role: &r {es: p, en: p},"
        " inferred: false, evidence: [{quote: q}]}\n"
        "- {id: b, subject: x, predicate: head_of, object: z, role: *r,"
        " inferred: false, evidence: [{quote: q}]}\n"
    )
    out = canonical_text(text, "relations", Relation)
    assert "&" not in out and "*" not in out
    assert out.count("es: p") == 2


def test_the_curated_records_are_canonical_and_lint_clean(tmp_path: Path) -> None:
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    assert fix_folder(target / "documents" / ARTICLE_ID) == []
    assert lint(target).ok


def test_cli_exits_1_listing_findings_and_0_when_clean(corpus: Path) -> None:
    ok = runner.invoke(app, ["lint", "mini", "--source", str(corpus)])
    assert ok.exit_code == 0, ok.output
    replace_in(doc_folder(corpus) / "relations.yaml", MEMBER_QUOTE, 'quote: "en La Habana"')
    bad = runner.invoke(app, ["lint", "mini", "--source", str(corpus)])
    assert bad.exit_code == 1
    assert "venezuela-member-of-bap" in bad.output and "short-quote" in bad.output


def test_cli_reports_bad_yaml_without_a_traceback(corpus: Path) -> None:
    path = doc_folder(corpus) / EXCEPTIONS_FILE
    path.write_text("exceptions:\n- record: [unclosed\n", encoding="utf-8")
    for args in (["lint", "mini"], ["lint", "mini", "--fix"]):
        result = runner.invoke(app, [*args, "--source", str(corpus)])
        assert result.exit_code == 1
        assert EXCEPTIONS_FILE in result.output and "not valid YAML" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_names_an_unknown_document(corpus: Path) -> None:
    result = runner.invoke(app, ["lint", "nope", "--source", str(corpus)])
    assert result.exit_code == 1 and "no document 'nope'" in result.output
