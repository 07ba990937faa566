from django.urls import path

from . import clarification_views, ocds_views, views

app_name = "procurement"

urlpatterns = [
    path("<slug:slug>/procurements/", views.procurement_list, name="procurement-list"),
    path("<slug:slug>/procurements/<int:pk>/", views.procurement_detail, name="procurement-detail"),
    path(
        "<slug:slug>/procurements/<int:pk>/open/", views.procurement_open, name="procurement-open"
    ),
    path("<slug:slug>/procurements/<int:pk>/sign/", views.contract_sign, name="procurement-sign"),
    # Open Contracting: what the procurements published, open to anyone (ocds_views.py).
    path("<slug:slug>/contracting/", ocds_views.published_list, name="published-list"),
    path(
        "<slug:slug>/contracting/<int:pk>/",
        ocds_views.published_detail,
        name="published-detail",
    ),
    path(
        "<slug:slug>/contracting/releases.json",
        ocds_views.release_package,
        name="release-package",
    ),
    path("<slug:slug>/contracting/records.json", ocds_views.record_package, name="record-package"),
    # Clarification questions of an open tender, and a provider's own bids (issue 16:
    # clarification_views.py).
    path(
        "<slug:slug>/procurements/<int:pk>/clarifications/",
        clarification_views.clarification_list,
        name="clarification-list",
    ),
    path(
        "<slug:slug>/procurements/<int:pk>/clarifications/ask/",
        clarification_views.clarification_ask,
        name="clarification-ask",
    ),
    path(
        "<slug:slug>/procurements/<int:pk>/clarifications/<int:clarification_pk>/answer/",
        clarification_views.clarification_answer,
        name="clarification-answer",
    ),
    path("<slug:slug>/bids/", clarification_views.own_bids, name="own-bids"),
]
