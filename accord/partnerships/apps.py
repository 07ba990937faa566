from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "accord.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        from accord import policy

        from .selectors import administered_partnership_ids

        # The programme team is kept here; the policy asks this register who is on it.
        policy.provide("administers", administered_partnership_ids)
