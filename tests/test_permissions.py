"""Every route that carries an object id refuses whoever may not see that object.

The table below says, for each such route, who may open it. A meta-test fails when a
new id-bearing route appears without a row here, so no route can skip the policy.
"""

from collections.abc import Callable, Iterator

import pytest
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from accord.governance.models import Partnership
from accord.governance.selectors import partnerships_of_member
from tests.governance.register_data import START, Register, build_register

# route name -> who may open it for an object of Oxfordshire: "public" (everyone),
# "register" (people seated on one of its bodies, its programme officers, administrators),
# "officers" (its programme officers and administrators: the forms that change the register).
ID_ROUTES = {
    "governance:partnership-detail": "public",
    "api:partnership_detail": "public",
    "governance:partner-list": "register",
    "governance:partner-export": "register",
    "governance:body-list": "register",
    "governance:body-export": "register",
    "governance:body-detail": "register",
    "governance:person-list": "register",
    "governance:membership-export": "register",
    "governance:constitution-detail": "register",
    "governance:question-list": "register",
    "governance:question-detail": "register",
    "governance:partner-create": "officers",
    "governance:body-create": "officers",
    "governance:person-create": "officers",
    "governance:membership-create": "officers",
    "governance:membership-end": "officers",
    "governance:signature-create": "officers",
    "governance:position-create": "officers",
    "api:partner_list": "register",
    "api:body_list": "register",
    "api:body_seats": "register",
    "api:person_list": "register",
    "api:membership_list": "register",
    # The create operations share their list's address; this test GETs it, which lists.
    # Who may POST is tested in tests/governance/test_register_api.py.
    "api:partner_create": "register",
    "api:body_create": "register",
    "api:person_create": "register",
    "api:membership_create": "register",
}
# Routes whose address carries an object as well as the partnership: which object, and
# the name of its argument.
ROUTE_OBJECTS: dict[str, tuple[Callable[[Register], Model], str]] = {
    "governance:body-detail": (lambda register: register.board, "pk"),
    "api:body_seats": (lambda register: register.board, "body_id"),
    "governance:membership-end": (lambda register: register.memberships[0], "pk"),
    "governance:signature-create": (lambda register: register.amendment, "pk"),
    "governance:question-detail": (lambda register: register.question, "pk"),
    "governance:position-create": (lambda register: register.question, "pk"),
}
# What nobody refused may see: every name in the register built below carries it.
MARKER = "Wychwood"
# Demo users who sit on one of Oxfordshire's bodies (seated below if the demo does not).
SEATED = ["representative", "serviceuser"]
# The admin carries ids in every change page: it refuses everyone but staff (sign-in redirect).
ADMIN_NAMESPACE = "admin"

PEOPLE = ["anonymous", "representative", "provider", "serviceuser", "officer-of-another", "officer"]


def id_routes(
    resolvers: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, str]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if entry.namespace and namespace
                else (entry.namespace or namespace)
            )
            yield from id_routes(entry.url_patterns, inner)
        elif entry.pattern.regex.groups and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name, str(entry.pattern)


def test_every_route_that_carries_an_id_is_in_the_permission_table():
    routes = {
        name
        for name, _ in id_routes(get_resolver().url_patterns)
        if not name.startswith(f"{ADMIN_NAMESPACE}:")
    }
    assert routes - set(ID_ROUTES) == set(), "add these routes to ID_ROUTES with who may open them"
    assert set(ID_ROUTES) - routes == set(), "these routes no longer exist"


@pytest.fixture
def register(demo) -> Register:
    """Oxfordshire's register with rows of our own, and the SEATED users on a body."""
    from django.contrib.auth import get_user_model

    from accord.governance import services

    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    register = build_register(oxfordshire, name=MARKER)
    for username in SEATED:
        user = get_user_model().objects.get(username=username)
        if not seated_in(username, oxfordshire):
            seated = services.person_create(
                actor=None, partnership=oxfordshire, name=f"{MARKER} seat of {username}", user=user
            )
            services.membership_create(
                actor=None,
                partnership=oxfordshire,
                body=register.groups[0],
                person=seated,
                role="observer",
                start_date=START,
            )
    return register


@pytest.fixture
def person(client, register, sign_in, request):
    """Sign in as one of PEOPLE; "officer-of-another" runs Gloucestershire, not Oxfordshire."""
    from accord.governance.services import programme_officer_appoint

    name = request.param
    if name == "officer-of-another":
        from django.contrib.auth import get_user_model

        other = get_user_model().objects.create_user("glos-officer", password="x" * 12)
        programme_officer_appoint(
            actor=None,
            partnership=Partnership.objects.get(slug="gloucestershire"),
            user=other,
            start_date=__import__("datetime").date(2003, 4, 1),
        )
        sign_in("glos-officer")
    elif name != "anonymous":
        sign_in(name)
    return name


def url_for(route: str, register: Register) -> str:
    from django.urls import reverse

    kwargs: dict[str, object] = {"slug": register.partnership.slug}
    if route in ROUTE_OBJECTS:
        object_of, argument = ROUTE_OBJECTS[route]
        kwargs[argument] = object_of(register).pk
    return reverse(route, kwargs=kwargs)


def seated_in(username: str, partnership: Partnership) -> bool:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return False
    on = timezone.localdate()  # the policy reads today's seats
    return partnerships_of_member(user, on=on).filter(pk=partnership.pk).exists()


def may_open(route: str, person: str, partnership: Partnership) -> bool:
    visibility = ID_ROUTES[route]
    if visibility == "public" or person == "officer":
        return True
    return visibility == "register" and seated_in(person, partnership)


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE, indirect=True)
def test_id_routes_open_only_to_those_the_policy_allows(client, person, register):
    """Each person tries every route (one demo load per person, not per route)."""
    oxfordshire = register.partnership
    wrong = []
    for route in sorted(ID_ROUTES):
        response = client.get(url_for(route, register))
        body = response.content.decode()
        if may_open(route, person, oxfordshire):
            if response.status_code != 200:
                wrong.append(f"{route}: {response.status_code}, expected 200")
        # 401: the API asks an anonymous caller to sign in.
        elif response.status_code not in {401, 403, 404} or MARKER in body:
            wrong.append(f"{route}: {response.status_code} showing the register, expected 403")
    assert wrong == []


@pytest.mark.django_db
def test_the_demo_users_seated_in_oxfordshire_may_read_its_register(register):
    assert all(seated_in(username, register.partnership) for username in SEATED)


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["anonymous", "representative", "officer"], indirect=True)
def test_the_admin_refuses_everyone_but_installation_staff(client, person):
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    response = client.get(f"/admin/governance/partnership/{oxfordshire.pk}/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
