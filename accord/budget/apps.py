from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "accord.budget"
    label = "budget"
    verbose_name = "Pooled budget"
