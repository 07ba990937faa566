"""Recovery codes kept in clear by django-otp's static plugin (before issue 13) move to
digests when the installation migrates: each still signs in once, and no clear copy stays."""

import hashlib
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.db import connection

from accord.accounts.models import RecoveryCode, RecoveryCodeDevice
from tests import factories

migration = importlib.import_module("accord.accounts.migrations.0003_recovery_codes_hashed")


class SchemaEditor:
    """What the migration's function uses of a schema editor."""

    connection = connection


@pytest.fixture
def static_tables(db):
    """django-otp's static tables as an installation made before issue 13 has them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE otp_static_staticdevice (id integer PRIMARY KEY, name varchar(64),"
            " confirmed boolean, user_id integer, throttling_failure_timestamp timestamp NULL,"
            " throttling_failure_count integer, created_at timestamp NULL,"
            " last_used_at timestamp NULL)"
        )
        cursor.execute(
            "CREATE TABLE otp_static_statictoken (id integer PRIMARY KEY, device_id integer,"
            " token varchar(16))"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE otp_static_statictoken")
        cursor.execute("DROP TABLE otp_static_staticdevice")


def test_clear_recovery_codes_are_kept_as_digests_and_the_clear_copies_deleted(static_tables):
    user: Any = factories.UserFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO otp_static_staticdevice (id, name, confirmed, user_id,"
            " throttling_failure_count) VALUES (7, 'Recovery codes', %s, %s, 0)",
            [True, user.pk],
        )
        cursor.executemany(
            "INSERT INTO otp_static_statictoken (id, device_id, token) VALUES (%s, 7, %s)",
            [(1, "abcd2345"), (2, "efgh6723")],
        )

    migration.hash_static_codes(apps, SchemaEditor())

    device = RecoveryCodeDevice.objects.get(user=user)
    assert device.confirmed
    assert sorted(RecoveryCode.objects.values_list("digest", flat=True)) == sorted(
        hashlib.sha256(code).hexdigest() for code in (b"abcd2345", b"efgh6723")
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM otp_static_statictoken")
        assert cursor.fetchone() == (0,)
        cursor.execute("SELECT count(*) FROM otp_static_staticdevice")
        assert cursor.fetchone() == (0,)
    assert device.verify_token("ABCD-2345")
    assert not device.verify_token("abcd2345")  # used up


@pytest.mark.django_db
def test_a_database_that_never_had_the_static_tables_migrates_as_it_is():
    migration.hash_static_codes(apps, SchemaEditor())
    assert not RecoveryCodeDevice.objects.exists()
