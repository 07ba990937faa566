"""The decisions pages and the API operations that do what they do (tests/parity.py)."""

from tests.parity import Action, Entry, Outside, Read

PAGES: dict[str, Entry] = {
    "decisions:proposal-list": Read(("proposal_list",)),
    "decisions:proposal-detail": Read(("proposal_detail",)),
    "decisions:proposal-create": Action(("proposal_create",)),
    "decisions:proposal-table": Action(("proposal_table",)),
    "decisions:proposal-commits": Action(("proposal_commits_set",)),
    "decisions:ballot-open": Action(("ballot_open",)),
    # One page for each step of a disputed proposal's life; one operation each.
    "decisions:step-create": Action(
        (
            "proposal_compromise",
            "proposal_escalate",
            "escalation_result_record",
            "decision_record_outside_constitution",
            "decision_call_in",
            "proposal_withdraw",
        ),
        services=(
            "proposal_compromise",
            "proposal_escalate",
            "escalation_result_record",
            "decision_record_outside_constitution",
            "decision_call_in",
            "proposal_withdraw",
        ),
    ),
    "decisions:stage-create": Action(("stage_add",)),
    "decisions:stage-complete": Action(("stage_complete",)),
    "decisions:ballot-detail": Read(("ballot_detail",)),
    "decisions:vote-create": Action(("vote_create",)),
    "decisions:ballot-close": Action(("ballot_close",)),
    "decisions:vote-ratify": Action(("vote_ratify",)),
    # The public record: the register (a page, CSV, Popolo vote events), each decision,
    # and the call-in scrutiny records from it.
    "decisions:decision-list": Read(("decision_list",)),
    "decisions:decision-csv": Read(("decision_list",)),
    "decisions:decision-popolo": Read(("decision_list",)),
    "decisions:decision-detail": Read(("decision_detail",)),
    "decisions:decision-call-in": Action(("decision_call_in",)),
    "decisions:simulator": Outside(
        "Works out what the rules would decide for votes typed in: it stores nothing and "
        "shows no record"
    ),
}
