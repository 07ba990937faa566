"""Every route that carries an object id refuses whoever may not see that object.

The table below says, for each such route, who may open it. A meta-test fails when a
new id-bearing route appears without a row here, so no route can skip the policy.
"""

from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accord.governance.models import Partnership

# route name -> who may open it for an object of Oxfordshire ("public": everyone).
ID_ROUTES = {
    "governance:partnership-detail": "public",
    "api:partnership_detail": "public",
}
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
def person(client, demo, sign_in, request):
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


def url_for(route: str, partnership: Partnership) -> str:
    from django.urls import reverse

    return reverse(route, kwargs={"slug": partnership.slug})


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE, indirect=True)
@pytest.mark.parametrize("route", sorted(ID_ROUTES))
def test_id_routes_open_only_to_those_the_policy_allows(client, person, route):
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    response = client.get(url_for(route, oxfordshire))
    if ID_ROUTES[route] == "public" or person == "officer":
        assert response.status_code == 200
    else:
        assert response.status_code in {403, 404}
        assert oxfordshire.name not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["anonymous", "representative", "officer"], indirect=True)
def test_the_admin_refuses_everyone_but_installation_staff(client, person):
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    response = client.get(f"/admin/governance/partnership/{oxfordshire.pk}/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
