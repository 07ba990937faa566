from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "accord.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"

    def ready(self) -> None:
        from accord.partnerships import exports

        from .openreferral import service_object
        from .selectors import open_referral_services

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
