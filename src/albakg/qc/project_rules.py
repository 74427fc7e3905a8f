"""The project's own rules: SPARQL SELECT queries in ``qc/rules/*.rq``, shipped in the wheel.

Any result is a violation. Each file starts with comment lines giving its ``id``,
``severity`` and ``description``, so that adding a rule needs no code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from albakg.qc.base import Finding, Grade, failed, passed, select_rows, term_text
from albakg.resources import resource_root

RULE_FAMILY = "RULE"


def rules_dir() -> Path:
    """``qc/rules`` at the top of the repository, or its copy inside the wheel."""
    return resource_root() / "qc" / "rules"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Grade
    description: str
    query: str
    path: Path


class RuleError(ValueError):
    """A rule file without its header, or with an unknown severity."""


def parse_rule(path: Path) -> Rule:
    """Read a rule file's header comments (``# key: value``) and its query."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("# ").partition(":")
        if sep:
            header[key.strip().lower()] = value.strip()
    missing = [k for k in ("id", "severity", "description") if not header.get(k)]
    if missing:
        raise RuleError(f"{path.name}: header lacks {', '.join(missing)}")
    try:
        severity = Grade[header["severity"].upper()]
    except KeyError as exc:
        raise RuleError(
            f"{path.name}: severity must be ERROR, WARN or INFO, not {header['severity']!r}"
        ) from exc
    return Rule(header["id"], severity, header["description"], text, path)


def sparql_rules(store: ox.Store, folder: Path | None = None) -> list[Finding]:
    """Run every ``*.rq`` rule over the union of the dataset's graphs."""
    folder = folder or rules_dir()
    files = sorted(folder.glob("*.rq"))
    if not files:
        return [
            failed(
                RULE_FAMILY,
                "rules",
                "Project rules found",
                Grade.ERROR,
                f"no *.rq rule in {folder}",
            )
        ]
    out = []
    for path in files:
        try:
            rule = parse_rule(path)
            rows = select_rows(store, rule.query)
        except (RuleError, SyntaxError, ValueError, OSError) as exc:
            out.append(failed(RULE_FAMILY, path.stem, "Rule could not run", Grade.ERROR, str(exc)))
            continue
        terms = [_row_term(row) for row in rows]
        if terms:
            out.append(
                failed(
                    RULE_FAMILY,
                    rule.id,
                    rule.description,
                    rule.severity,
                    f"{len(terms)} violation(s)",
                    terms,
                )
            )
        else:
            out.append(passed(RULE_FAMILY, rule.id, rule.description, "no violation"))
    return out


def _row_term(row: dict[str, object]) -> str:
    """The offending resource (``?term``, else the first variable) and any detail."""
    values = {k: term_text(v) for k, v in row.items() if v is not None}
    head = values.pop("term", None)
    if head is None and values:
        head = values.pop(next(iter(values)))
    detail = ", ".join(f"{k}={v}" for k, v in values.items())
    return f"{head} ({detail})" if detail else str(head)
