"""Procurement's pages and the API operations that do what they do (tests/parity.py)."""

from tests.parity import Action, Entry, Read

PAGES: dict[str, Entry] = {
    "procurement:procurement-list": Read(("procurement_list",)),
    "procurement:procurement-detail": Read(("procurement_detail",)),
    "procurement:procurement-open": Action(("procurement_open",)),
    "procurement:procurement-sign": Action(("contract_sign",)),
    # The published procurements: the feeds hold every release, each record compiled.
    "procurement:published-list": Read(("ocds_release_package",)),
    "procurement:published-detail": Read(("ocds_record_package",)),
    "procurement:release-package": Read(("ocds_release_package",)),
    "procurement:record-package": Read(("ocds_record_package",)),
    # Notices (public) and assessment summaries (a bidder's own; issue 16 item 7).
    "procurement:notice-detail": Read(("notice_detail",)),
    "procurement:summary-list": Read(("summary_list",)),
    "procurement:procurement-summaries": Read(("procurement_summary_list",)),
    "procurement:summary-detail": Read(("summary_detail",)),
}
