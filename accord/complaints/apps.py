from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "accord.complaints"
    label = "complaints"
    verbose_name = "Complaints"
