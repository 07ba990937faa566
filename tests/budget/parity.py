"""The pooled budget's pages and the API operations that do what they do (tests/parity.py)."""

from tests.parity import Action, Entry, Read

PAGES: dict[str, Entry] = {
    "budget:pool-list": Read(("pool_list",)),
    "budget:pool-export": Read(("pool_list", "pool_detail")),
    "budget:pool-create": Action(("pool_create",)),
    "budget:pool-detail": Read(("pool_detail",)),
    "budget:pool-update": Action(("pool_update",)),
    "budget:contribution-create": Action(("contribution_create",)),
    "budget:contribution-update": Action(("contribution_update",)),
    "budget:plan-line-create": Action(("plan_line_create",)),
    "budget:plan-line-update": Action(("plan_line_update",)),
    "budget:plan-approve": Action(("plan_approve",)),
    "budget:virement-create": Action(("virement_create",)),
    "budget:spend-detail": Read(("pool_forecast",)),
    "budget:spend-export": Read(("pool_forecast",)),
    "budget:ledger-export": Read(("spend_list",)),
    "budget:spend-import": Action(("spend_import",)),
    "budget:story": Read(("pool_story",)),
    "budget:story-export": Read(("pool_story",)),
    # Savings scenarios (issue 17 item 5)
    "budget:scenario-list": Read(("scenario_list",)),
    "budget:scenario-compare": Read(("scenario_list",)),
    "budget:scenario-export": Read(("scenario_list",)),
    "budget:scenario-create": Action(("scenario_create",)),
    "budget:scenario-detail": Read(("scenario_detail",)),
    "budget:scenario-update": Action(("scenario_update",)),
    "budget:reduction-create": Action(("reduction_create",)),
    "budget:reduction-remove": Action(("reduction_remove",)),
    "budget:scenario-propose": Action(("scenario_propose",)),
    "budget:scenario-approve": Action(("scenario_approve",)),
}
