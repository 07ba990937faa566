from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "accord.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from accord.audit.selectors import quotes_register
        from accord.core import work

        from .selectors import meeting_quotes
        from .work import MeetingWork

        # The home page lists the meetings coming up and what needs doing on them.
        work.register(MeetingWork())
        # Agenda packs and minutes quote the audit events that published them.
        quotes_register(meeting_quotes)
