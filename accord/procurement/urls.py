from django.urls import path

from . import clarification_views, evaluation_views, notice_views, ocds_views, tender_views, views

app_name = "procurement"

urlpatterns = [
    path("<slug:slug>/procurements/", views.procurement_list, name="procurement-list"),
    path("<slug:slug>/procurements/<int:pk>/", views.procurement_detail, name="procurement-detail"),
    path(
        "<slug:slug>/procurements/<int:pk>/open/", views.procurement_open, name="procurement-open"
    ),
    path("<slug:slug>/procurements/<int:pk>/sign/", views.contract_sign, name="procurement-sign"),
    path(
        "<slug:slug>/procurements/<int:pk>/evaluation/report/",
        views.evaluation_report,
        name="evaluation-report",
    ),
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
    # The evaluation (evaluation_views.py): an evaluator's own, then the programme team's.
    *[
        path(f"<slug:slug>/procurements/<int:pk>/{address}", view, name=name)
        for address, view, name in (
            ("evaluation/", evaluation_views.evaluation_mine, "evaluation-mine"),
            (
                "evaluation/bids/<int:bid_pk>/score/",
                evaluation_views.score_record,
                "evaluation-score",
            ),
            (
                "evaluation/bids/<int:bid_pk>/conflict/",
                evaluation_views.conflict_declare,
                "evaluation-conflict",
            ),
            ("evaluation/submit/", evaluation_views.scores_submit, "evaluation-submit"),
            ("moderation/", evaluation_views.moderation, "moderation"),
            (
                "moderation/bids/<int:bid_pk>/",
                evaluation_views.moderation_record,
                "moderation-record",
            ),
            ("complete/", evaluation_views.evaluation_complete, "evaluation-complete"),
            ("award/", evaluation_views.procurement_award, "procurement-award"),
            ("award-notice/", evaluation_views.award_notice_publish, "award-notice"),
            ("challenge/", evaluation_views.challenge_record, "challenge-record"),
            ("challenge/resolve/", evaluation_views.challenge_resolve, "challenge-resolve"),
        )
    ],
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
