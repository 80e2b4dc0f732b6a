"""Appending events and publishing checkpoints; the database refuses edits of log rows."""

from __future__ import annotations

import json
import os
import stat

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from skillcert.core.errors import InvalidInput
from skillcert.core.jcs import jcs
from skillcert.core.models import ChangeLogEntry, ImmutableRowError
from skillcert.transparency import dbguard, keys, merkle, selectors, services, storage
from skillcert.transparency.events import LogEvent, certificate_subject, encode_leaf, leaf_document
from skillcert.transparency.models import Checkpoint, LeafCommitment, LogLeaf, LogNode
from skillcert.transparency.notes import open_checkpoint
from tests.factories import issued, sha

pytestmark = pytest.mark.django_db
REFUSED = "append-only|permission denied"
SUBJECT = certificate_subject("k3m9x2p7q4r8s1t5v6w0k3m9x2p7q4r8")  # how format 2 names a certificate


def test_append_event_returns_the_leaf_with_its_hash_over_the_canonical_data():
    leaf = services.append_event(
        kind="certificate.issued",
        subject_type="certificate",
        subject_id=SUBJECT,
        payload={"credential_sha256": sha("credential"), "facts_sha256": sha("facts")},
    )
    assert leaf.index == 0
    data = selectors.leaf_data(LogLeaf.objects.get(index=0))
    assert data.startswith(b'{"appended_at":"') and b'"kind":"certificate.issued"' in data
    assert data.endswith(b',"v":2}') and data == jcs(json.loads(data))  # format 2: the JCS bytes
    assert leaf.leaf_hash == merkle.leaf_hash(data).hex()
    assert selectors.current_size() == 1


def test_bulk_append_numbers_in_order_and_stores_every_completed_subtree():
    leaves = services.append_events(events=issued(37))
    assert [leaf.index for leaf in leaves] == list(range(37))
    tree = merkle.MemoryTree([bytes.fromhex(leaf.leaf_hash) for leaf in leaves])
    stored = {(n.level, n.index): n.hash for n in LogNode.objects.all()}
    expected = {(lvl, i): h.hex() for lvl, row in enumerate(tree.levels) if lvl for i, h in enumerate(row)}
    assert stored == expected
    services.append_events(events=issued(5, prefix="d"))
    assert selectors.current_size() == 42
    assert storage.tree_root(37) == tree.root()


def test_proofs_from_the_database_match_the_in_memory_tree():
    leaves = services.append_events(events=issued(21))
    tree = merkle.MemoryTree([bytes.fromhex(leaf.leaf_hash) for leaf in leaves])
    for size in (1, 8, 13, 21):
        assert storage.tree_root(size) == tree.root(size)
        for index in (0, size // 2, size - 1):
            assert storage.inclusion_proof(index, size) == merkle.inclusion_proof(tree.node, index, size)
        for first in (1, size // 3 or 1, size):
            assert storage.consistency_proof(first, size) == merkle.consistency_proof(tree.node, first, size)


def test_appends_join_the_callers_transaction():
    services.append_events(events=issued(3))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.append_events(events=issued(2, prefix="x"))
        raise RuntimeError("the issuing transaction failed")
    assert selectors.current_size() == 3
    assert LogLeaf.objects.count() == 3


@pytest.mark.parametrize(
    ("kind", "subject_type", "subject_id", "payload", "field"),
    [
        ("certificate.deleted", "certificate", "abc", {}, "kind"),
        ("certificate.issued", "institution", "abc", {"credential_sha256": sha("x")}, "subject_type"),
        ("certificate.revoked", "certificate", "ABC DEF", {}, "subject_id"),
        ("certificate.revoked", "certificate", "51010119900307123x", {}, "subject_id"),
        ("certificate.issued", "certificate", "abc", {}, "payload"),
        ("certificate.issued", "certificate", "abc", {"credential_sha256": sha("x")}, "payload"),
        ("certificate.suspended", "certificate", "abc", {"status": "suspended"}, "payload"),
        ("certificate.revoked", "certificate", "abc", {"holder_name": "张三"}, "payload"),
        ("certificate.revoked", "certificate", "abc", {"reason_code": "51010119900307123"}, "payload"),
        ("certificate.revoked", "certificate", "abc", {"related_id": "id-510101199003071234"}, "payload"),
        ("certificate.revoked", "certificate", "abc", {"reason_code": "holder asked, see phone 138"}, "payload"),
        ("certificate.issued", "certificate", "abc", {"credential_sha256": "ABCDEF"}, "payload"),
        ("certificate.issued", "certificate", "abc", {"credential_sha256": 12}, "payload"),
        ("key.rotated", "signing_key", "key-20260101-1a2b3c4d", {}, "payload"),
        # A certificate's public id (or anything that could open it) is no longer a log subject.
        ("certificate.revoked", "certificate", "k3m9x2p7q4r8s1t5v6w0", {"status": "revoked"}, "subject_id"),
        ("certificate.issued", "certificate", "k3m9x2p7q4r8s1t5v6w0", {"credential_sha256": sha("x")}, "subject_id"),
        ("credential.replaced", "certificate", SUBJECT, {"credential_sha256": sha("x")}, "payload"),
    ],
)
def test_events_that_could_carry_personal_data_or_nonsense_are_refused(kind, subject_type, subject_id, payload, field):
    with pytest.raises(InvalidInput) as caught:
        services.append_event(kind=kind, subject_type=subject_type, subject_id=subject_id, payload=payload)
    assert field in caught.value.fields
    assert selectors.current_size() == 0


def test_a_refused_event_in_a_batch_appends_nothing():
    events = [*issued(3), LogEvent("certificate.revoked", "certificate", "abc", {"free_text": "x"})]
    with pytest.raises(InvalidInput):
        services.append_events(events=events)
    assert LogLeaf.objects.count() == 0


def test_refusals_are_explained_in_chinese_by_default():
    with pytest.raises(InvalidInput) as caught:
        services.append_event(
            kind="certificate.revoked", subject_type="certificate", subject_id="a", payload={"x": "1"}
        )
    assert "透明日志" in str(caught.value.as_dict()["message"])
    assert any("不允许" in message for message in caught.value.as_dict()["fields"]["payload"])


def test_every_kind_of_event_is_accepted_with_its_allowed_fields():
    facts = sha("facts")
    events = [
        LogEvent(
            "certificate.suspended",
            "certificate",
            SUBJECT,
            {"reason_code": "under_investigation", "status": "suspended", "facts_sha256": facts},
        ),
        LogEvent("certificate.reinstated", "certificate", SUBJECT, {"status": "valid", "facts_sha256": facts}),
        LogEvent(
            "certificate.revoked",
            "certificate",
            SUBJECT,
            {"reason_code": "superseded", "related_id": "c2", "status": "revoked", "facts_sha256": facts},
        ),
        LogEvent(
            "credential.replaced", "certificate", SUBJECT, {"credential_sha256": sha("new"), "facts_sha256": facts}
        ),
        LogEvent("institution.changed", "institution", "i1", {"record_sha256": sha("record"), "status": "suspended"}),
        LogEvent(
            "key.rotated",
            "signing_key",
            "key-20260701-0a1b2c3d",
            {"previous_key_id": "key-20260101-1a2b3c4d", "public_key_multibase": "z6Mk" + "a" * 44},
        ),
    ]
    assert len(services.append_events(events=events)) == 6


def test_published_checkpoint_is_a_signed_note_over_the_current_root():
    leaves = services.append_events(events=issued(5))
    checkpoint = services.publish_checkpoint()
    body = open_checkpoint(checkpoint.note, keys.verifier(), origin=keys.origin())
    assert body.size == 5 == checkpoint.tree_size
    assert body.root_hash == merkle.MemoryTree([bytes.fromhex(x.leaf_hash) for x in leaves]).root()
    assert checkpoint.note.startswith(f"{keys.origin()}\n5\n")
    assert services.publish_checkpoint() == checkpoint  # same size: the same checkpoint, not a second one
    assert ChangeLogEntry.objects.filter(action="transparency.checkpoint.publish", object_id="5").count() == 1


def test_checkpoints_are_published_only_when_the_tree_grew_and_one_is_due():
    first = services.publish_checkpoint()
    services.append_events(events=issued(2))
    assert services.publish_checkpoint_if_due() is None  # the latest is younger than the interval
    later = services.publish_checkpoint_if_due(interval=services.CHECKPOINT_INTERVAL * 0)
    assert later is not None and later.tree_size == 2 and first.tree_size == 0
    assert services.publish_checkpoint_if_due(interval=services.CHECKPOINT_INTERVAL * 0) is None  # no growth


def test_the_minute_job_signs_a_grown_tree():
    from skillcert.transparency.tasks import publish_checkpoint_when_grown

    services.publish_checkpoint()
    services.append_events(events=issued(1))
    with time_machine.travel(timezone.now() + services.CHECKPOINT_INTERVAL, tick=False):
        publish_checkpoint_when_grown.call_local()
    assert Checkpoint.objects.order_by("-tree_size").first().tree_size == 1


def test_a_second_worker_in_the_same_interval_signs_nothing():
    from skillcert.transparency.tasks import publish_checkpoint_when_grown

    services.publish_checkpoint()
    services.append_events(events=issued(1))
    with time_machine.travel(timezone.now() + services.CHECKPOINT_INTERVAL, tick=False):
        publish_checkpoint_when_grown.call_local()  # the first worker signs size 1
        services.append_events(events=issued(1))
        publish_checkpoint_when_grown.call_local()  # the second, moments later: the latest is too young
    assert list(Checkpoint.objects.values_list("tree_size", flat=True).order_by("tree_size")) == [0, 1]


def test_reading_the_latest_checkpoint_never_signs_a_grown_tree():
    services.publish_checkpoint()
    services.append_events(events=issued(3))
    with time_machine.travel(timezone.now() + services.CHECKPOINT_INTERVAL * 10, tick=False):
        assert selectors.latest_checkpoint().tree_size == 0
    assert Checkpoint.objects.count() == 1


def test_the_note_key_is_created_once_and_private(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    first = keys.verifier().encode()
    assert stat.S_IMODE(keys.key_path().stat().st_mode) == 0o600
    assert keys.verifier().encode() == first
    assert first.startswith("127.0.0.1:8000/log+")


def test_a_note_key_readable_by_others_is_refused(settings, tmp_path):
    from skillcert.transparency.checks import note_key_check

    settings.DATA_DIR = tmp_path
    keys.private_key()
    os.chmod(keys.key_path(), 0o644)
    with pytest.raises(keys.NoteKeyError, match="readable by others"):
        keys.private_key()
    assert [error.id for error in note_key_check()] == ["transparency.E001"]


def test_origin_follows_the_public_url(settings):
    settings.PUBLIC_URL = "https://zs.example.cn/registry"
    assert keys.origin() == "zs.example.cn/registry/log"


def test_log_rows_refuse_changes_through_the_orm():
    leaf = services.append_events(events=issued(2))[0]
    stored = LogLeaf.objects.get(index=leaf.index)
    stored.subject_id = "forged"
    with pytest.raises(ImmutableRowError):
        stored.save()
    with pytest.raises(ImmutableRowError):
        stored.delete()
    with pytest.raises(ImmutableRowError):
        services.publish_checkpoint().delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE transparency_logleaf SET subject_id = 'forged' WHERE subject_id <> ''",
        "DELETE FROM transparency_logleaf",
        "UPDATE transparency_lognode SET hash = 'forged'",
        "DELETE FROM transparency_lognode",
        "UPDATE transparency_checkpoint SET root_hash = 'forged'",
        "DELETE FROM transparency_checkpoint",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes_of_log_rows(sql):
    services.append_events(events=issued(2))
    services.publish_checkpoint()
    # The application role (PostgreSQL CI run) is refused by its privileges, any other client by the triggers.
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert LogLeaf.objects.count() == 2 and LogNode.objects.count() == 1 and Checkpoint.objects.count() == 1
    assert not LogLeaf.objects.filter(subject_id="forged").exists()


def test_the_database_refuses_emptying_the_leaf_table_at_once():
    services.append_events(events=issued(1))
    # PostgreSQL empties a table with TRUNCATE (no row triggers fire); SQLite's form is an unqualified DELETE.
    sql = "TRUNCATE transparency_logleaf" if connection.vendor == "postgresql" else "DELETE FROM transparency_logleaf"
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert LogLeaf.objects.count() == 1


@pytest.mark.parametrize(
    ("sql", "refusal"),
    [
        ("UPDATE transparency_logleaf SET subject_id = 'forged'", "append-only"),
        ("DELETE FROM transparency_leafcommitment", "append-only"),
        ("UPDATE transparency_leafcommitment SET salt = 'forged'", "append-only"),
        ("DELETE FROM transparency_loghead", "only moves forward"),
        ("UPDATE transparency_loghead SET size = 0", "only moves forward"),
    ],
)
def test_the_triggers_refuse_even_the_tables_owner(sql, refusal, holder, institution, operator):
    from skillcert.transparency import dbroles
    from tests.factories import issue_certificates
    from tests.factories.transparency import as_owner

    issue_certificates(1, holder, institution, operator)
    owner_role = dbroles.owner_credentials() is not None and connection.vendor == "postgresql"
    with pytest.raises(DatabaseError, match=refusal), transaction.atomic():
        if owner_role:
            as_owner(sql)
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql)
    assert LeafCommitment.objects.count() == 1 and services.current_size() == LogLeaf.objects.count()


def test_triggers_are_installed_and_the_migration_matches_dbguard():
    import importlib

    migrations = [
        importlib.import_module(f"skillcert.transparency.migrations.{name}")
        for name in ("0002_append_only_triggers", "0003_leaf_commitments_and_head_guard")
    ]
    assert dbguard.is_installed(connection)
    for vendor in ("sqlite", "postgresql"):
        for install in (True, False):
            expected = dbguard.statements(vendor, install=install)
            written = [sql for migration in migrations for sql in migration._statements(vendor, install)]
            assert set(expected) <= set(written), (vendor, install)


def test_leaf_data_binds_index_and_time():
    leaf = services.append_events(events=issued(1))[0]
    event = LogEvent(leaf.kind, leaf.subject_type, leaf.subject_id, leaf.payload)
    moved = encode_leaf(leaf_document(index=1, event=event, appended_at=leaf.appended_at))
    assert merkle.leaf_hash(moved).hex() != leaf.leaf_hash
