"""Leaf formats 1 and 2 in one log: old entries read and audit exactly as written, new ones in JCS, tampering caught."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from skillcert.core.jcs import jcs
from skillcert.transparency import audit, keys, merkle, selectors, services
from skillcert.transparency.events import certificate_subject
from skillcert.transparency.models import LogLeaf
from tests.certificates.oldway import as_before_the_migration, the_old_way
from tests.factories import IssueSpecFactory, forge

pytestmark = pytest.mark.django_db


def issue(holder, institution, operator, count):
    from skillcert.certificates import services as certificates

    spec = IssueSpecFactory(holder=holder, institution=institution)
    return certificates.issue_certificates(specs=[spec] * count, actor=operator)


@pytest.fixture
def mixed_log(holder, institution, operator):
    """Two certificates logged in format 1 (before the change), then two in format 2; one checkpoint each time."""
    with the_old_way():
        old = issue(holder, institution, operator, 2)
    as_before_the_migration()
    services.publish_checkpoint()
    new = issue(holder, institution, operator, 2)
    services.publish_checkpoint()
    return old, new


def findings(source=None):
    auditor = audit.Auditor(source or audit.DatabaseSource(), pinned_key=keys.verifier())
    auditor.run()
    return auditor


def failed(auditor):
    return [f.line() for f in auditor.findings if f.status == audit.FAILED]


def leaf_of(subject_id):
    return LogLeaf.objects.get(kind="certificate.issued", subject_id=subject_id)


def test_both_formats_audit_clean_together(mixed_log):
    auditor = findings()
    assert failed(auditor) == [] and auditor.exit_code() == 0
    note = next(f.message for f in auditor.findings if f.check == "formats")
    assert "2 in format 1" in note and "in format 2" in note
    assert "certificates: 4 records match their log entries" in "\n".join(f.message for f in auditor.findings)


def test_the_public_api_serves_each_entry_in_its_own_format(mixed_log):
    old, new = mixed_log
    entries = Client().get("/api/v1/log/entries", {"start": 0, "end": 1000}).json()["entries"]
    by_subject = {entry["subject_id"]: entry for entry in entries}
    first = by_subject[old[0].public_id]
    assert first["v"] == 1 and json.loads(first["data"])["v"] == 1
    assert first["data"] == json.dumps(json.loads(first["data"]), sort_keys=True, separators=(",", ":"))
    second = by_subject[certificate_subject(new[0].address_key)]
    assert second["v"] == 2 and second["data"].encode() == jcs(json.loads(second["data"]))
    assert new[0].public_id not in json.dumps(entries)  # format 2 never names the public id
    auditor = findings(audit.HttpSource("http://testserver", fetch=fetch))
    assert failed(auditor) == [] and auditor.exit_code() == 0


def fetch(url: str) -> bytes:
    response = Client().get(url.replace("http://testserver", ""))
    if response.status_code != 200:
        raise audit.SourceError(f"HTTP {response.status_code}")
    return response.content


def test_an_edited_format_2_entry_is_caught(mixed_log):
    _old, new = mixed_log
    leaf = leaf_of(certificate_subject(new[1].address_key))
    forge(
        'UPDATE transparency_logleaf SET payload = %s WHERE "index" = %s',
        params=[json.dumps({**leaf.payload, "credential_sha256": "0" * 64}), leaf.index],
    )
    lines = failed(findings())
    assert any(f"entry {leaf.index}: the stored leaf hash does not match" in line for line in lines)
    assert any("differs from the signed root" in line for line in lines)


def test_a_format_2_entry_relabelled_as_format_1_is_caught(mixed_log):
    _old, new = mixed_log
    leaf = leaf_of(certificate_subject(new[0].address_key))
    forge('UPDATE transparency_logleaf SET version = 1 WHERE "index" = %s', params=[leaf.index])
    lines = failed(findings())
    assert any(f"entry {leaf.index}: the stored leaf hash does not match" in line for line in lines)


def test_a_format_2_entry_naming_a_public_id_breaks_the_rules_even_with_a_matching_hash(mixed_log):
    _old, new = mixed_log
    leaf = leaf_of(certificate_subject(new[0].address_key))
    leaf.subject_id = new[0].public_id  # what would make the log list an address again
    forged_hash = merkle.leaf_hash(selectors.leaf_data(leaf)).hex()
    forge(
        'UPDATE transparency_logleaf SET subject_id = %s, leaf_hash = %s WHERE "index" = %s',
        params=[new[0].public_id, forged_hash, leaf.index],
    )
    lines = failed(findings())
    assert any(
        f"entry {leaf.index}: the leaf breaks the log's rules" in line and "subject_id" in line for line in lines
    )
    assert any("differs from the signed root" in line for line in lines)


def test_an_institution_entry_digests_the_jcs_form_of_the_record(institution):
    """Institutions keep their public ids (organisations, not people); their record digest is JCS too."""
    from skillcert.core.jcs import jcs_sha256
    from skillcert.core.models import ChangeLogEntry

    leaf = LogLeaf.objects.filter(kind="institution.changed").order_by("-index").first()
    record = ChangeLogEntry.objects.filter(object_id=institution.public_id).order_by("-id").first()
    assert leaf.version == 2 and leaf.subject_id == institution.public_id
    assert leaf.payload["record_sha256"] == jcs_sha256(record.after)
