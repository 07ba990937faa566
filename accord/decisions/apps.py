from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "accord.decisions"
    label = "decisions"
    verbose_name = "Decisions"

    def ready(self) -> None:
        from accord.audit.selectors import quotes_register
        from accord.core import work
        from accord.meetings import hooks
        from accord.meetings import work as meeting_work

        from .agenda import ProposalNotes
        from .selectors import ballot_quotes
        from .work import BallotSteps, DecisionWork

        # Meetings shows what decisions says about its agenda items, without knowing of it.
        hooks.register(ProposalNotes())
        # The home page lists the votes and decisions that ask something of a person, and
        # the programme team's meetings the votes to close.
        work.register(DecisionWork())
        meeting_work.register_steps(BallotSteps())
        # A closed vote's record quotes the audit event that recorded its outcome: `accord
        # audit verify` checks the trail still carries it.
        quotes_register(ballot_quotes)
