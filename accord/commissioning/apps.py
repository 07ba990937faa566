from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "accord.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"
