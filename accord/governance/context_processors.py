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
    chosen_slug = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    current: Partnership | None = next((p for p in choices if p.slug == chosen_slug), None)
    return {"partnership_choices": choices, "current_partnership": current}
