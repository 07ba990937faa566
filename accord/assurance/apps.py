from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "accord.assurance"
    label = "assurance"
    verbose_name = "Governance standards"

    def ready(self) -> None:
        from accord.core import work

        from .work import AssuranceWork

        # The register of partnerships and overdue audit actions on the home page.
        work.register(AssuranceWork())
