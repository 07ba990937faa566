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
}
