from django.urls import path

from .views import changes, pages

app_name = "decisions"

urlpatterns = [
    path("<slug:slug>/proposals/", pages.proposal_list, name="proposal-list"),
    path("<slug:slug>/proposals/add/", changes.proposal_create, name="proposal-create"),
    path("<slug:slug>/proposals/<int:pk>/", pages.proposal_detail, name="proposal-detail"),
    path("<slug:slug>/proposals/<int:pk>/table/", changes.proposal_table, name="proposal-table"),
    path("<slug:slug>/proposals/<int:pk>/vote/", changes.ballot_open, name="ballot-open"),
    path(
        "<slug:slug>/proposals/<int:pk>/steps/<slug:step>/",
        changes.step_create,
        name="step-create",
    ),
    path("<slug:slug>/proposals/<int:pk>/stages/add/", changes.stage_create, name="stage-create"),
    path("<slug:slug>/stages/<int:pk>/", changes.stage_complete, name="stage-complete"),
    path("<slug:slug>/ballots/<int:pk>/", pages.ballot_detail, name="ballot-detail"),
    path("<slug:slug>/ballots/<int:pk>/votes/", changes.vote_create, name="vote-create"),
    path("<slug:slug>/ballots/<int:pk>/close/", changes.ballot_close, name="ballot-close"),
    path("<slug:slug>/votes/<int:pk>/ratify/", changes.vote_ratify, name="vote-ratify"),
    path("<slug:slug>/simulator/", pages.simulator, name="simulator"),
]
