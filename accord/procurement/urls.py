from django.urls import path

from . import notice_views, ocds_views, views

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
    # Notices (public) and assessment summaries (a bidder's own; notice_views.py).
    path(
        "<slug:slug>/contracting/<int:pk>/notices/<int:notice_pk>/",
        notice_views.notice_detail,
        name="notice-detail",
    ),
    path("<slug:slug>/assessment-summaries/", notice_views.summary_list, name="summary-list"),
    path(
        "<slug:slug>/procurements/<int:pk>/summaries/",
        notice_views.procurement_summaries,
        name="procurement-summaries",
    ),
    path(
        "<slug:slug>/procurements/<int:pk>/bids/<int:bid_pk>/summary/",
        notice_views.summary_detail,
        name="summary-detail",
    ),
]
