"""Open Referral UK: the read API (``/openreferral/``) and ``accord export openreferral``.

Every response is validated as served (the bytes, parsed) against the official schemas,
offline: the UK profile's compiled ``service.json`` (self-contained) and HSDS 3.0's
``schema/*.json`` registered under the base the specification uses, each with the
2020-12 validator and its format checker (``uuid``, ``date-time``, ``uri``, ``email``).
A stricter copy of each closes every object to the properties the standard defines
(``additionalProperties: false``, as Open Referral's own example check does), so a typo
or a property the UK profile removed fails. The copies are the shared standards folder's,
unchanged (tests/standards/README.md, tests/test_standards.py).

The list envelope and the ``/`` answer have no schema file among those copied; their
schemas below are written from the HSDS 3.0 API reference (docs/hsds/api_reference.md:
the page's "total_items", "total_pages", "page_number", "size", "first_page",
"last_page", "empty" and its array of services; "api_details": version, profile,
openapi_url).
"""

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from accord.cli import main
from accord.commissioning import openreferral
from accord.commissioning.models import ClientGroup, Provider, Service
from tests import factories

STANDARDS = Path(
    os.environ.get("ACCORD_STANDARDS_DIR", Path(__file__).resolve().parents[1] / "standards")
)
HSDS = STANDARDS / "hsds" / "schema"
UK = STANDARDS / "hsds-uk"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
CHECKER = Draft202012Validator.FORMAT_CHECKER

PAGE = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "total_items", "total_pages", "page_number", "size", "first_page", "last_page",
        "empty", "contents",
    ],
    "properties": {
        "total_items": {"type": "integer", "minimum": 0},
        "total_pages": {"type": "integer", "minimum": 1},
        "page_number": {"type": "integer", "minimum": 1},
        "size": {"type": "integer", "minimum": 1},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "contents": {"type": "array"},
    },
}  # fmt: skip
API_DETAILS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "openapi_url"],
    "properties": {
        "version": {"type": "string"},
        "profile": {"type": "string", "format": "uri"},
        "openapi_url": {"type": "string", "format": "uri"},
    },
}


def refuse(uri: str) -> Any:
    raise LookupError(f"schema not stored locally: {uri}")


def closed(schema: Any) -> Any:
    """A copy with every object closed to its own properties."""
    schema = copy.deepcopy(schema)

    def close(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node and node.get("type", "object") == "object":
                node.setdefault("additionalProperties", False)
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


@pytest.fixture(scope="module")
def validators() -> list[Draft202012Validator]:
    """The service validators: UK profile and HSDS 3.0, each as published and closed."""
    if not HSDS.is_dir() or not UK.is_dir():
        pytest.fail(f"the HSDS schemas are not under {STANDARDS} (see tests/standards/README.md)")
    found = []
    uk = json.loads((UK / "service.json").read_text())
    for schema in (uk, closed(uk)):
        found.append(Draft202012Validator(schema, format_checker=CHECKER))
    files = {path.name: json.loads(path.read_text()) for path in HSDS.glob("*.json")}
    assert len(files) == 21
    for transform in (lambda schema: schema, closed):
        # attrs spells the private field _retrieve; mypy does not see its public alias.
        registry: Registry = Registry(retrieve=refuse)  # type: ignore[call-arg]
        for name, schema in files.items():
            registry = registry.with_resource(
                BASE + name, Resource.from_contents(transform(schema), DRAFT202012)
            )
        found.append(
            Draft202012Validator(
                {"$ref": BASE + "service.json"}, registry=registry, format_checker=CHECKER
            )
        )
    return found


def assert_valid(validators: list[Draft202012Validator], service: dict[str, Any]) -> None:
    for validator in validators:
        errors = sorted(validator.iter_errors(service), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def served(response: Any) -> Any:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def test_the_api_details_say_which_version_and_profile(client, db):
    details = served(client.get("/openreferral/"))
    Draft202012Validator(API_DETAILS, format_checker=CHECKER).validate(details)
    assert details["version"] == "3.0"
    assert "uk-profile" in details["profile"]


def test_every_service_of_the_demo_validates_as_served(client, demo, validators):
    first = served(client.get("/openreferral/services", {"per_page": 20}))
    Draft202012Validator(PAGE).validate(first)
    assert first["total_items"] == Service.objects.count()
    assert first["total_pages"] == -(-first["total_items"] // 20)
    assert first["first_page"]
    assert not first["last_page"]
    contents = list(first["contents"])
    for number in range(2, first["total_pages"] + 1):
        page = served(client.get("/openreferral/services", {"per_page": 20, "page": number}))
        Draft202012Validator(PAGE).validate(page)
        assert page["page_number"] == number
        contents += page["contents"]
    assert page["last_page"]
    assert len({service["id"] for service in contents}) == Service.objects.count()
    for service in contents:
        assert_valid(validators, service)
    # and each one at its own address, as served there
    for service in contents[:: max(1, len(contents) // 8)]:
        one = served(client.get(f"/openreferral/services/{service['id']}"))
        assert_valid(validators, one)
        assert one == service


def test_the_validators_refuse_what_is_not_hsds(client, demo, validators):
    service = served(client.get("/openreferral/services", {"per_page": 1}))["contents"][0]
    for broken in (
        {**service, "status": "open"},
        {**service, "id": "GLOS-0001"},
        {**service, "last_modified": "yesterday"},
        {key: value for key, value in service.items() if key != "name"},
    ):
        assert any(list(v.iter_errors(broken)) for v in validators)
    extra = {**service, "reference": "GLOS-0001"}
    assert list(validators[1].iter_errors(extra))  # the closed UK schema


def test_ids_are_the_rows_uuids_and_stable(client, demo):
    service = Service.objects.select_related("provider").get(reference="OXON-0001")
    first = served(client.get(f"/openreferral/services/{service.uuid}"))
    again = served(client.get(f"/openreferral/services/{service.uuid}"))
    assert first == again
    assert first["id"] == str(service.uuid)
    assert first["organization"]["id"] == first["organization_id"] == str(service.provider.uuid)
    places = {str(place.uuid) for place in service.locations.all()}
    assert {sal["location_id"] for sal in first["service_at_locations"]} == places
    assert first["status"] == "defunct"  # decommissioned by the Strategy 2008-11
    assert first["url"].endswith(f"/partnerships/oxfordshire/services/{service.pk}/")


def test_the_feed_publishes_no_contact_and_no_refuge_address(client, demo):
    body = client.get("/openreferral/services", {"per_page": 200}).content.decode()
    for provider in Provider.objects.exclude(contact_email=""):
        assert provider.contact_email not in body
    for provider in Provider.objects.exclude(contact_phone=""):
        assert provider.contact_phone not in body
    refuge = Service.objects.filter(primary_client_group=ClientGroup.DOMESTIC_VIOLENCE).first()
    assert refuge is not None
    assert refuge.locations.exists()
    shown = served(client.get(f"/openreferral/services/{refuge.uuid}"))
    assert shown["service_at_locations"] == []


def test_the_list_filters(client, demo):
    teenage = openreferral.CLIENT_GROUPS.term_id(ClientGroup.TEENAGE_PARENTS)
    found = served(client.get("/openreferral/services", {"taxonomy_term_id": teenage}))
    names = {service["name"] for service in found["contents"]}
    assert "Banbury Teenage Parents Project" in names
    assert "Teenage Parents Project" in names
    oxon = served(
        client.get("/openreferral/services", {"partnership": "oxfordshire", "per_page": 200})
    )
    assert oxon["total_items"] == Service.objects.filter(partnership__slug="oxfordshire").count()
    provider = Provider.objects.get(partnership__slug="oxfordshire", name="Isis Floating Support")
    theirs = served(client.get("/openreferral/services", {"organization_id": str(provider.uuid)}))
    assert theirs["total_items"] == provider.services.count()
    assert {s["organization_id"] for s in theirs["contents"]} == {str(provider.uuid)}
    searched = served(client.get("/openreferral/services", {"search": "wardens"}))
    assert searched["total_items"] >= 2
    floating = served(
        client.get("/openreferral/services", {"delivery_model": "floating", "per_page": 200})
    )
    assert floating["total_items"] == Service.objects.filter(delivery_model="floating").count()
    past_the_end = served(client.get("/openreferral/services", {"page": 99}))
    assert past_the_end["empty"]
    assert past_the_end["contents"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"page": "0"},
        {"per_page": "-1"},
        {"organization_id": "not-a-uuid"},
        {"taxonomy_term_id": "00000000-0000-0000-0000-000000000000"},
        {"client_group": "99"},
        {"status": "open"},
        {"partnership": "nowhere"},
    ],
)
def test_a_bad_query_is_refused_saying_which(client, db, query):
    response = client.get("/openreferral/services", query)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["error"]["field"] == next(iter(query))


def test_an_unknown_service_is_not_found(client, db):
    response = client.get("/openreferral/services/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get("/openreferral/services/GLOS-0001").status_code == 404


def test_only_the_open_data_allows_any_origin(client, db):
    partnership = factories.PartnershipFactory(slug="wychwood")
    assert client.get("/openreferral/")["Access-Control-Allow-Origin"] == "*"
    for address in (
        f"/partnerships/{partnership.slug}/services/",
        f"/api/commissioning/partnerships/{partnership.slug}/services",
    ):
        assert "Access-Control-Allow-Origin" not in client.get(address)


def test_the_list_queries_do_not_grow_with_the_directory(client, db, django_assert_max_num_queries):
    provider: Any = factories.ProviderFactory(company_number="01234567")
    district: Any = factories.PartnerFactory(partnership=provider.partnership)

    def grow(n: int) -> None:
        for _ in range(n):
            service: Any = factories.ServiceFactory(provider=provider)
            service.districts.add(district)
            factories.ServiceLocationFactory(service=service)

    grow(2)
    with django_assert_max_num_queries(20) as few:
        client.get("/openreferral/services")
    grow(30)
    with django_assert_max_num_queries(len(few)):
        assert served(client.get("/openreferral/services"))["total_items"] == 32


def exported(capsysbinary, slug: str) -> list[dict[str, Any]]:
    assert main(["export", "openreferral", slug]) == 0
    return json.loads(capsysbinary.readouterr().out.decode("utf-8"))


def test_the_export_is_a_list_of_valid_services_of_the_partnership(demo, capsysbinary, validators):
    services = exported(capsysbinary, "gloucestershire")
    assert isinstance(services, list)
    ours = Service.objects.filter(partnership__slug="gloucestershire")
    assert {s["id"] for s in services} == {
        str(uuid) for uuid in ours.values_list("uuid", flat=True)
    }
    for service in services:
        assert_valid(validators, service)
        assert service["organization"]["name"]
    with_locations = [s for s in services if s["service_at_locations"]]
    assert with_locations
    marked = [a for s in services for a in s["attributes"] if a["link_type"] == "provenance"]
    assert marked  # the demo's invented values are named
