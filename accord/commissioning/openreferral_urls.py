"""Open Referral UK's read API (HSDS 3.0): ``/openreferral/``."""

from django.urls import path

from . import views

app_name = "openreferral"

urlpatterns = [
    path("", views.open_referral_api, name="api-details"),
    path("services", views.open_referral_services, name="service-list"),
    path("services/<uuid:service_id>", views.open_referral_service, name="service-detail"),
]
