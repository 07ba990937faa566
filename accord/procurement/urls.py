from django.urls import path

from . import ocds_views, tender_views, views

app_name = "procurement"

urlpatterns = [
    path("<slug:slug>/procurements/", views.procurement_list, name="procurement-list"),
    path("<slug:slug>/procurements/<int:pk>/", views.procurement_detail, name="procurement-detail"),
    path(
        "<slug:slug>/procurements/<int:pk>/open/", views.procurement_open, name="procurement-open"
    ),
    path("<slug:slug>/procurements/<int:pk>/sign/", views.contract_sign, name="procurement-sign"),
    # The tender: the strategy, its lots and criteria, bids, panel, close, cancel.
    path(
        "<slug:slug>/procurements/new/",
        tender_views.procurement_create,
        name="procurement-create",
    ),
    path(
        "<slug:slug>/procurements/<int:pk>/strategy/",
        tender_views.procurement_update,
        name="procurement-update",
    ),
    path("<slug:slug>/procurements/<int:pk>/lots/new/", tender_views.lot_add, name="lot-add"),
    path(
        "<slug:slug>/procurements/<int:pk>/criteria/new/",
        tender_views.criterion_add,
        name="criterion-add",
    ),
    path(
        "<slug:slug>/procurements/<int:pk>/bids/new/", tender_views.bid_receive, name="bid-receive"
    ),
    path(
        "<slug:slug>/procurements/<int:pk>/close/",
        tender_views.procurement_close,
        name="procurement-close",
    ),
    path(
        "<slug:slug>/procurements/<int:pk>/evaluators/new/",
        tender_views.evaluator_add,
        name="evaluator-add",
    ),
    path(
        "<slug:slug>/procurements/<int:pk>/cancel/",
        tender_views.procurement_cancel,
        name="procurement-cancel",
    ),
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
]
