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
    # Clarification questions and a provider's own bids (issue 16).
    "procurement:clarification-list": Read(("clarification_list", "clarification_received_list")),
    "procurement:clarification-ask": Action(("clarification_ask",)),
    "procurement:clarification-answer": Action(("clarification_answer",)),
    "procurement:own-bids": Read(("bid_own_list", "ocds_release_package")),
}
