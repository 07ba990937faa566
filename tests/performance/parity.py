"""The performance pages and the API operations that do what they do (tests/parity.py)."""

from tests.parity import Action, Entry, Read

PAGES: dict[str, Entry] = {
    "performance:return-list": Read(("return_list", "return_outstanding")),
    "performance:return-template": Read(("return_list",)),
    "performance:return-detail": Read(("return_detail",)),
    "performance:return-submit": Action(("return_submit",)),
    "performance:return-resubmit": Action(("return_resubmit",)),  # issue 18
    "performance:return-query": Action(("return_query",)),
    "performance:return-validate": Action(("return_validate",)),
    "performance:benchmark": Read(("benchmark_list",)),
    # Service quality reviews (issue 18): every step a page takes, the API takes.
    "performance:review-list": Read(
        ("review_list", "review_actions_overdue", "reviews_on_schedule")
    ),
    "performance:review-detail": Read(("review_detail",)),
    "performance:service-reviews": Read(("review_list",)),
    "performance:review-plan": Action(("review_plan",)),
    "performance:review-self-assess": Action(("review_self_assess",)),
    "performance:review-visit": Action(("review_visit",)),
    "performance:review-validate": Action(("review_validate",)),
    "performance:review-close": Action(("review_close",)),
    "performance:review-propose": Action(("review_propose",)),
    "performance:review-action-add": Action(("review_action_add",)),
    "performance:review-action-complete": Action(("review_action_complete",)),
    "performance:return-template-xlsx": Read(("return_list",)),
    "performance:return-import": Action(("return_import",)),
    "performance:return-remind": Action(("return_remind",)),
    # The quarterly report, its PDF, attaching it to a meeting, a service's trend.
    "performance:report-detail": Read(("performance_report",)),
    "performance:report-pdf": Read(("performance_report_pdf",)),
    "performance:report-attach": Action(("performance_report_attach",)),
    "performance:service-trend": Read(("service_trend",)),
}
