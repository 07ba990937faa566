"""The partnership switcher shown in every page's header."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django.utils import timezone

from accord import policy

from .models import Partnership
from .selectors import partnership_list

SESSION_KEY = "partnership"
# Beyond this many partnerships, the header offers a person only their own (the ones they
# sit in or administer) and links to the list of all of them on the home page: a national
# installation has 152, too many for a menu on every page.
SWITCHER_LIMIT = 20


def switcher_choices(user: AbstractBaseUser | AnonymousUser) -> tuple[list[Partnership], bool]:
    """The partnerships the switcher offers, and whether it leaves some out."""
    everything = partnership_list().only("slug", "name")
    if user.is_authenticated and not getattr(user, "is_superuser", False):
        today = timezone.localdate()
        own = policy.member_partnership_ids(user, on=today) | (
            policy.administered_partnership_ids(user, on=today)
        )
        if own:
            return list(everything.filter(pk__in=own)), True
    choices = list(everything[: SWITCHER_LIMIT + 1])
    return choices[:SWITCHER_LIMIT], len(choices) > SWITCHER_LIMIT


def partnership_switcher(request: HttpRequest) -> dict[str, object]:
    """The partnerships to choose from and the one chosen (kept in the session), in at most
    two queries whatever the number of partnerships."""
    user = getattr(request, "user", AnonymousUser())
    choices, cut = switcher_choices(user)
    # On a partnership's own pages (``partnership_page`` keeps it on the request), that
    # partnership is the current one; elsewhere, the one last chosen in the switcher.
    on_page: Partnership | None = getattr(request, "partnership", None)
    chosen_slug = on_page.slug if on_page is not None else None
    if chosen_slug is None and hasattr(request, "session"):
        chosen_slug = request.session.get(SESSION_KEY)
    current: Partnership | None = next((p for p in choices if p.slug == chosen_slug), None)
    if current is None and chosen_slug:
        current = (
            on_page or partnership_list().only("slug", "name").filter(slug=chosen_slug).first()
        )
        if current is not None:
            choices = [*choices, current]
    return {
        "partnership_choices": choices,
        "current_partnership": current,
        "partnership_choices_cut": cut,
        # Every partnership, for the home page's list: a lazy query, run only where used.
        "all_partnerships": partnership_list().only("slug", "name"),
    }
