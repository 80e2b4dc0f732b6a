"""Digests auditors can reproduce: JCS (RFC 8785) bytes and their SHA-256, checked by an independent implementation.

The npm package ``canonicalize`` (pinned in ``node/package-lock.json``) writes the JCS form
of the worked example in ``docs/trust.md`` and of a credential as the registry serves it; both
must give the bytes and the digest skillcert gives, and the served credential's digest must be
the ``credential_sha256`` of its log entry.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from skillcert.core.jcs import jcs
from tests.factories import CertificateFactory

NODE_DIR = Path(__file__).resolve().parent / "node"
TRUST_DOC = Path(__file__).resolve().parents[2] / "docs" / "trust.md"


def documented(part: str) -> str:
    """The fenced block after ``<!-- jcs-example:<part> -->`` in docs/trust.md."""
    text = TRUST_DOC.read_text(encoding="utf-8")
    found = re.search(rf"<!-- jcs-example:{part} -->\n```[a-z]*\n(.*?)\n```", text, re.DOTALL)
    assert found, f"docs/trust.md has no jcs-example:{part} block"
    return found.group(1)


@pytest.fixture(scope="module")
def node() -> str:
    """The node executable, with the pinned packages (canonicalize among them) installed."""
    executable = shutil.which("node")
    assert executable, "Node.js is missing: run `make node-deps` (installs Debian's nodejs and npm as root)"
    if not (NODE_DIR / "node_modules" / "canonicalize").is_dir():
        npm = shutil.which("npm")
        assert npm, "npm is missing: run `make node-deps`"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR, check=True, capture_output=True)
    return executable


def node_jcs(node: str, *paths: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        [node, str(NODE_DIR / "jcs.mjs"), *map(str, paths)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_worked_example_in_the_docs_is_right():
    example = json.loads(documented("input"))
    assert jcs(example) == documented("jcs").encode("utf-8")
    assert hashlib.sha256(jcs(example)).hexdigest() == documented("sha256").strip()
    # The trap the example shows: code-point order (Python's sort_keys) is not JCS.
    assert json.dumps(example, sort_keys=True, separators=(",", ":"), ensure_ascii=False) != documented("jcs")


def test_canonicalize_on_node_agrees_with_the_worked_example(node, tmp_path):
    source = tmp_path / "example.json"
    source.write_text(documented("input"), encoding="utf-8")
    (result,) = node_jcs(node, source)
    assert result["jcs"] == documented("jcs")
    assert result["sha256"] == documented("sha256").strip()


@pytest.mark.django_db
def test_canonicalize_on_node_reproduces_a_served_credentials_log_digest(node, tmp_path, holder, institution, operator):
    from skillcert.credentials.models import IssuedCredential
    from skillcert.transparency.events import certificate_subject

    certificate = CertificateFactory(holder=holder, institution=institution, actor=operator)
    served = Client().get(f"/credentials/{certificate.address_key}").content
    download = tmp_path / "credential.json"
    download.write_bytes(served)
    subject = certificate_subject(certificate.address_key)
    entries = Client().get("/api/v1/log/entries", {"start": 0, "end": 1000}).json()["entries"]
    logged = next(e for e in entries if e["kind"] == "certificate.issued" and e["subject_id"] == subject)
    (result,) = node_jcs(node, download)
    python = hashlib.sha256(jcs(json.loads(served))).hexdigest()
    stored = IssuedCredential.objects.get(subject_id=certificate.public_id).sha256
    assert result["jcs"].encode("utf-8") == served  # the file is already its JCS form
    assert result["sha256"] == result["file_sha256"] == python == stored == logged["payload"]["credential_sha256"]
