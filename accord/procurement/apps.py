from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "accord.procurement"
    label = "procurement"
    verbose_name = "Procurement"

    def ready(self) -> None:
        from accord.commissioning import contract_hooks
        from accord.core import work
        from accord.partnerships import exports

        from . import checks  # noqa: F401  (registers the deployment check)
        from .notices import change_notice, termination_notice
        from .ocds import feed
        from .releases import termination_published, variation_published
        from .work import ProviderBidsWork

        # A provider's people find their bids and the open tenders from the home page.
        work.register(ProviderBidsWork())

        # A procured contract's variation or early end is published as its release, in
        # the transaction that records it (commissioning cannot import procurement).
        contract_hooks.register(varied=variation_published, terminated=termination_published)
        # And its contract change or termination notice (notices.py), in the same way.
        contract_hooks.register(varied=change_notice, terminated=termination_notice)

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
