from django.urls import path

from .views import changes, pages, record

app_name = "decisions"

urlpatterns = [
    path("<slug:slug>/proposals/", pages.proposal_list, name="proposal-list"),
    path("<slug:slug>/proposals/add/", changes.proposal_create, name="proposal-create"),
    path("<slug:slug>/proposals/<int:pk>/", pages.proposal_detail, name="proposal-detail"),
    path("<slug:slug>/proposals/<int:pk>/table/", changes.proposal_table, name="proposal-table"),
    path(
        "<slug:slug>/proposals/<int:pk>/commits/",
        changes.proposal_commits,
        name="proposal-commits",
    ),
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
    # The public record: the decisions register, its downloads, each decision, a call-in.
    path("<slug:slug>/decisions/", record.decision_list, name="decision-list"),
    path("<slug:slug>/decisions.csv", record.decision_csv, name="decision-csv"),
    path("<slug:slug>/decisions.json", record.decision_popolo, name="decision-popolo"),
    path("<slug:slug>/decisions/<int:pk>/", record.decision_detail, name="decision-detail"),
    path(
        "<slug:slug>/decisions/<int:pk>/call-in/",
        record.decision_call_in,
        name="decision-call-in",
    ),
]
