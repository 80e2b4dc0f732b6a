"""``skillcert log audit``: a consistent log passes; rows edited directly in the database are caught.

The audit's real subject and record checks stay registered: the logs audited from
the database are made of real certificates, so every check runs and must pass on
an untouched log. Tests that forge log rows go around the database guard as the
tables' owner would (``conftest.forge``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from skillcert.transparency import audit, keys, services
from skillcert.transparency.models import LogLeaf
from skillcert.transparency.notes import parse_verifier_key
from tests.factories import forge, issue_certificates, issued

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(holder, institution, operator):
    """40 entries of real records, checkpoints at 16, 33 and 40, a revocation among them.

    The first entries record the institution (its approval and scope); certificates fill the rest.
    """
    from skillcert.certificates.services import revoke_certificate

    issue_certificates(16 - LogLeaf.objects.count(), holder, institution, operator)
    services.publish_checkpoint()
    second = issue_certificates(16, holder, institution, operator)
    revoke_certificate(certificate=second[1], category="false_materials", reason="伪造材料", actor=operator)
    services.publish_checkpoint()
    issue_certificates(7, holder, institution, operator)
    return services.publish_checkpoint()


def run(source=None, **options):
    auditor = audit.Auditor(source or audit.DatabaseSource(), **options)
    auditor.run()
    return auditor


def failures(auditor):
    return [f.line() for f in auditor.findings if f.status == audit.FAILED]


def test_a_consistent_log_passes(log):
    auditor = run()
    assert failures(auditor) == [] and auditor.exit_code() == 0
    text = "\n".join(f.line() for f in auditor.findings)
    assert "3 checkpoints signed" in text and "40 of 40 entries replayed" in text
    assert "3 signed roots match" in text and "3 checkpoints proved consistent" in text


def test_an_edited_leaf_row_is_reported(log):
    forge("UPDATE transparency_logleaf SET subject_id = 'forged' WHERE \"index\" = 20")
    auditor = run()
    lines = failures(auditor)
    assert auditor.exit_code() == 1
    assert any("entry 20: the stored leaf hash does not match" in line for line in lines)
    assert any("size 33" in line and "differs from the signed root" in line for line in lines)
    assert not any("size 16" in line for line in lines)  # the history before the edit still checks out


def test_an_edited_leaf_with_a_matching_hash_still_breaks_the_signed_root(log):
    from skillcert.transparency import merkle, selectors

    leaf = LogLeaf.objects.get(index=5)
    leaf.payload = {**leaf.payload, "credential_sha256": "0" * 64}
    forged_hash = merkle.leaf_hash(selectors.leaf_data(leaf)).hex()
    forge(
        'UPDATE transparency_logleaf SET payload = %s, leaf_hash = %s WHERE "index" = 5',
        params=[json.dumps(leaf.payload), forged_hash],
    )
    lines = failures(run())
    assert not any("entry 5: the stored leaf hash" in line for line in lines)
    assert any("size 16" in line and "differs from the signed root" in line for line in lines)
    assert any("level 1 index 2 differs" in line for line in lines)


def test_a_deleted_leaf_is_reported(log):
    forge('DELETE FROM transparency_logleaf WHERE "index" = 30')
    lines = failures(run())
    assert any("entry 30 is missing" in line for line in lines)


def test_personal_data_smuggled_into_a_row_is_reported(log):
    forge(
        'UPDATE transparency_logleaf SET payload = \'{"holder_name": "张三", "credential_sha256": "'
        + "a" * 64
        + '"}\' WHERE "index" = 3'
    )
    lines = failures(run())
    assert any("entry 3: the leaf breaks the log's rules" in line and "holder_name" in line for line in lines)


def test_an_edited_subtree_hash_is_reported(log):
    forge('UPDATE transparency_lognode SET hash = %s WHERE level = 5 AND "index" = 0', params=["f" * 64])
    lines = failures(run())
    assert any("level 5 index 0 differs" in line for line in lines)
    assert any("consistency" in line and "33 → 40 fails" in line for line in lines)  # a proof uses the forged node


def test_an_edited_checkpoint_fails_its_signature(log):
    forge("UPDATE transparency_checkpoint SET note = replace(note, '\n33\n', '\n34\n')")
    lines = failures(run())
    assert any("signature" in line for line in lines)


def test_a_saved_checkpoint_from_a_rewritten_history_is_reported(log, tmp_path):
    saved = log.note
    forge(
        "DELETE FROM transparency_checkpoint",
        "DELETE FROM transparency_lognode",
        "DELETE FROM transparency_leafcommitment",
        "DELETE FROM transparency_logleaf",
        "UPDATE transparency_loghead SET size = 0",
    )
    services.append_events(events=issued(41, prefix="z"))  # a new history, longer than the old
    services.publish_checkpoint()
    lines = failures(run(saved_checkpoints=[("saved checkpoint", saved)]))
    assert any("saved checkpoint (size 40)" in line for line in lines)


def test_subject_checks_of_other_apps_are_run_and_reported(log, monkeypatch):
    seen = []

    def check_certificate(leaf):
        seen.append(leaf.subject_id)
        return "the credential hash differs from the stored credential" if leaf.index == 20 else None

    monkeypatch.setitem(audit.SUBJECT_CHECKS, "certificate.issued", check_certificate)
    monkeypatch.setitem(audit.SUBJECT_CHECKS, "certificate.revoked", lambda leaf: 1 / 0)
    auditor = run()
    assert len(seen) == LogLeaf.objects.filter(kind="certificate.issued").count() > 30
    assert any(
        "entry 20 (certificate.issued" in line and "credential hash differs" in line for line in failures(auditor)
    )
    assert any(f.status == audit.UNKNOWN and "entry 32" in f.message for f in auditor.findings)


def client_fetch(url: str) -> bytes:
    response = Client().get(url.replace("http://testserver", ""))
    if response.status_code != 200:
        raise audit.SourceError(f"HTTP {response.status_code}")
    return response.content


def test_the_public_api_audit_matches_the_database(log):
    auditor = run(audit.HttpSource("http://testserver", fetch=client_fetch), pinned_key=keys.verifier())
    assert failures(auditor) == [] and auditor.exit_code() == 0
    assert any("40 of 40 entries replayed" in f.message for f in auditor.findings)


def test_the_public_api_audit_catches_an_edited_row(log):
    forge("UPDATE transparency_logleaf SET subject_id = 'forged' WHERE \"index\" = 36")
    auditor = run(audit.HttpSource("http://testserver", fetch=client_fetch), pinned_key=keys.verifier())
    assert any("size 40" in line and "differs from the signed root" in line for line in failures(auditor))


def test_a_pinned_key_that_is_not_the_logs_fails_every_signature(log):
    other = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"  # the C2SP example key
    auditor = run(pinned_key=parse_verifier_key(other))
    assert auditor.exit_code() == 1
    assert any("not signed by example.com/foo" in line for line in failures(auditor))


def test_an_unreachable_log_is_unknown_not_a_crash():
    auditor = run(audit.HttpSource("http://127.0.0.1:9", fetch=None))
    assert auditor.exit_code() == 2
    assert all(f.status in (audit.UNKNOWN, audit.NOTE) for f in auditor.findings)


def test_the_cli_prints_findings_and_exits_non_zero_on_divergence(log, capsys, tmp_path):
    call_command("log", "audit", "--database", "--key", keys.verifier().encode())
    assert "the log is consistent" in capsys.readouterr().out
    checkpoint_file = Path(tmp_path / "seen.checkpoint")
    checkpoint_file.write_text(log.note, encoding="utf-8")
    forge("UPDATE transparency_logleaf SET subject_id = 'forged' WHERE \"index\" = 0")
    with pytest.raises(SystemExit) as exited:
        call_command("log", "audit", "--checkpoint", str(checkpoint_file))
    assert exited.value.code == 1
    out = capsys.readouterr().out
    assert "FAILED  leaf         entry 0: the stored leaf hash does not match" in out
    assert "divergences found" in out


def test_the_cli_publishes_a_checkpoint_and_shows_the_status(capsys):
    services.append_events(events=issued(3))
    call_command("log", "checkpoint")
    assert capsys.readouterr().out.startswith(f"{keys.origin()}\n3\n")
    call_command("log", "status")
    out = capsys.readouterr().out
    assert "entries       3" in out and keys.verifier().encode() in out


@pytest.mark.parametrize("answer", [b"not json", b"[1, 2]", b'{"checkpoints": [{"no_note": 1}]}', b'{"entries": [7]}'])
def test_a_server_answering_garbage_is_unknown_or_failed_never_a_crash(log, answer):
    def fetch(url: str) -> bytes:
        return answer if "/checkpoints" in url or "/entries" in url else client_fetch(url)

    auditor = run(audit.HttpSource("http://testserver", fetch=fetch), pinned_key=keys.verifier())
    assert auditor.exit_code() in (1, 2)
    assert any(f.status in (audit.UNKNOWN, audit.FAILED) for f in auditor.findings)


def test_a_log_longer_than_one_page_is_replayed_in_pages(log, monkeypatch):
    monkeypatch.setattr(audit, "PAGE_SIZE", 7)
    requested = []
    source = audit.DatabaseSource()
    entries = source.entries
    monkeypatch.setattr(source, "entries", lambda start, end: requested.append((start, end)) or entries(start, end))
    auditor = run(source, inclusion_sample=4)
    assert failures(auditor) == []
    assert requested == [(start, min(start + 7, 40)) for start in range(0, 40, 7)]
    assert any("40 of 40 entries replayed" in f.message for f in auditor.findings)
