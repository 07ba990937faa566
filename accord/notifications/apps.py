from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "accord.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from accord.audit.services import event_recorded

        from .signals import on_event

        # The services audit every change; the notifications follow the trail's events,
        # so no service, view or API operation names them.
        event_recorded.connect(on_event, dispatch_uid="accord.notifications")
