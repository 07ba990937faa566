from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "accord.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from accord.core import work

        from .work import MeetingWork

        # The home page lists the meetings coming up and what needs doing on them.
        work.register(MeetingWork())
