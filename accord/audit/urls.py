from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("export.csv", views.event_export, {"fmt": "csv"}, name="event-export-csv"),
    path("export.json", views.event_export, {"fmt": "json"}, name="event-export-json"),
]
