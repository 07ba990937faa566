"""The governance standards pages and the API operations that do what they do
(tests/parity.py)."""

from tests.parity import Action, Entry, Read

PAGES: dict[str, Entry] = {
    "assurance:overview": Read(
        (
            "handbook_list",
            "governance_assessment_list",
            "governance_audit_list",
            "audit_actions_overdue",
        )
    ),
    "assurance:handbook-create": Action(("handbook_create",)),
    "assurance:handbook-detail": Read(("handbook_detail",)),
    "assurance:standard-add": Action(("standard_add",)),
    "assurance:assessment-create": Action(("governance_assessment_create",)),
    "assurance:assessment-detail": Read(("governance_assessment_detail",)),
    "assurance:standard-assess": Action(("standard_assess",)),
    "assurance:audit-create": Action(("governance_audit_create",)),
    "assurance:audit-detail": Read(("governance_audit_detail",)),
    "assurance:finding-add": Action(("audit_finding_add",)),
    "assurance:action-add": Action(("audit_action_add",)),
    "assurance:action-complete": Action(("audit_action_complete",)),
    "assurance:partnership-register": Read(("partnership_register",)),
}
