"""Persistent IRIs: the w3id.org rules, run by Debian's apache2 on loopback, and served files."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef

from albakg import __version__
from albakg.build.pipeline import BuildResult
from albakg.publish.dataset import write_description
from albakg.publish.metadata import Metadata, load_metadata
from albakg.publish.w3id import HTACCESS, PLACEHOLDER_TARGET, W3ID_DIR, render_htaccess, served_file
from albakg.rdf.vocab import VOID

ROOT = Path(__file__).resolve().parent.parent
APACHE = shutil.which("apache2") or (
    "/usr/sbin/apache2" if Path("/usr/sbin/apache2").exists() else None
)
MODULES = Path("/usr/lib/apache2/modules")
TARGET = "http://albakg-host.test/"


@pytest.fixture(scope="module")
def meta() -> Metadata:
    return load_metadata()


def test_committed_rules_are_generated_from_the_record(meta: Metadata) -> None:
    committed = (ROOT / W3ID_DIR / HTACCESS).read_text(encoding="utf-8")
    assert committed == render_htaccess(meta), "stale w3id rules: run `albakg release --record`"
    if meta.record.redirect_target is None:
        assert PLACEHOLDER_TARGET in committed  # nothing points to a host no one configured


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def apache(meta: Metadata) -> Iterator[str]:
    if APACHE is None or not (MODULES / "mod_rewrite.so").exists():
        pytest.skip("apache2 with mod_rewrite is not installed (Debian: apt-get install apache2)")
    root = Path(tempfile.mkdtemp(prefix="albakg-apache-"))
    os.chmod(root, 0o755)
    docs = root / "htdocs" / "albakg"
    docs.mkdir(parents=True)
    (docs / HTACCESS).write_text(render_htaccess(meta, TARGET), encoding="utf-8")
    for p in (root / "htdocs", docs, docs / HTACCESS):
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    port = _free_port()
    user = "User nobody\nGroup nogroup\n" if os.geteuid() == 0 else ""
    conf = root / "httpd.conf"
    conf.write_text(
        f"""ServerRoot "{root}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{root}/httpd.pid"
ErrorLog "{root}/error.log"
LogLevel warn
{user}LoadModule mpm_event_module {MODULES}/mod_mpm_event.so
LoadModule authz_core_module {MODULES}/mod_authz_core.so
LoadModule rewrite_module {MODULES}/mod_rewrite.so
DocumentRoot "{root}/htdocs"
<Directory "{root}/htdocs">
    AllowOverride All
    Require all granted
</Directory>
""",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [APACHE, "-f", str(conf), "-DFOREGROUND"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if proc.poll() is not None:
                out = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"apache2 exited: {out}\n{(root / 'error.log').read_text()}")
            try:
                httpx.get(url + "/", timeout=0.5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


def _redirect(url: str, path: str, accept: str = "*/*") -> str:
    r = httpx.get(url + "/albakg/" + path, headers={"Accept": accept}, follow_redirects=False)
    assert r.status_code == 303, (path, accept, r.status_code, r.text[:300])
    return r.headers["location"]


REL = f"{TARGET}release/{__version__}/"


@pytest.mark.parametrize(
    ("path", "accept", "location"),
    [
        ("ontology", "text/turtle", REL + "ontology.ttl"),
        ("ontology", "application/rdf+xml", REL + "ontology.owl"),
        ("ontology", "application/ld+json", f"{TARGET}ontology/{__version__}"),
        ("ontology", "text/html,application/xhtml+xml", f"{TARGET}ontology/{__version__}"),
        (f"ontology/{__version__}", "text/turtle;q=1.0, */*;q=0.1", REL + "ontology.ttl"),
        (f"ontology/{__version__}", "application/rdf+xml", REL + "ontology.owl"),
        ("ontology/0.0.1", "text/turtle", f"{TARGET}ontology/0.0.1"),
        ("shapes", "text/turtle", REL + "shapes.ttl"),
        (f"release/{__version__}/albakg.nq", "*/*", REL + "albakg.nq"),
        ("id/hugo-chavez", "text/turtle", f"{TARGET}id/hugo-chavez"),
        ("sparql", "*/*", f"{TARGET}sparql"),
    ],
)
def test_w3id_rules_redirect_with_content_negotiation(
    apache: str, path: str, accept: str, location: str
) -> None:
    assert _redirect(apache, path, accept) == location


@pytest.fixture(scope="module")
def release_folder(
    mini_build: BuildResult, meta: Metadata, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    folder = tmp_path_factory.mktemp("served") / "rel"
    shutil.copytree(mini_build.out, folder)
    write_description(meta, folder)
    return folder


def test_every_data_dump_iri_redirects_to_a_file_the_host_serves(
    apache: str, release_folder: Path, meta: Metadata
) -> None:
    g = Graph().parse(release_folder / "dataset.ttl")
    dumps = [str(d) for d in g.objects(URIRef(meta.dataset_iri), VOID.dataDump)]
    assert dumps
    for dump in dumps:
        path = dump.removeprefix(meta.base)
        location = _redirect(apache, path)
        served = served_file(release_folder, meta.version, location.removeprefix(TARGET))
        assert served is not None and served.name == dump.rsplit("/", 1)[1]


def test_served_file_maps_versioned_iris_to_that_release(release_folder: Path) -> None:
    v = __version__
    assert served_file(release_folder, v, f"/ontology/{v}") == release_folder / "ontology.ttl"
    assert (
        served_file(release_folder, v, "/ontology", "application/rdf+xml;q=0.9")
        == release_folder / "ontology.owl"
    )
    assert served_file(release_folder, v, "/shapes") == release_folder / "shapes.ttl"
    assert served_file(release_folder, v, "/context.jsonld") == release_folder / "context.jsonld"
    assert served_file(release_folder, v, f"/release/{v}/albakg.trig") == (
        release_folder / "albakg.trig"
    )
    assert served_file(release_folder, v, "/ontology/0.0.1") is None
    assert served_file(release_folder, v, "/release/0.0.1/albakg.nq") is None
    assert served_file(release_folder, v, f"/release/{v}/../albakg.nq") is None
    assert served_file(release_folder, v, f"/release/{v}/.albakg-build") is None
    assert served_file(release_folder, v, "/id/hugo-chavez") is None
    ontology = Graph().parse(served_file(release_folder, v, f"/ontology/{v}"))
    assert len(ontology) > 100  # the whole vocabulary, not one triple
