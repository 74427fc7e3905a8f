"""Relations written as sentences, one template per predicate and language.

A property table says ``org:memberOf id:alba``; a reader wants "Venezuela is a member of
ALBA". ``{s}`` and ``{o}`` are the subject's and object's labels (already linked by the
caller); a predicate without a template falls back to its vocabulary label.
"""

from __future__ import annotations

from markupsafe import Markup, escape

SENTENCES: dict[str, tuple[str, str]] = {
    "memberOf": ("{s} es miembro de {o}", "{s} is a member of {o}"),
    "headOf": ("{s} encabeza {o}", "{s} heads {o}"),
    "succeeded": ("{s} sucedió a {o}", "{s} succeeded {o}"),
    "founded": ("{s} fundó {o}", "{s} founded {o}"),
    "seatIn": ("{s} tiene su sede en {o}", "{s} has its seat in {o}"),
    "proposed": ("{s} propuso {o}", "{s} proposed {o}"),
    "formulated": ("{s} formuló el concepto de {o}", "{s} formulated the concept of {o}"),
    "usesConcept": ("{s} recurre al concepto de {o}", "{s} uses the concept of {o}"),
    "expandedTo": ("{s} se amplió a {o}", "{s} expanded to {o}"),
    "hegemonIn": ("{s} es la potencia hegemónica en {o}", "{s} is the hegemonic power in {o}"),
    "approved": ("{s} aprobó {o}", "{s} approved {o}"),
    "promotes": ("{s} promueve {o}", "{s} promotes {o}"),
    "contests": ("{s} impugna {o}", "{s} contests {o}"),
    "codifies": ("{s} codifica {o}", "{s} codifies {o}"),
    "alternativeTo": (
        "{s} se presenta como alternativa a {o}",
        "{s} is put forward as an alternative to {o}",
    ),
    "opposes": ("{s} se opone a {o}", "{s} opposes {o}"),
    "participatedIn": ("{s} participó en {o}", "{s} took part in {o}"),
    "runs": ("{s} gestiona {o}", "{s} runs {o}"),
    "funds": ("{s} financia {o}", "{s} funds {o}"),
    "staffs": ("{s} aporta personal a {o}", "{s} staffs {o}"),
    "signed": ("{s} firmó {o}", "{s} signed {o}"),
    "partyTo": ("{s} es parte de {o}", "{s} is a party to {o}"),
    "alliedWith": ("{s} es aliado de {o}", "{s} is allied with {o}"),
    "influenced": ("{s} influyó en {o}", "{s} influenced {o}"),
    "locatedIn": ("{s} está en {o}", "{s} is located in {o}"),
    "partOf": ("{s} forma parte de {o}", "{s} is part of {o}"),
    "evolvedFrom": ("{s} surgió de {o}", "{s} evolved from {o}"),
    "overlapsWith": ("{s} se superpone con {o}", "{s} overlaps with {o}"),
    "phaseOf": ("{s} es una fase de {o}", "{s} is a phase of {o}"),
    "characterizedBy": ("{s} se caracteriza por {o}", "{s} is characterized by {o}"),
    "followedBy": ("a {s} le siguió {o}", "{s} was followed by {o}"),
    "cooperatesWith": ("{s} coopera con {o}", "{s} cooperates with {o}"),
    "criticizes": ("{s} critica {o}", "{s} criticizes {o}"),
    "excludedFrom": ("{s} quedó excluido de {o}", "{s} was excluded from {o}"),
    "publishedNotBefore": ("{s} se publicó no antes de {o}", "{s} was published not before {o}"),
}


def sentence(predicate: str, subject: Markup, obj: Markup, lang: str, fallback: str) -> Markup:
    """The relation as a sentence in ``lang``; the labels passed in are already safe markup."""
    local = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    pair = SENTENCES.get(local)
    if pair is None:
        return Markup("{s} — {p} — {o}").format(s=subject, p=escape(fallback), o=obj)
    template = pair[0] if lang == "es" else pair[1]
    head, _, rest = template.partition("{s}")
    middle, _, tail = rest.partition("{o}")
    return escape(head) + subject + escape(middle) + obj + escape(tail)


def when(date: str, start: str, end: str, lang: str) -> str:
    """Dates of a statement or entity, as the text gives them."""
    es = lang == "es"
    if start and end:
        return f"{start}–{end}"
    if start:
        return f"{'desde' if es else 'since'} {start}"
    if end:
        return f"{'hasta' if es else 'until'} {end}"
    if date:
        return f"{'en' if es else 'in'} {date}"
    return ""
