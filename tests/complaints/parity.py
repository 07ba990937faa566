"""The complaints pages and the API operations that do what they do (tests/parity.py)."""

from tests.parity import Entry, Read

PAGES: dict[str, Entry] = {
    "complaints:complaint-list": Read(("complaint_list",)),
    "complaints:complaint-export": Read(("complaint_list",)),
    "complaints:complaint-detail": Read(("complaint_detail",)),
    "complaints:complaint-analysis": Read(("complaint_analysis",)),
}
