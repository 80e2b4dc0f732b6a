"""Cross-check with an independent verifier: Digital Bazaar's @digitalbazaar/vc (eddsa-rdfc-2022) on Node.

``node/verify.mjs`` runs offline with a static document loader: the contexts
shipped in ``src/skillcert/credentials/contexts`` and the DID document passed in.
``make test`` installs its pinned packages (``make node-deps``); run directly,
the fixture below installs them with ``npm ci`` when they are missing.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from skillcert.credentials import selectors, services
from skillcert.credentials.models import StatusList
from tests.factories.credentials import make_facts

NODE_DIR = Path(__file__).resolve().parent / "node"


@pytest.fixture(scope="module")
def node() -> str:
    """The node executable, with the verifier's pinned packages installed."""
    executable = shutil.which("node")
    assert executable, "Node.js is missing: run `make node-deps` (installs Debian's nodejs and npm as root)"
    if not (NODE_DIR / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        npm = shutil.which("npm")
        assert npm, "npm is missing: run `make node-deps`"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR, check=True, capture_output=True)
    return executable


def write(tmp_path: Path, name: str, document: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def verify(node: str, tmp_path: Path, credential: dict[str, Any], *lists: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Run the Node verifier; return its exit code and its JSON report."""
    did_document = json.loads(Client().get("/.well-known/did.json").content)
    args = [write(tmp_path, "credential.json", credential), write(tmp_path, "did.json", did_document)]
    args += [write(tmp_path, f"list-{n}.json", lst) for n, lst in enumerate(lists)]
    done = subprocess.run([node, str(NODE_DIR / "verify.mjs"), *args], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip(), done.stderr
    return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])


def published_lists() -> list[dict[str, Any]]:
    client = Client()
    urls = [selectors.status_list_url(lst.purpose, lst.list_id) for lst in StatusList.objects.all()]
    return [json.loads(client.get(url.removeprefix("http://127.0.0.1:8000")).content) for url in urls]


@pytest.fixture
def issued(signing_key: Any) -> dict[str, Any]:
    entries = services.allocate_status_entries(subject_id="node-cert")
    return services.issue_credential(make_facts(status_entries=tuple(entries)))


@pytest.mark.django_db
def test_node_verifier_accepts_an_issued_credential(node, tmp_path, issued):
    code, report = verify(node, tmp_path, issued)
    assert (code, report["verified"], report["errors"]) == (0, True, [])


@pytest.mark.django_db
def test_node_verifier_rejects_a_tampered_credential(node, tmp_path, issued):
    tampered = copy.deepcopy(issued)
    tampered["credentialSubject"]["licenseNumber"] = "S000051000001264999999"
    code, report = verify(node, tmp_path, tampered)
    assert (code, report["verified"]) == (1, False)
    assert "Invalid signature." in report["errors"]


@pytest.mark.django_db
def test_node_verifier_reads_the_signed_status_lists(node, tmp_path, issued):
    code, report = verify(node, tmp_path, issued, *published_lists())
    assert code == 0 and report["status"]["results"] == [
        {"purpose": "revocation", "set": False},
        {"purpose": "suspension", "set": False},
    ]
    services.set_status(subject_id="node-cert", purpose="revocation", value=True)
    code, report = verify(node, tmp_path, issued, *published_lists())
    assert (code, report["verified"], report["status"]["error"]) == (1, False, "credential status is revocation")


@pytest.mark.django_db
def test_node_verifier_accepts_a_credential_signed_before_a_key_rotation(node, tmp_path, issued):
    services.rotate_signing_key(note="cross-check")
    code, report = verify(node, tmp_path, issued)
    assert (code, report["verified"]) == (0, True)
