from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "accord.performance"
    label = "performance"
    verbose_name = "Performance"
