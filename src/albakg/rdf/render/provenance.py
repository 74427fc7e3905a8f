"""The dataset description (DCAT, VoID) and the build that produced it (PROV-O).

No clock time is written: the build is identified by the albakg version, so two builds of
the same input give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from albakg import __version__
from albakg.rdf.iris import ALBAKG, VOCAB_IRI, IriScheme
from albakg.rdf.vocab import CC, DCAT, VOID

CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
CREATOR = "albakg contributors"
RIGHTS_EN = (
    "Data and vocabulary: CC BY 4.0, albakg contributors. The texts of the source "
    "documents remain their authors' and publishers'; they are carried only as the "
    "sources every quote is checked against."
)
RIGHTS_ES = (
    "Datos y vocabulario: CC BY 4.0, albakg contributors. Los textos de los "
    "documentos fuente pertenecen a sus autores y editores; se incluyen solo "
    "como fuentes contra las cuales se verifica cada cita."
)


def render_dataset_description(
    g: Graph, iris: IriScheme, graphs: Iterable[URIRef], doc_ids: Iterable[str]
) -> None:
    """The dataset, its named ``graphs`` as subsets, its source documents and its build."""
    ds, build = iris.dataset(), iris.build(__version__)
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("Grafo de conocimiento albakg", lang="es")))
    g.add((ds, DCTERMS.title, Literal("albakg knowledge graph", lang="en")))
    g.add((ds, DCTERMS.creator, Literal(CREATOR)))
    g.add((ds, DCTERMS.license, CC_BY))
    g.add((ds, CC.license, CC_BY))
    g.add((ds, DCTERMS.rights, Literal(RIGHTS_EN, lang="en")))
    g.add((ds, DCTERMS.rights, Literal(RIGHTS_ES, lang="es")))
    g.add((ds, VOID.vocabulary, URIRef(VOCAB_IRI)))
    g.add((ds, PROV.wasGeneratedBy, build))
    for name in graphs:
        g.add((ds, VOID.subset, name))
    for doc_id in doc_ids:
        g.add((ds, DCTERMS.source, iris.document(doc_id)))
        g.add((build, PROV.used, iris.text(doc_id)))
    g.add((build, RDF.type, ALBAKG.Build))
    g.add((build, RDFS.label, Literal(f"construcción de albakg {__version__}", lang="es")))
    g.add((build, RDFS.label, Literal(f"albakg build {__version__}", lang="en")))
    g.add((build, PROV.used, URIRef(VOCAB_IRI)))
    g.add((build, PROV.generated, ds))
