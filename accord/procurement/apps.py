from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "accord.procurement"
    label = "procurement"
    verbose_name = "Procurement"

    def ready(self) -> None:
        from accord.partnerships import exports

        from .ocds import feed

        # The releases are public and name no one (organisations only): not recorded.
        exports.register(
            exports.Exporter(
                "ocds",
                "the procurements' releases as an Open Contracting (OCDS 1.1.5) release "
                "package; with --records, a record package with each compiled release",
                lambda partnership, actor, records=False: feed(partnership, records=records),
                flags=(("records", "a record package: each procurement's compiled release"),),
            )
        )
