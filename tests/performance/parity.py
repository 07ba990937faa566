"""The performance pages and the API operations that do what they do (tests/parity.py)."""

from tests.parity import Action, Entry, Read

PAGES: dict[str, Entry] = {
    "performance:return-list": Read(("return_list", "return_outstanding")),
    "performance:return-template": Read(("return_list",)),
    "performance:return-detail": Read(("return_detail",)),
    "performance:return-submit": Action(("return_submit",)),
    "performance:return-query": Action(("return_query",)),
    "performance:return-validate": Action(("return_validate",)),
    "performance:benchmark": Read(("benchmark_list",)),
    "performance:return-template-xlsx": Read(("return_list",)),
    "performance:return-import": Action(("return_import",)),
    "performance:return-remind": Action(("return_remind",)),
    # The quarterly report, its PDF, attaching it to a meeting, a service's trend.
    "performance:report-detail": Read(("performance_report",)),
    "performance:report-pdf": Read(("performance_report_pdf",)),
    "performance:report-attach": Action(("performance_report_attach",)),
    "performance:service-trend": Read(("service_trend",)),
}
