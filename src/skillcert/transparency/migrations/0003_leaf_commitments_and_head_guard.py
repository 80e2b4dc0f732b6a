"""Leaf commitments (the private half of ``facts_sha256``) and the database guard on them and on the head.

The SQL is spelled out here (not imported) so that this migration keeps doing
what it did when it was written; ``skillcert.transparency.dbguard`` holds the
same statements for ``flush``, and a test checks that both agree.
"""

from django.db import migrations, models

COMMITMENTS = "transparency_leafcommitment"
HEAD = "transparency_loghead"
MESSAGE = "transparency log rows are append-only"
HEAD_MESSAGE = "the transparency log head only moves forward"
HEAD_REFUSED = "NEW.size <= OLD.size OR NEW.id <> OLD.id"
PG_HEAD_FUNCTION = (
    "CREATE OR REPLACE FUNCTION transparency_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN IF TG_OP = 'DELETE' OR {HEAD_REFUSED} THEN "
    f"RAISE EXCEPTION '{HEAD_MESSAGE} (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'raise_exception'; "
    "END IF; RETURN NEW; END $$"
)


def _sqlite(install):
    if not install:
        return [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for table in (COMMITMENTS, HEAD) for op in ("update", "delete")]
    return [
        f"CREATE TRIGGER IF NOT EXISTS {COMMITMENTS}_no_update BEFORE UPDATE ON {COMMITMENTS} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER IF NOT EXISTS {COMMITMENTS}_no_delete BEFORE DELETE ON {COMMITMENTS} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER IF NOT EXISTS {HEAD}_no_update BEFORE UPDATE ON {HEAD} "
        f"WHEN {HEAD_REFUSED} BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END",
        f"CREATE TRIGGER IF NOT EXISTS {HEAD}_no_delete BEFORE DELETE ON {HEAD} "
        f"BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END",
    ]


def _postgres(install):
    sql = [PG_HEAD_FUNCTION] if install else []
    for table, function in ((COMMITMENTS, "transparency_refuse_change"), (HEAD, "transparency_head_forward_only")):
        sql.append(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        sql.append(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        if install:
            sql.append(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
            sql.append(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION transparency_refuse_change()"
            )
    if not install:
        sql.append("DROP FUNCTION IF EXISTS transparency_head_forward_only()")
    return sql


def _statements(vendor, install):
    return {"sqlite": _sqlite, "postgresql": _postgres}.get(vendor, lambda install: [])(install)


def install(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, True):
        schema_editor.execute(statement, params=None)  # no parameters: the % in the PL/pgSQL message stay as written


def uninstall(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, False):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("transparency", "0002_append_only_triggers")]

    operations = [
        migrations.CreateModel(
            name="LeafCommitment",
            fields=[
                ("leaf_index", models.PositiveBigIntegerField(primary_key=True, serialize=False, verbose_name="entry")),
                ("salt", models.CharField(max_length=64, verbose_name="salt")),
                ("fact_digests", models.JSONField(default=dict, verbose_name="fact digests")),
            ],
            options={
                "verbose_name": "entry commitment",
                "verbose_name_plural": "entry commitments",
                "ordering": ["leaf_index"],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
