"""Database triggers that refuse UPDATE and DELETE on the log tables (SQLite and PostgreSQL).

The SQL is spelled out here (not imported) so that this migration keeps doing
what it did when it was written; ``skillcert.transparency.dbguard`` holds the
same statements for ``flush``, and a test checks that both agree.
"""

from django.db import migrations

TABLES = ("transparency_logleaf", "transparency_lognode", "transparency_checkpoint")
MESSAGE = "transparency log rows are append-only"
PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION transparency_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE} (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'raise_exception'; END $$"
)


def _statements(vendor, install):
    sql = []
    if vendor == "sqlite":
        for table in TABLES:
            for op in ("UPDATE", "DELETE"):
                name = f"{table}_no_{op.lower()}"
                sql.append(
                    f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {op} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
                    if install
                    else f"DROP TRIGGER IF EXISTS {name}"
                )
    elif vendor == "postgresql":
        if install:
            sql.append(PG_FUNCTION)
        for table in TABLES:
            sql.append(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            sql.append(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            if install:
                sql.append(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION transparency_refuse_change()"
                )
                sql.append(
                    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION transparency_refuse_change()"
                )
        if not install:
            sql.append("DROP FUNCTION IF EXISTS transparency_refuse_change()")
    return sql


def install(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, True):
        schema_editor.execute(statement, params=None)  # no parameters: the % in the PL/pgSQL message stay as written


def uninstall(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, False):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("transparency", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
