from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "accord.performance"
    label = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        from accord.core import work

        from .work import ProviderReturnsWork

        # A provider's people find their services' returns from the home page (issue 18).
        work.register(ProviderReturnsWork())
