from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("switch/", views.partnership_switch, name="partnership-switch"),
    path("<slug:slug>/", views.partnership_detail, name="partnership-detail"),
]
