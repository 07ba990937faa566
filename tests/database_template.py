"""The test database, migrated once and copied into each test process.

pytest-django migrates a test database in every pytest-xdist worker: 112 migrations, about
40 CPU seconds each time, in every worker of every pass (two workers, two databases in CI).
Here the migrations run once into a template, and each worker starts from a copy of it:
on SQLite the template is a file copied into the worker's in-memory database with SQLite's
backup API; on PostgreSQL it is a database that the worker's is created from
(``CREATE DATABASE ... TEMPLATE``). A copy takes well under a second.

The template is named by a digest of what decides its contents (``template_key``): every
migration module Django loads (ours and the libraries'), our models (the content types and
permissions that ``migrate`` adds after the migrations) and Django's version. Change any of
those and the next run builds a new template, and removes the old ones; a run on an
unchanged checkout reuses the last. CI builds it afresh while lint runs
(``python -m tests.database_template --rebuild``, .ci/run), so the suite never reads a
template a developer left behind.

A worker that finds no template builds it, under a lock so that the workers of one run build
it once. The worker's own database is then what ``migrate`` would have left, and the rest
(tests/demo_snapshot.py's baseline, the tests) runs as before; tests/test_migrations.py
still migrates backwards and forwards for real.
"""

import fcntl
import hashlib
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import DatabaseError, connections

ROOT = Path(__file__).resolve().parents[1]
SQLITE_TEMPLATES = ROOT / "var" / "test-templates"


def template_key() -> str:
    """A digest of every file whose change could change what ``migrate`` leaves."""
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256(django.get_version().encode())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    files = {
        Path(sys.modules[migration.__module__].__file__ or "")
        for migration in loader.disk_migrations.values()
    }
    files.update((ROOT / "accord").rglob("*models.py"))
    for path in sorted(files):
        digest.update(str(path.relative_to(path.parents[2])).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing): one builder at a time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _migrate_into(test_name: str) -> None:
    """Create the test database ``test_name`` and migrate it, as Django's test runner does,
    then leave the connection on the developer's settings again."""
    connection = connections["default"]
    original = connection.settings_dict["NAME"]
    test_settings = connection.settings_dict.setdefault("TEST", {})
    worker_name = test_settings.get("NAME")
    test_settings["NAME"] = test_name
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    finally:
        connection.close()
        test_settings["NAME"] = worker_name
        connection.settings_dict["NAME"] = original
        settings.DATABASES["default"]["NAME"] = original


# ------------------------------------------------------------------ SQLite


def _sqlite_template(rebuild: bool) -> Path:
    template = SQLITE_TEMPLATES / f"sqlite-{template_key()}.sqlite3"
    with _locked(SQLITE_TEMPLATES / ".lock"):
        if rebuild or not template.exists():
            building = template.with_suffix(f".{os.getpid()}.building")
            building.unlink(missing_ok=True)
            _migrate_into(str(building))
            # Out of WAL mode, so that the template is one file (the workers copy it into
            # memory, where there is no WAL).
            with closing(sqlite3.connect(building)) as database:
                database.execute("PRAGMA journal_mode=DELETE")
            building.replace(template)
            for old in SQLITE_TEMPLATES.glob("sqlite-*.sqlite3"):
                if old != template:
                    old.unlink(missing_ok=True)
    return template


def _sqlite_worker(template: Path) -> str:
    """The worker's in-memory test database, filled from the template."""
    connection = connections["default"]
    test_name = connection.creation._get_test_db_name()  # type: ignore[attr-defined]
    connection.close()
    settings.DATABASES["default"]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    source = sqlite3.connect(template)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    return test_name


# ------------------------------------------------------------------ PostgreSQL


def _machine_lock(template: str) -> Path:
    """One lock per template for the whole machine: two checkouts may share the server."""
    return Path(tempfile.gettempdir()) / f"accord-{template}.lock"


def _postgresql_template_name() -> str:
    return f"test_{settings.DATABASES['default']['NAME']}_tpl_{template_key()}"


def _databases(cursor: Any, prefix: str) -> list[str]:
    """The databases whose names begin with ``prefix``."""
    cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix])
    return [name for (name,) in cursor.fetchall()]


def _postgresql_template(rebuild: bool) -> str:
    connection = connections["default"]
    template = _postgresql_template_name()
    quote = connection.ops.quote_name
    with _locked(_machine_lock(template)):
        with connection._nodb_cursor() as cursor:
            exists = template in _databases(cursor, template)
        if rebuild or not exists:
            building = f"{template}_building"
            _migrate_into(building)
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(template)}")
                cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")
                prefix = template.rsplit("_tpl_", 1)[0] + "_tpl_"
                for old in _databases(cursor, prefix):
                    if old != template:
                        # One that another run is copying now is left for the next build.
                        with suppress(DatabaseError):
                            cursor.execute(f"DROP DATABASE IF EXISTS {quote(old)}")
    return template


def _postgresql_worker(template: str) -> str:
    connection = connections["default"]
    test_name = connection.creation._get_test_db_name()  # type: ignore[attr-defined]
    quote = connection.ops.quote_name
    with _locked(_machine_lock(template)), connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
        cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
    connection.close()
    settings.DATABASES["default"]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    return test_name


# ------------------------------------------------------------------ the suite's hooks


def set_up() -> str:
    """Give this process its test database, copied from the template (built if missing).
    Returns the developer's database name, for ``tear_down``."""
    connection = connections["default"]
    original = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        _postgresql_worker(_postgresql_template(rebuild=False))
    else:
        _sqlite_worker(_sqlite_template(rebuild=False))
    return str(original)


def tear_down(original: str) -> None:
    """Drop this process's test database (an in-memory one just closes)."""
    connections["default"].creation.destroy_test_db(original, verbosity=0)


def build(rebuild: bool) -> str:
    """Build the template for the configured database; what .ci/run calls during lint."""
    if connections["default"].vendor == "postgresql":
        return _postgresql_template(rebuild)
    return str(_sqlite_template(rebuild))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings.test")
    django.setup()
    sys.stdout.write(f"{build(rebuild='--rebuild' in sys.argv[1:])}\n")
