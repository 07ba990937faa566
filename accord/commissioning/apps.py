from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "accord.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"

    def ready(self) -> None:
        from accord.decisions import effects

        from .effects import ContractsAuthorised

        # A decision's page lists the contracts it authorised, without decisions knowing
        # of contracts.
        effects.register(ContractsAuthorised())
