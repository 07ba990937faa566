"""The complaints pages and the API operations that do what they do (tests/parity.py)."""

from tests.parity import Action, Entry, Read

PAGES: dict[str, Entry] = {
    "complaints:complaint-list": Read(("complaint_list",)),
    "complaints:complaint-export": Read(("complaint_list",)),
    "complaints:complaint-detail": Read(("complaint_detail",)),
    "complaints:complaint-analysis": Read(("complaint_analysis",)),
    # The write side: each page's service, through its operation.
    "complaints:complaint-receive": Action(("complaint_create",)),
    "complaints:complaint-acknowledge": Action(("complaint_acknowledge",)),
    "complaints:complaint-extend": Action(("complaint_extend",)),
    "complaints:complaint-respond": Action(("complaint_respond",)),
    "complaints:complaint-escalate": Action(("complaint_escalate",)),
    "complaints:complaint-close": Action(("complaint_close",)),
    "complaints:complaint-lesson-add": Action(("complaint_lesson_create",)),
    "complaints:complaint-action-add": Action(("complaint_action_create",)),
    "complaints:complaint-action-complete": Action(("complaint_action_complete",)),
    "complaints:complaint-refer": Action(("complaint_referral_create",)),
    "complaints:complaint-determine": Action(("complaint_referral_determine",)),
    "complaints:complaint-comply": Action(("complaint_referral_comply",)),
    "complaints:complaint-settings": Action(("complaint_settings_update",)),
}

# Monitoring (issue 19): the annual report, the self-assessment, the homes figure.
PAGES.update(
    {
        "complaints:complaint-report-list": Read(("homes_managed_list", "service_users_list")),
        "complaints:complaint-report-detail": Read(("complaint_report",)),
        "complaints:complaint-report-pdf": Read(("complaint_report",)),
        "complaints:assessment-detail": Read(("self_assessment_detail",)),
        "complaints:assessment-pdf": Read(("self_assessment_detail",)),
        "complaints:provision-assess": Action(("provision_assess",)),
        "complaints:homes-managed-record": Action(("homes_managed_record",)),
        "complaints:service-users-record": Action(("service_users_record",)),
    }
)
