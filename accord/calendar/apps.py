from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "accord.calendar"
    label = "calendar"
    verbose_name = "Working days"
