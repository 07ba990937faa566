"""Recovery codes made with django-otp's StaticDevice, kept in clear, move to
``RecoveryCodeDevice`` as digests; the clear copies are deleted.

django-otp's static plugin is no longer installed, so its tables are read where an
installation has them (a new database never had them) and left empty. A person keeps the
codes they saved: each still works once (they are 40 bits each: the page offers new ones
of 80 bits, and the two-factor page asks for them to be replaced).
"""

import hashlib

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TOKENS = "otp_static_statictoken"
DEVICES = "otp_static_staticdevice"


def digest(code: str) -> str:
    # As accord.accounts.models.recovery_code_digest, frozen here as migrations must be.
    written = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(written.encode()).hexdigest()


def hash_static_codes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    tables = set(connection.introspection.table_names())
    if not {TOKENS, DEVICES} <= tables:
        return
    device_model = apps.get_model("accounts", "RecoveryCodeDevice")
    code_model = apps.get_model("accounts", "RecoveryCode")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, user_id, confirmed FROM {quote(DEVICES)} ORDER BY id"  # noqa: S608
        )
        devices = cursor.fetchall()
        cursor.execute(f"SELECT device_id, token FROM {quote(TOKENS)}")  # noqa: S608
        tokens = cursor.fetchall()
    for device_id, user_id, confirmed in devices:
        codes = [token for owner, token in tokens if owner == device_id]
        if not codes:
            continue
        device = device_model.objects.create(
            user_id=user_id, name="Recovery codes", confirmed=bool(confirmed)
        )
        code_model.objects.bulk_create(
            code_model(device=device, digest=digest(code)) for code in codes
        )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(TOKENS)}")  # noqa: S608
        cursor.execute(f"DELETE FROM {quote(DEVICES)}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_recovery_codes")]

    operations = [migrations.RunPython(hash_static_codes, migrations.RunPython.noop)]
