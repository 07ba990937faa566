"""The partnership switcher shown in every page's header."""

from django.http import HttpRequest

from .models import Partnership
from .selectors import partnership_list

SESSION_KEY = "partnership"


def partnership_switcher(request: HttpRequest) -> dict[str, object]:
    """The partnerships to choose from and the one chosen (kept in the session).

    The list is evaluated lazily by the template, in one query whatever its length.
    """
    choices = list(partnership_list().only("slug", "name"))
    # On a partnership's own pages, that partnership is the current one; elsewhere, the
    # one last chosen in the switcher.
    match = getattr(request, "resolver_match", None)
    chosen_slug = None
    if match is not None and match.namespace == "governance":
        chosen_slug = match.kwargs.get("slug")
    if chosen_slug is None and hasattr(request, "session"):
        chosen_slug = request.session.get(SESSION_KEY)
    current: Partnership | None = next((p for p in choices if p.slug == chosen_slug), None)
    return {"partnership_choices": choices, "current_partnership": current}
