from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "accord.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"

    def ready(self) -> None:
        from accord import policy
        from accord.decisions import effects
        from accord.partnerships import exports

        from .effects import ContractsAuthorised
        from .openreferral import service_object
        from .selectors import (
            open_referral_services,
            provides_to_partnership_ids,
            works_for_provider_ids,
        )

        # The people who sign in for a provider are kept here (issue 18); the policy asks
        # this register which providers, and so which partnerships, they work for.
        policy.provide("works_for", works_for_provider_ids)
        policy.provide("provides_to", provides_to_partnership_ids)

        # The directory is public and names no one: the export is not recorded.
        exports.register(
            exports.Exporter(
                "openreferral",
                "the services directory as HSDS 3.0 service objects with their organization "
                "and service_at_locations (Open Referral UK)",
                lambda partnership, actor: [
                    service_object(service)
                    for service in open_referral_services(partnership=partnership)
                ],
            )
        )
        # A decision's page lists the contracts it authorised, without decisions knowing
        # of contracts.
        effects.register(ContractsAuthorised())
