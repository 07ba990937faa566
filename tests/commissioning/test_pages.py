"""The providers' pages: the public reads the register, members also see contacts, the
programme team adds and changes providers; bad input is refused naming the field."""

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.commissioning import services
from accord.commissioning.models import Provider
from tests import factories
from tests.governance.register_data import partnership_with_officer

FORM = {
    "name": "Wychwood Housing Association",
    "kind": "voluntary",
    "company_number": "01234567",
    "charity_number": "",
    "address_line_1": "1 Market Square",
    "address_line_2": "",
    "town": "Witney",
    "postcode": "ox28 6ag",
    "contact_name": "Jo Bloggs",
    "contact_job_title": "Services Manager",
    "contact_email": "jo@wychwood-ha.example",
    "contact_phone": "01993 700000",
    "trading_names": "Wychwood Support",
}


@pytest.fixture
def wychwood(db):
    return partnership_with_officer()


@pytest.fixture
def provider(wychwood):
    return services.provider_create(
        actor=None,
        partnership=wychwood,
        **{k: v for k, v in FORM.items() if k != "contact_job_title"},
    )


def url(name, partnership, *args):
    return reverse(f"commissioning:{name}", args=[partnership.slug, *args])


def test_an_officer_adds_a_provider_and_is_taken_to_its_page(client, sign_in, wychwood):
    sign_in("wychwood-officer")
    response = client.post(url("provider-create", wychwood), FORM)
    provider = Provider.objects.get(partnership=wychwood)
    assert response.status_code == 302
    assert response["Location"] == url("provider-detail", wychwood, provider.pk)
    assert provider.postcode == "OX28 6AG"
    page = client.get(response["Location"]).content.decode()
    assert "Wychwood Housing Association" in page
    assert "GB-COH-01234567" in page
    assert "jo@wychwood-ha.example" in page  # the programme team sees the contact
    assert AuditEvent.objects.filter(action="provider.create", actor_name="wychwood-officer")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postcode", "OX99 ZZZ", "Enter a real UK postcode"),
        ("company_number", "XX123456", "XX is not a prefix Companies House uses"),
        ("charity_number", "12", "Enter a charity number"),
        ("name", "", "Enter the legal name"),
        ("name", "N" * 201, "at most 200 characters"),
        ("contact_email", "jo at example", "Enter an email address"),
        ("contact_phone", "phone me", "Enter a telephone number"),
        ("kind", "charity", "Select a valid choice"),
    ],
)
def test_the_form_refuses_bad_input_naming_the_field_and_saves_nothing(
    client, sign_in, wychwood, field, value, message
):
    sign_in("wychwood-officer")
    response = client.post(url("provider-create", wychwood), {**FORM, field: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#id_{field}' in page  # the error summary links to the field
    assert message in page
    assert not Provider.objects.exists()


def test_the_same_company_number_twice_is_refused_on_the_field(client, sign_in, provider):
    sign_in("wychwood-officer")
    response = client.post(
        url("provider-create", provider.partnership), {**FORM, "name": "Another name"}
    )
    assert "already has a provider with that Companies House number" in response.content.decode()
    assert Provider.objects.count() == 1


def test_an_officer_changes_a_provider(client, sign_in, provider):
    sign_in("wychwood-officer")
    form = client.get(url("provider-update", provider.partnership, provider.pk))
    assert 'value="Wychwood Housing Association"' in form.content.decode()
    response = client.post(
        url("provider-update", provider.partnership, provider.pk),
        {**FORM, "town": "Chipping Norton", "postcode": "OX7 5NJ"},
    )
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.town == "Chipping Norton"
    event = AuditEvent.objects.get(action="provider.update")
    assert event.changes["town"] == ["Witney", "Chipping Norton"]


def test_the_public_reads_the_register_but_not_the_contacts_nor_the_forms(client, provider):
    listing = client.get(url("provider-list", provider.partnership)).content.decode()
    assert "Wychwood Housing Association" in listing
    assert "Add a provider" not in listing
    detail = client.get(url("provider-detail", provider.partnership, provider.pk))
    page = detail.content.decode()
    assert detail.status_code == 200
    assert "1 Market Square" in page
    assert "Jo Bloggs" not in page
    assert "jo@wychwood-ha.example" not in page
    assert client.get(url("provider-create", provider.partnership)).status_code in (302, 403)
    changed = client.post(url("provider-update", provider.partnership, provider.pk), FORM)
    assert changed.status_code in (302, 403)
    assert not AuditEvent.objects.filter(action="provider.update").exists()


def test_the_list_filters_by_kind_and_shows_fifty_a_page(client, wychwood):
    for i in range(55):
        factories.ProviderFactory(partnership=wychwood, name=f"Private {i:02}", kind="private")
    factories.ProviderFactory(partnership=wychwood, name="The County Council", kind="statutory")
    page = client.get(url("provider-list", wychwood), {"kind": "statutory"}).content.decode()
    assert "The County Council" in page
    assert "Private 00" not in page
    first = client.get(url("provider-list", wychwood)).content.decode()
    assert "56 providers" in first
    assert "Private 49" in first
    assert "Private 50" not in first
    second = client.get(url("provider-list", wychwood), {"page": 2}).content.decode()
    assert "Private 50" in second
    assert "The County Council" in second


def test_the_list_page_queries_do_not_grow_with_the_register(
    client, wychwood, django_assert_max_num_queries
):
    for i in range(2):
        factories.ProviderFactory(partnership=wychwood, name=f"Small {i}")
    with django_assert_max_num_queries(40) as few:
        client.get(url("provider-list", wychwood))
    queries_with_two = len(few)
    for i in range(30):
        factories.ProviderFactory(partnership=wychwood, name=f"Large {i}", company_number="")
    with django_assert_max_num_queries(queries_with_two):
        page = client.get(url("provider-list", wychwood)).content.decode()
    assert "Large 29" in page


def test_the_csv_has_contacts_only_for_those_who_may_see_them(client, sign_in, provider):
    public = client.get(url("provider-export", provider.partnership))
    rows = list(csv.reader(io.StringIO(public.content.decode())))
    assert rows[0][:4] == ["id", "name", "trading_names", "kind"]
    assert "contact_email" not in rows[0]
    assert rows[1][1] == "Wychwood Housing Association"
    assert rows[1][rows[0].index("org_id")] == "GB-COH-01234567"
    assert not AuditEvent.objects.filter(action="provider.export").exists()

    sign_in("wychwood-officer")
    officer = client.get(url("provider-export", provider.partnership))
    assert officer["Content-Disposition"].startswith('attachment; filename="accord-wychwood-')
    rows = list(csv.reader(io.StringIO(officer.content.decode())))
    assert rows[1][rows[0].index("contact_email")] == "jo@wychwood-ha.example"
    assert AuditEvent.objects.filter(action="provider.export", actor_name="wychwood-officer")


def test_a_provider_of_another_partnership_is_not_found_at_this_partnerships_address(
    client, sign_in, provider
):
    other = partnership_with_officer("elsewhere", "elsewhere-officer")
    sign_in("elsewhere-officer")
    assert client.get(url("provider-detail", other, provider.pk)).status_code == 404
    assert client.get(url("provider-update", other, provider.pk)).status_code == 404
    # and its own address refuses the other partnership's officer a change
    assert client.get(url("provider-update", provider.partnership, provider.pk)).status_code == 403


def test_a_providers_page_lists_the_same_organisation_in_other_partnerships(client, provider):
    other = partnership_with_officer("elsewhere", "elsewhere-officer")
    twin: Any = factories.ProviderFactory(
        partnership=other, name="Wychwood HA (Elsewhere)", company_number="01234567"
    )
    page = client.get(url("provider-detail", provider.partnership, provider.pk)).content.decode()
    assert "Elsewhere Supporting People" in page
    assert url("provider-detail", other, twin.pk) in page
