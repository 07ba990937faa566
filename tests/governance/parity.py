"""The governance pages and the API operations that do what they do (tests/parity.py)."""

from tests.parity import Action, Entry, Outside, Read

PAGES: dict[str, Entry] = {
    "governance:partnership-switch": Outside(
        "Which partnership the pages show, kept in the session; each API address names its "
        "partnership",
        changes=True,
    ),
    "governance:partnership-detail": Read(("partnership_detail",)),
    "governance:partner-list": Read(("partner_list",)),
    "governance:partner-export": Read(("partner_list",)),
    "governance:partner-create": Action(("partner_create",)),
    "governance:body-list": Read(("body_list",)),
    "governance:body-export": Read(("body_list",)),
    "governance:body-create": Action(("body_create",)),
    "governance:body-detail": Read(("body_detail", "body_seats", "body_history")),
    "governance:person-list": Read(("person_list",)),
    "governance:person-create": Action(("person_create",)),
    "governance:membership-create": Action(("membership_create",)),
    "governance:membership-export": Read(("membership_list",)),
    "governance:membership-end": Action(("membership_end",)),
    "governance:membership-limit": Action(("membership_limit",)),
    "governance:constitution-detail": Read(("constitution_list", "constitution_detail")),
    "governance:signature-create": Action(("signature_create",)),
    "governance:question-list": Read(("question_list",)),
    "governance:question-detail": Read(("question_detail",)),
    "governance:position-create": Action(("position_record",)),
}
