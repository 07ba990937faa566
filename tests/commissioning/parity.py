"""The commissioning pages and the API operations that do what they do (tests/parity.py)."""

from tests.parity import Action, Entry, Outside, Read

PAGES: dict[str, Entry] = {
    "commissioning:provider-list": Read(("provider_list",)),
    "commissioning:provider-export": Read(("provider_list",)),
    "commissioning:provider-create": Action(("provider_create",)),
    "commissioning:provider-detail": Read(
        ("provider_detail", "provider_elsewhere", "provider_staff_list")
    ),
    "commissioning:provider-update": Action(("provider_update",)),
    # The people who sign in for a provider (issue 18): on the provider's page.
    "commissioning:provider-staff-add": Action(("provider_staff_add",)),
    "commissioning:provider-staff-end": Action(("provider_staff_end",)),
    "commissioning:dataset-list": Read(("dataset_list",)),
    "commissioning:dataset-create": Action(("dataset_create",)),
    "commissioning:dataset-detail": Read(("dataset_detail", "figure_list")),
    "commissioning:dataset-update": Action(("dataset_update",)),
    "commissioning:dataset-import": Action(("dataset_import",)),
    "commissioning:dataset-export": Read(("figure_list",)),
    "commissioning:dataset-template": Outside(
        "a blank file to fill in: the import operation's description names its columns"
    ),
    "commissioning:contract-list": Read(("contract_list",)),
    "commissioning:contract-export": Read(("contract_list",)),
    "commissioning:contract-due": Read(("contract_due",)),
    "commissioning:contract-create": Action(("contract_create",)),
    "commissioning:contract-detail": Read(
        (
            "contract_detail",
            "contract_value_detail",
            "contract_variation_list",
            "contract_variation_detail",
            "contract_termination_detail",
        )
    ),
    "commissioning:contract-vary": Action(("contract_vary",)),
    "commissioning:contract-terminate": Action(("contract_terminate",)),
    "commissioning:contract-update": Action(("contract_update",)),
    "commissioning:contract-status": Action(("contract_status_change",)),
    "commissioning:contract-value-set": Action(("contract_value_set",)),
    "commissioning:contract-value-remove": Action(("contract_value_remove",)),
    "commissioning:transparency-register": Read(("transparency_register",)),
    "commissioning:transparency-export": Read(("transparency_register",)),
    "commissioning:service-list": Read(("service_list",)),
    "commissioning:service-export": Read(("service_list",)),
    "commissioning:service-create": Action(("service_create",)),
    "commissioning:service-detail": Read(
        ("service_detail", "service_history", "location_list", "location_detail")
    ),
    "commissioning:service-update": Action(("service_update",)),
    "commissioning:location-create": Action(("location_create",)),
    "commissioning:location-update": Action(("location_update",)),
    "commissioning:location-remove": Action(("location_remove",)),
    # The strategy and the annual plan
    "commissioning:strategy-list": Read(("strategy_list",)),
    "commissioning:strategy-create": Action(("strategy_create",)),
    "commissioning:strategy-detail": Read(("strategy_detail", "outcome_list")),
    "commissioning:strategy-update": Action(("strategy_update",)),
    "commissioning:outcome-export": Read(("outcome_list",)),
    "commissioning:outcome-create": Action(("outcome_create",)),
    "commissioning:outcome-update": Action(("outcome_update",)),
    "commissioning:intention-list": Read(("intention_list",)),
    "commissioning:intention-create": Action(("intention_create",)),
    "commissioning:intention-update": Action(("intention_update",)),
    "commissioning:plan-detail": Read(("action_list",)),
    "commissioning:plan-export": Read(("action_list",)),
    "commissioning:action-create": Action(("action_create",)),
    "commissioning:action-update": Action(("action_update",)),
}
