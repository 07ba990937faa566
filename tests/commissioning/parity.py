"""The commissioning pages and the API operations that do what they do (tests/parity.py)."""

from tests.parity import Action, Entry, Outside, Read

PAGES: dict[str, Entry] = {
    "commissioning:provider-list": Read(("provider_list",)),
    "commissioning:provider-export": Read(("provider_list",)),
    "commissioning:provider-create": Action(("provider_create",)),
    "commissioning:provider-detail": Read(("provider_detail", "provider_elsewhere")),
    "commissioning:provider-update": Action(("provider_update",)),
    "commissioning:dataset-list": Read(("dataset_list",)),
    "commissioning:dataset-create": Action(("dataset_create",)),
    "commissioning:dataset-detail": Read(("dataset_detail", "figure_list")),
    "commissioning:dataset-update": Action(("dataset_update",)),
    "commissioning:dataset-import": Action(("dataset_import",)),
    "commissioning:dataset-export": Read(("figure_list",)),
    "commissioning:dataset-template": Outside(
        "a blank file to fill in: the import operation's description names its columns"
    ),
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
}
