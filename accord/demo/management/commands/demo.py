from typing import Any

from django.core.management.base import BaseCommand

from accord.demo.services import demo_load


class Command(BaseCommand):
    help = (
        "Load the demo partnerships and accounts from the seed documents. "
        "Idempotent: adds what is missing and changes nothing that exists. "
        "Example: accord demo"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = demo_load()
        kinds = sorted(set(report.created) | set(report.present))
        for kind in kinds:
            self.stdout.write(
                f"{kind}: {report.created.get(kind, 0)} created, "
                f"{report.present.get(kind, 0)} already present"
            )
