"""The meetings pages and the API operations that do what they do (tests/parity.py)."""

from tests.parity import Action, Entry, Read

PAGES: dict[str, Entry] = {
    "meetings:meeting-list": Read(("meeting_list",)),
    "meetings:forward-plan": Read(("forward_plan",)),
    "meetings:meeting-detail": Read(("meeting_detail",)),
    "meetings:meeting-create": Action(("meeting_create",)),
    "meetings:meeting-update": Action(("meeting_update",)),
    "meetings:meeting-publish": Action(("meeting_publish",)),
    "meetings:meeting-cancel": Action(("meeting_cancel",)),
    "meetings:meeting-held": Action(("meeting_held",)),
    "meetings:agenda-item-create": Action(("agenda_item_create",)),
    "meetings:paper-create": Action(("paper_create",)),
    "meetings:declaration-create": Action(("declaration_create",)),
    "meetings:contribution-create": Action(("contribution_submit",)),
    "meetings:contribution-minute": Action(("contribution_minute",)),
    "meetings:contribution-withdraw": Action(("contribution_withdraw",)),
    "meetings:minutes-edit": Action(("minutes_write",)),
    "meetings:attendance-create": Action(("attendance_record_all",)),
    "meetings:agenda-item-update": Action(("agenda_item_update",)),
    "meetings:agenda-item-move": Action(("agenda_item_move",)),
    "meetings:agenda-item-withdraw": Action(("agenda_item_withdraw",)),
    "meetings:paper-update": Action(("paper_update",)),
    "meetings:paper-withdraw": Action(("paper_withdraw",)),
    "meetings:minutes-approve": Action(("minutes_approve",)),
    "meetings:paper-download": Read(("paper_download",)),
    "meetings:calendar-feed": Read(("meeting_list",)),
    "meetings:agenda-pack": Read(("meeting_detail",)),
    "meetings:minutes-pdf": Read(("meeting_detail",)),
}
