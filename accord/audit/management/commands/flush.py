from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from accord.audit.maintenance import append_only_lifted


class Command(DjangoFlush):
    help = (
        DjangoFlush.help
        + " The audit trail is emptied too: its append-only triggers are lifted for the flush"
        " only. Example: accord flush --no-input"
    )

    def handle(self, **options: Any) -> None:
        with append_only_lifted(connections[options["database"]]):
            super().handle(**options)
