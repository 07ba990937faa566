from django.urls import path

from . import scenario_views, views

app_name = "budget"

urlpatterns = [
    path("<slug:slug>/budget/", views.pool_list, name="pool-list"),
    path("<slug:slug>/budget/add/", views.pool_create, name="pool-create"),
    path("<slug:slug>/budget.csv", views.pool_export, name="pool-export"),
    path("<slug:slug>/budget/story/", views.story, name="story"),
    path("<slug:slug>/budget/story.csv", views.story_export, name="story-export"),
    path("<slug:slug>/budget/<int:pk>/", views.pool_detail, name="pool-detail"),
    path("<slug:slug>/budget/<int:pk>/change/", views.pool_update, name="pool-update"),
    path(
        "<slug:slug>/budget/<int:pk>/contributions/add/",
        views.contribution_create,
        name="contribution-create",
    ),
    path(
        "<slug:slug>/budget/<int:pk>/contributions/<int:contribution_pk>/change/",
        views.contribution_update,
        name="contribution-update",
    ),
    path("<slug:slug>/budget/<int:pk>/plan/add/", views.plan_line_create, name="plan-line-create"),
    path(
        "<slug:slug>/budget/<int:pk>/plan/<int:line_pk>/change/",
        views.plan_line_update,
        name="plan-line-update",
    ),
    path("<slug:slug>/budget/<int:pk>/plan/approve/", views.plan_approve, name="plan-approve"),
    path(
        "<slug:slug>/budget/<int:pk>/plan/virements/add/",
        views.virement_create,
        name="virement-create",
    ),
    path("<slug:slug>/budget/<int:pk>/spend/", views.spend_detail, name="spend-detail"),
    path("<slug:slug>/budget/<int:pk>/spend/import/", views.spend_import, name="spend-import"),
    path("<slug:slug>/budget/<int:pk>/forecast.csv", views.spend_export, name="spend-export"),
    path("<slug:slug>/budget/<int:pk>/ledger.csv", views.ledger_export, name="ledger-export"),
]

# Savings scenarios (issue 17 item 5)
SCENARIO = "<slug:slug>/budget/<int:pk>/scenarios/<int:scenario_pk>"
urlpatterns += [
    path(
        "<slug:slug>/budget/<int:pk>/scenarios/",
        scenario_views.scenario_list,
        name="scenario-list",
    ),
    path(
        "<slug:slug>/budget/<int:pk>/scenarios/add/",
        scenario_views.scenario_create,
        name="scenario-create",
    ),
    path(
        "<slug:slug>/budget/<int:pk>/scenarios/compare/",
        scenario_views.scenario_compare,
        name="scenario-compare",
    ),
    path(
        "<slug:slug>/budget/<int:pk>/scenarios.csv",
        scenario_views.scenario_export,
        name="scenario-export",
    ),
    path(f"{SCENARIO}/", scenario_views.scenario_detail, name="scenario-detail"),
    path(f"{SCENARIO}/change/", scenario_views.scenario_update, name="scenario-update"),
    path(f"{SCENARIO}/reductions/add/", scenario_views.reduction_create, name="reduction-create"),
    path(
        f"{SCENARIO}/reductions/<int:reduction_pk>/remove/",
        scenario_views.reduction_remove,
        name="reduction-remove",
    ),
    path(f"{SCENARIO}/propose/", scenario_views.scenario_propose, name="scenario-propose"),
    path(f"{SCENARIO}/approve/", scenario_views.scenario_approve, name="scenario-approve"),
]
