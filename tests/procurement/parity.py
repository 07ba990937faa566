"""Procurement's pages and the API operations that do what they do (tests/parity.py)."""

from tests.parity import Action, Entry, Read

PAGES: dict[str, Entry] = {
    "procurement:procurement-list": Read(("procurement_list",)),
    "procurement:procurement-detail": Read(("procurement_detail",)),
    "procurement:procurement-open": Action(("procurement_open",)),
    "procurement:procurement-sign": Action(("contract_sign",)),
    # The tender's pages (tender_views.py).
    "procurement:procurement-create": Action(("procurement_create",)),
    "procurement:procurement-update": Action(("procurement_update",)),
    "procurement:lot-add": Action(("lot_add",)),
    "procurement:criterion-add": Action(("criterion_add",)),
    "procurement:bid-receive": Action(("bid_receive",)),
    "procurement:procurement-close": Action(("procurement_close",)),
    "procurement:evaluator-add": Action(("evaluator_add",)),
    "procurement:procurement-cancel": Action(("procurement_cancel",)),
    # The evaluation (evaluation_views.py).
    "procurement:evaluation-mine": Read(("my_evaluation", "panel_scores")),
    "procurement:evaluation-score": Action(("score_record",)),
    "procurement:evaluation-conflict": Action(("conflict_declare",)),
    "procurement:evaluation-submit": Action(("scores_submit",)),
    "procurement:moderation": Read(("panel_scores", "moderation_list", "evaluation_ranking")),
    "procurement:moderation-record": Action(("moderation_record",)),
    "procurement:evaluation-complete": Action(("evaluation_complete",)),
    "procurement:procurement-award": Action(("procurement_award",)),
    "procurement:award-notice": Action(("award_notice_publish",)),
    "procurement:challenge-record": Action(("challenge_record",)),
    "procurement:challenge-resolve": Action(("challenge_resolve",)),
    # The evaluation as the board reads it once awarded (views.py).
    "procurement:evaluation-report": Read(("evaluation_report",)),
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
    # Clarification questions and a provider's own bids (issue 16).
    "procurement:clarification-list": Read(("clarification_list", "clarification_received_list")),
    "procurement:clarification-ask": Action(("clarification_ask",)),
    "procurement:clarification-answer": Action(("clarification_answer",)),
    "procurement:own-bids": Read(("bid_own_list", "ocds_release_package")),
}
