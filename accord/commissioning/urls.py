from django.urls import path

from . import staff_views, strategy_views, variation_views, views

app_name = "commissioning"

urlpatterns = [
    path("<slug:slug>/providers/", views.provider_list, name="provider-list"),
    path("<slug:slug>/providers/add/", views.provider_create, name="provider-create"),
    path("<slug:slug>/providers.csv", views.provider_export, name="provider-export"),
    path("<slug:slug>/providers/<int:pk>/", views.provider_detail, name="provider-detail"),
    path("<slug:slug>/providers/<int:pk>/change/", views.provider_update, name="provider-update"),
    # The people who sign in for a provider (issue 18).
    path(
        "<slug:slug>/providers/<int:pk>/staff/add/",
        staff_views.provider_staff_add,
        name="provider-staff-add",
    ),
    path(
        "<slug:slug>/providers/<int:pk>/staff/<int:staff_pk>/end/",
        staff_views.provider_staff_end,
        name="provider-staff-end",
    ),
    path("<slug:slug>/evidence/", views.dataset_list, name="dataset-list"),
    path("<slug:slug>/evidence/add/", views.dataset_create, name="dataset-create"),
    path("<slug:slug>/evidence/<int:pk>/", views.dataset_detail, name="dataset-detail"),
    path("<slug:slug>/evidence/<int:pk>/change/", views.dataset_update, name="dataset-update"),
    path("<slug:slug>/evidence/<int:pk>/import/", views.dataset_import, name="dataset-import"),
    path(
        "<slug:slug>/evidence/<int:pk>/template.csv",
        views.dataset_template,
        name="dataset-template",
    ),
    path("<slug:slug>/evidence/<int:pk>/figures.csv", views.dataset_export, name="dataset-export"),
    path("<slug:slug>/services/", views.service_list, name="service-list"),
    path("<slug:slug>/services/add/", views.service_create, name="service-create"),
    path("<slug:slug>/services.csv", views.service_export, name="service-export"),
    path("<slug:slug>/services/<int:pk>/", views.service_detail, name="service-detail"),
    path("<slug:slug>/services/<int:pk>/change/", views.service_update, name="service-update"),
    path(
        "<slug:slug>/services/<int:pk>/locations/add/",
        views.location_create,
        name="location-create",
    ),
    path(
        "<slug:slug>/services/<int:pk>/locations/<int:location_pk>/change/",
        views.location_update,
        name="location-update",
    ),
    path(
        "<slug:slug>/services/<int:pk>/locations/<int:location_pk>/remove/",
        views.location_remove,
        name="location-remove",
    ),
    path("<slug:slug>/contracts/", views.contract_list, name="contract-list"),
    path("<slug:slug>/contracts/add/", views.contract_create, name="contract-create"),
    path("<slug:slug>/contracts/due/", views.contract_due, name="contract-due"),
    path("<slug:slug>/contracts.csv", views.contract_export, name="contract-export"),
    path("<slug:slug>/contracts/<int:pk>/", views.contract_detail, name="contract-detail"),
    path("<slug:slug>/contracts/<int:pk>/change/", views.contract_update, name="contract-update"),
    path("<slug:slug>/contracts/<int:pk>/status/", views.contract_status, name="contract-status"),
    path(
        "<slug:slug>/contracts/<int:pk>/values/",
        views.contract_value_set,
        name="contract-value-set",
    ),
    path(
        "<slug:slug>/contracts/<int:pk>/values/<int:year>/remove/",
        views.contract_value_remove,
        name="contract-value-remove",
    ),
    # Variations and termination (issue 16 items 6 and 7)
    path(
        "<slug:slug>/contracts/<int:pk>/vary/",
        variation_views.contract_vary,
        name="contract-vary",
    ),
    path(
        "<slug:slug>/contracts/<int:pk>/terminate/",
        variation_views.contract_terminate,
        name="contract-terminate",
    ),
    path(
        "<slug:slug>/transparency/contracts/",
        views.transparency_register,
        name="transparency-register",
    ),
    path(
        "<slug:slug>/transparency/contracts.csv",
        views.transparency_export,
        name="transparency-export",
    ),
    # The strategy and the annual plan (issue 15 item 5)
    path("<slug:slug>/strategies/", strategy_views.strategy_list, name="strategy-list"),
    path("<slug:slug>/strategies/add/", strategy_views.strategy_create, name="strategy-create"),
    path(
        "<slug:slug>/strategies/<int:pk>/",
        strategy_views.strategy_detail,
        name="strategy-detail",
    ),
    path(
        "<slug:slug>/strategies/<int:pk>/change/",
        strategy_views.strategy_update,
        name="strategy-update",
    ),
    path(
        "<slug:slug>/strategies/<int:pk>/outcomes.csv",
        strategy_views.outcome_export,
        name="outcome-export",
    ),
    path(
        "<slug:slug>/strategies/<int:pk>/outcomes/add/",
        strategy_views.outcome_create,
        name="outcome-create",
    ),
    path(
        "<slug:slug>/outcomes/<int:pk>/change/",
        strategy_views.outcome_update,
        name="outcome-update",
    ),
    path(
        "<slug:slug>/strategies/<int:pk>/intentions/",
        strategy_views.intention_list,
        name="intention-list",
    ),
    path(
        "<slug:slug>/strategies/<int:pk>/intentions/add/",
        strategy_views.intention_create,
        name="intention-create",
    ),
    path(
        "<slug:slug>/intentions/<int:pk>/change/",
        strategy_views.intention_update,
        name="intention-update",
    ),
    path(
        "<slug:slug>/strategies/<int:pk>/plans.csv",
        strategy_views.plan_export,
        name="plan-export",
    ),
    path(
        "<slug:slug>/strategies/<int:pk>/plans/<int:year>/",
        strategy_views.plan_detail,
        name="plan-detail",
    ),
    path(
        "<slug:slug>/strategies/<int:pk>/plans/<int:year>/add/",
        strategy_views.action_create,
        name="action-create",
    ),
    path(
        "<slug:slug>/actions/<int:pk>/change/",
        strategy_views.action_update,
        name="action-update",
    ),
]
