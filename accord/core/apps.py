from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"
    verbose_name = "Accord"
