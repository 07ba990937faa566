"""Providers in the JSON API: a public, paged register; contacts for members and the
programme team; adding and changing for the programme team, a change only from the
version read (If-Match); bad input refused with 422 naming the field."""

from typing import Any

import pytest

from accord.audit.models import AuditEvent
from accord.commissioning import services
from accord.commissioning.models import Provider
from tests import factories
from tests.governance.register_data import partnership_with_officer

BASE = "/api/commissioning/partnerships"
PAYLOAD = {
    "name": "Wychwood Housing Association",
    "kind": "voluntary",
    "charity_number": "1123456",
    "address_line_1": "1 Market Square",
    "town": "Witney",
    "postcode": "ox28 6ag",
    "contact_name": "Jo Bloggs",
    "contact_email": "jo@wychwood-ha.example",
}


@pytest.fixture
def wychwood(db):
    return partnership_with_officer()


@pytest.fixture
def officer(client, sign_in, wychwood):
    sign_in("wychwood-officer")
    return client


def post(client, payload):
    return client.post(f"{BASE}/wychwood/providers", payload, content_type="application/json")


def test_an_officer_adds_a_provider_and_reads_it_back(officer, wychwood):
    response = post(officer, PAYLOAD)
    assert response.status_code == 201
    created = response.json()
    assert created["postcode"] == "OX28 6AG"
    assert created["org_id"] == "GB-CHC-1123456"
    assert created["contact"]["email"] == "jo@wychwood-ha.example"
    assert created["kind"] == "voluntary"
    read = officer.get(f"{BASE}/wychwood/providers/{created['id']}")
    assert read.json() == created
    assert read["ETag"]
    assert AuditEvent.objects.filter(action="provider.create", object_id=str(created["id"]))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("postcode", "OX99 ZZZ"),
        ("company_number", "XX123456"),
        ("charity_number", "12"),
        ("name", "N" * 201),
        ("kind", "charity"),
        ("contact_email", "jo at example"),
        ("town", ""),
    ],
)
def test_bad_input_is_refused_with_422_naming_the_field(officer, field, value):
    response = post(officer, {**PAYLOAD, field: value})
    assert response.status_code == 422
    assert response.json()["error"]["field"].endswith(field)
    assert not Provider.objects.exists()


def test_the_register_is_public_paged_and_filtered_without_contacts(client, wychwood):
    for i in range(3):
        factories.ProviderFactory(
            partnership=wychwood, name=f"Provider {i}", contact_name="Jo Bloggs"
        )
    factories.ProviderFactory(partnership=wychwood, name="County", kind="statutory")
    page = client.get(f"{BASE}/wychwood/providers", {"limit": 2, "offset": 1}).json()
    assert page["count"] == 4
    assert page["limit"] == 2
    assert [row["name"] for row in page["items"]] == ["Provider 0", "Provider 1"]
    assert all(row["contact"] is None for row in page["items"])
    statutory = client.get(f"{BASE}/wychwood/providers", {"kind": "statutory"}).json()
    assert [row["name"] for row in statutory["items"]] == ["County"]
    assert client.get(f"{BASE}/wychwood/providers", {"kind": "nonsense"}).status_code == 422


def test_the_public_may_not_add_a_provider(client, wychwood):
    assert post(client, PAYLOAD).status_code == 401
    assert not Provider.objects.exists()


def test_a_provider_is_changed_only_from_its_current_version(officer, wychwood):
    provider = services.provider_create(
        actor=None,
        partnership=wychwood,
        **{k: v for k, v in PAYLOAD.items() if k != "contact_name"},
    )
    address = f"{BASE}/wychwood/providers/{provider.pk}"
    version = officer.get(address)["ETag"]
    changed = {**PAYLOAD, "town": "Chipping Norton", "postcode": "OX7 5NJ"}

    missing = officer.put(address, changed, content_type="application/json")
    assert missing.status_code == 428
    assert missing.json()["error"]["field"] == "If-Match"

    done = officer.put(address, changed, content_type="application/json", HTTP_IF_MATCH=version)
    assert done.status_code == 200
    assert done.json()["town"] == "Chipping Norton"
    assert done["ETag"] != version

    stale = officer.put(address, PAYLOAD, content_type="application/json", HTTP_IF_MATCH=version)
    assert stale.status_code == 412
    bad = officer.put(
        address,
        {**PAYLOAD, "postcode": "nowhere"},
        content_type="application/json",
        HTTP_IF_MATCH=done["ETag"],
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "postcode"
    provider.refresh_from_db()
    assert provider.town == "Chipping Norton"
    assert AuditEvent.objects.filter(action="provider.update").count() == 1


def test_a_provider_of_another_partnership_is_not_found_here(officer, wychwood):
    other = factories.PartnershipFactory(slug="elsewhere", name="Elsewhere Supporting People")
    theirs: Any = factories.ProviderFactory(partnership=other, charity_number="1123456")
    assert officer.get(f"{BASE}/wychwood/providers/{theirs.pk}").status_code == 404
    response = officer.put(
        f"{BASE}/wychwood/providers/{theirs.pk}",
        PAYLOAD,
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert response.status_code == 404
    # ...but the same organisation is found through its registration number
    ours = post(officer, PAYLOAD).json()
    elsewhere = officer.get(f"{BASE}/wychwood/providers/{ours['id']}/elsewhere").json()
    assert elsewhere["items"] == [
        {
            "partnership": "elsewhere",
            "partnership_name": "Elsewhere Supporting People",
            "provider_id": theirs.pk,
            "name": theirs.name,
        }
    ]


def test_an_officer_of_another_partnership_may_not_change_this_ones_providers(
    client, sign_in, wychwood
):
    provider: Any = factories.ProviderFactory(partnership=wychwood)
    partnership_with_officer("elsewhere", "elsewhere-officer")
    sign_in("elsewhere-officer")
    response = client.put(
        f"{BASE}/wychwood/providers/{provider.pk}",
        PAYLOAD,
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert response.status_code == 403
    assert client.get(f"{BASE}/wychwood/providers/{provider.pk}").json()["contact"] is None


def test_the_list_operation_queries_do_not_grow_with_the_register(
    client, wychwood, django_assert_max_num_queries
):
    factories.ProviderFactory(partnership=wychwood)
    with django_assert_max_num_queries(20) as few:
        client.get(f"{BASE}/wychwood/providers")
    queries_with_one = len(few)
    for _ in range(40):
        factories.ProviderFactory(partnership=wychwood)
    with django_assert_max_num_queries(queries_with_one):
        assert len(client.get(f"{BASE}/wychwood/providers").json()["items"]) == 41
