from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "accord.decisions"
    label = "decisions"
    verbose_name = "Decisions"

    def ready(self) -> None:
        from accord.meetings import hooks

        from .agenda import ProposalNotes

        # Meetings shows what decisions says about its agenda items, without knowing of it.
        hooks.register(ProposalNotes())
