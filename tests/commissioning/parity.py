"""The commissioning pages and the API operations that do what they do (tests/parity.py)."""

from tests.parity import Action, Entry, Read

PAGES: dict[str, Entry] = {
    "commissioning:provider-list": Read(("provider_list",)),
    "commissioning:provider-export": Read(("provider_list",)),
    "commissioning:provider-create": Action(("provider_create",)),
    "commissioning:provider-detail": Read(("provider_detail", "provider_elsewhere")),
    "commissioning:provider-update": Action(("provider_update",)),
}
