"""The backup and restore drill of docs/deployment.md ("Backups"), on PostgreSQL: dump the
database with pg_dump, restore it into a new database, check that `accord audit verify`
finds the trail intact there and that every table holds the same number of rows."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from accord.audit.models import AuditEvent

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def row_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


def test_a_backup_restores_into_a_new_database_whose_trail_verifies(demo, tmp_path: Path):
    database = connection.settings_dict
    host, port, user = (
        database["HOST"] or "127.0.0.1",
        str(database["PORT"] or 5432),
        database["USER"],
    )
    server = ["-h", host, "-p", port, "-U", user]
    environment = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    dump = tmp_path / "accord.dump"
    restored = f"{database['NAME']}_restored"

    # The drill, as an operator runs it.
    subprocess.run(
        ["pg_dump", *server, "--format=custom", f"--file={dump}", database["NAME"]],
        check=True, env=environment,
    )  # fmt: skip
    subprocess.run(["dropdb", *server, "--if-exists", restored], check=True, env=environment)
    subprocess.run(["createdb", *server, restored], check=True, env=environment)
    try:
        subprocess.run(
            ["pg_restore", *server, "--no-owner", f"--dbname={restored}", str(dump)],
            check=True, env=environment,
        )  # fmt: skip
        verify = subprocess.run(
            [str(Path(sys.executable).parent / "accord"), "audit", "verify"],
            capture_output=True, text=True, check=False,
            env={**environment, "DATABASE_URL": f"postgres://{user}@{host}:{port}/{restored}"},
        )  # fmt: skip
        assert verify.returncode == 0, verify.stderr
        events = AuditEvent.objects.count()
        assert events > 100  # the demo's history
        assert f"audit chain intact: {events} events" in verify.stdout

        tables = connection.introspection.table_names()
        with connection.cursor() as cursor:
            before = row_counts(cursor, tables)
        with (
            psycopg.connect(
                host=host, port=port, user=user, dbname=restored, password=database["PASSWORD"]
            ) as copy,
            copy.cursor() as cursor,
        ):
            after = row_counts(cursor, tables)
            # The append-only rule came back with the tables.
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                cursor.execute("DELETE FROM audit_auditevent")
        assert after == before
    finally:
        subprocess.run(["dropdb", *server, "--if-exists", restored], check=True, env=environment)
