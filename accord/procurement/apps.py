from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "accord.procurement"
    label = "procurement"
    verbose_name = "Procurement"
