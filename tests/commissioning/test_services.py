"""The services directory: audited changes with their history, the decision a status
change needs, locations only where a service has addresses, and the pages (public
directory, officers' forms, CSV)."""

import csv
import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.commissioning import services
from accord.commissioning.models import Service, ServiceChange, ServiceLocation
from tests import factories
from tests.governance.register_data import partnership_with_officer

START = datetime.date(2003, 4, 1)


@pytest.fixture
def wychwood(db):
    return partnership_with_officer()


@pytest.fixture
def provider(wychwood):
    return factories.ProviderFactory(partnership=wychwood, name="Wychwood Housing Trust")


@pytest.fixture
def district(wychwood):
    return factories.PartnerFactory(partnership=wychwood, name="West Wychwood District Council")


def carried(partnership, title="Strategy 2004-09", state="carried"):
    body = factories.BodyFactory(partnership=partnership)
    return factories.ProposalFactory(deciding_body=body, title=title, kind="strategy", state=state)


def values(provider, **changes: Any) -> dict[str, Any]:
    return {
        "reference": "WYCH-0001",
        "provider": provider,
        "name": "Resident wardens in sheltered housing",
        "service_type": "sheltered",
        "term": "long",
        "delivery_model": "accommodation",
        "primary_client_group": 1,
        "capacity": 480,
        "capacity_unit": "units",
        "start_date": START,
        **changes,
    }


@pytest.fixture
def wardens(wychwood, provider, district):
    return services.service_create(
        actor=None,
        partnership=wychwood,
        districts=[district],
        secondary_client_groups=[3],
        status="commissioned",
        **values(provider),
    )


# ------------------------------------------------------------------ services


def test_a_service_enters_the_directory_with_the_first_entry_of_its_history(wardens):
    entry = ServiceChange.objects.get(service=wardens)
    assert entry.summary == "Entered in the directory"
    assert entry.changes["reference"] == [None, "WYCH-0001"]
    assert entry.changes["districts"] == [None, ["West Wychwood District Council"]]
    assert entry.changes["secondary_client_groups"] == [None, [3]]
    assert AuditEvent.objects.filter(action="service.create", object_id=str(wardens.pk))


def test_a_change_records_each_field_before_and_after(wardens):
    services.service_update(
        actor=None, service=wardens, capacity=420, name="Sheltered housing with wardens",
        changed_on=datetime.date(2006, 4, 1),
    )  # fmt: skip
    change = ServiceChange.objects.filter(service=wardens).order_by("pk").last()
    assert change is not None
    assert change.changed_on == datetime.date(2006, 4, 1)
    assert change.changes == {
        "capacity": [480, 420],
        "name": ["Resident wardens in sheltered housing", "Sheltered housing with wardens"],
    }
    assert change.summary == "Changed: contracted capacity, service name"
    assert AuditEvent.objects.filter(action="service.update").exists()


def test_nothing_changed_adds_nothing_to_the_history(wardens):
    services.service_update(actor=None, service=wardens, capacity=480)
    assert ServiceChange.objects.filter(service=wardens).count() == 1


def test_a_status_change_needs_a_carried_decision_of_the_partnership(wychwood, wardens):
    with pytest.raises(ValidationError) as refused:
        services.service_update(actor=None, service=wardens, status="remodelling")
    assert "decision" in refused.value.message_dict
    disputed = carried(wychwood, state="disputed")
    with pytest.raises(ValidationError) as refused:
        services.service_update(
            actor=None, service=wardens, status="remodelling", decision=disputed
        )
    assert "was carried" in refused.value.message_dict["decision"][0]
    other = partnership_with_officer("elsewhere", "elsewhere-officer")
    with pytest.raises(ValidationError) as refused:
        services.service_update(
            actor=None, service=wardens, status="remodelling", decision=carried(other)
        )
    assert "Choose a decision of Wychwood" in refused.value.message_dict["decision"][0]
    wardens.refresh_from_db()
    assert wardens.status == "commissioned"
    assert ServiceChange.objects.filter(service=wardens).count() == 1

    strategy = carried(wychwood)
    services.service_update(actor=None, service=wardens, status="remodelling", decision=strategy)
    wardens.refresh_from_db()
    assert wardens.status == "remodelling"
    assert wardens.status_decision == strategy
    last = ServiceChange.objects.filter(service=wardens).order_by("pk").last()
    assert last is not None
    assert last.decision == strategy
    assert last.changes == {"status": ["commissioned", "remodelling"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reference": "glos 42"}, "reference"),
        ({"reference": "G-"}, "reference"),
        ({"end_date": datetime.date(2002, 1, 1)}, "end_date"),
        ({"capacity": -1}, "capacity"),
        ({"capacity": "twelve"}, "capacity"),
        ({"primary_client_group": 99}, "primary_client_group"),
        ({"service_type": "hotel"}, "service_type"),
        ({"secondary_client_groups": [1]}, "secondary_client_groups"),
        ({"secondary_client_groups": [42]}, "secondary_client_groups"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_saves_nothing(wychwood, provider, change, field):
    with pytest.raises(ValidationError) as refused:
        services.service_create(actor=None, partnership=wychwood, **{**values(provider), **change})
    assert field in refused.value.message_dict
    assert not Service.objects.exists()
    assert not ServiceChange.objects.exists()


def test_a_reference_is_unique_in_the_installation(wardens):
    other = partnership_with_officer("elsewhere", "elsewhere-officer")
    theirs = factories.ProviderFactory(partnership=other)
    with pytest.raises(ValidationError) as refused:
        services.service_create(actor=None, partnership=other, **values(theirs))
    assert "installation" in refused.value.message_dict["reference"][0]


def test_a_provider_or_district_of_another_partnership_is_refused(wychwood, provider):
    other = partnership_with_officer("elsewhere", "elsewhere-officer")
    theirs = factories.ProviderFactory(partnership=other)
    with pytest.raises(ValidationError) as refused:
        services.service_create(actor=None, partnership=wychwood, **values(theirs))
    assert "provider" in refused.value.message_dict
    foreign: Any = factories.PartnerFactory(partnership=other)
    with pytest.raises(ValidationError) as refused:
        services.service_create(
            actor=None, partnership=wychwood, districts=[foreign], **values(provider)
        )
    assert "districts" in refused.value.message_dict
    assert not Service.objects.exists()


def test_locations_are_added_changed_and_removed_with_history(wardens):
    court = services.location_add(
        actor=None, service=wardens, name="Marriotts Close", address_line_1="Marriotts Close",
        town="Witney", postcode="ox28 6dl", units=34,
    )  # fmt: skip
    assert court.postcode == "OX28 6DL"
    services.location_update(actor=None, location=court, units=30)
    services.location_remove(actor=None, location=court)
    assert not ServiceLocation.objects.exists()
    summaries = list(
        ServiceChange.objects.filter(service=wardens)
        .order_by("pk")
        .values_list("summary", flat=True)
    )
    assert summaries[1:] == [
        "Location added: Marriotts Close",
        "Location changed: Marriotts Close",
        "Location removed: Marriotts Close",
    ]
    last = ServiceChange.objects.filter(service=wardens).order_by("pk").last()
    assert last is not None
    assert last.changes["locations"][0].endswith("(30 units)")


def test_a_service_coming_to_the_person_has_no_locations(wychwood, provider):
    floating = services.service_create(
        actor=None, partnership=wychwood,
        **values(provider, reference="WYCH-0002", service_type="floating",
                 delivery_model="floating", capacity_unit="places"),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.location_add(
            actor=None, service=floating, name="Office", address_line_1="1 High Street",
            town="Witney", postcode="OX28 6AA",
        )  # fmt: skip
    assert "service" in refused.value.message_dict


def test_a_service_with_locations_cannot_stop_being_accommodation_based(wardens):
    factories.ServiceLocationFactory(service=wardens)
    with pytest.raises(ValidationError) as refused:
        services.service_update(actor=None, service=wardens, delivery_model="floating")
    assert "delivery_model" in refused.value.message_dict


# ------------------------------------------------------------------ pages


def url(name, partnership, *args):
    return reverse(f"commissioning:{name}", args=[partnership.slug, *args])


def form(chosen, district, **changes: Any) -> dict[str, Any]:
    data = {
        **values(chosen),
        "provider": chosen.pk,
        "districts": [district.pk],
        "secondary_client_groups": ["3", "4"],
        "start_date": "2003-04-01",
        "status": "planned",
        **changes,
    }
    return {k: v for k, v in data.items() if v is not None}


def test_an_officer_adds_a_service_and_the_public_finds_it(
    client, sign_in, wychwood, provider, district
):
    sign_in("wychwood-officer")
    response = client.post(url("service-create", wychwood), form(provider, district))
    assert response.status_code == 302, response.content.decode()
    service = Service.objects.get()
    assert response["Location"] == url("service-detail", wychwood, service.pk)
    assert sorted(service.secondary_groups.values_list("code", flat=True)) == [3, 4]
    client.logout()
    found = client.get(url("service-list", wychwood), {"q": "wardens", "client_group": 4})
    assert "Resident wardens in sheltered housing" in found.content.decode()
    page = client.get(url("service-detail", wychwood, service.pk)).content.decode()
    assert "West Wychwood District Council" in page
    assert "Entered in the directory" in page
    assert "Change<span" not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reference", "glos 42", "Enter a reference of capital letters"),
        ("capacity", "-3", "0 or more"),
        ("capacity", "lots", "whole number"),
        ("end_date", "2002-01-01", "cannot be before the start date"),
        ("service_type", "hotel", "from the list"),
        ("name", "", "Enter the service name"),
    ],
)
def test_the_form_refuses_bad_input_naming_the_field(
    client, sign_in, wychwood, provider, district, field, value, message
):
    sign_in("wychwood-officer")
    response = client.post(
        url("service-create", wychwood), form(provider, district, **{field: value})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="#id_{field}' in page
    assert message in page
    assert not Service.objects.exists()


def test_a_provider_of_another_partnership_is_refused_on_the_form(
    client, sign_in, wychwood, provider, district
):
    other = partnership_with_officer("elsewhere", "elsewhere-officer")
    theirs: Any = factories.ProviderFactory(partnership=other)
    sign_in("wychwood-officer")
    response = client.post(
        url("service-create", wychwood), form(provider, district, provider=theirs.pk)
    )
    assert 'href="#id_provider' in response.content.decode()
    assert not Service.objects.exists()


def test_an_officer_changes_the_status_with_the_decision_and_the_history_links_it(
    client, sign_in, wychwood, wardens, provider, district
):
    strategy = carried(wychwood)
    sign_in("wychwood-officer")
    changed = form(provider, district, status="remodelling", secondary_client_groups=["3"])
    refused = client.post(url("service-update", wychwood, wardens.pk), changed)
    assert 'href="#id_decision' in refused.content.decode()
    changed.update(decision=strategy.pk, changed_on="2005-01-26", summary="Wardens remodelled")
    response = client.post(url("service-update", wychwood, wardens.pk), changed)
    assert response.status_code == 302
    page = client.get(url("service-detail", wychwood, wardens.pk)).content.decode()
    assert "Wardens remodelled" in page
    assert "26 January 2005" in page
    assert reverse("decisions:decision-detail", args=[wychwood.slug, strategy.pk]) in page
    assert "Being remodelled" in page


def test_the_public_cannot_change_the_directory(client, wychwood, wardens, provider, district):
    assert client.get(url("service-create", wychwood)).status_code in (302, 403)
    response = client.post(url("service-update", wychwood, wardens.pk), form(provider, district))
    assert response.status_code in (302, 403)
    assert not AuditEvent.objects.filter(action="service.update").exists()


def test_an_officer_adds_and_removes_a_location(client, sign_in, wychwood, wardens):
    sign_in("wychwood-officer")
    response = client.post(
        url("location-create", wychwood, wardens.pk),
        {"name": "Thorney Leys", "address_line_1": "Thorney Leys", "town": "Witney",
         "postcode": "OX28 5JR", "units": "28"},
    )  # fmt: skip
    assert response.status_code == 302
    location = ServiceLocation.objects.get()
    assert (
        "Thorney Leys" in client.get(url("service-detail", wychwood, wardens.pk)).content.decode()
    )
    remove = url("location-remove", wychwood, wardens.pk, location.pk)
    assert client.post(remove, {}).status_code == 200  # asks first
    assert ServiceLocation.objects.exists()
    assert client.post(remove, {"confirmed": "yes"}).status_code == 302
    assert not ServiceLocation.objects.exists()


def test_the_directory_filters(client, wychwood, provider, district):
    factories.ServiceFactory(provider=provider, name="Older people's scheme")
    young: Any = factories.ServiceFactory(
        provider=provider, name="Teenage parents project", primary_client_group=18,
        service_type="floating", delivery_model="floating", status="planned",
    )  # fmt: skip
    young.districts.add(district)
    listing = url("service-list", wychwood)
    for query in (
        {"client_group": 18},
        {"service_type": "floating"},
        {"delivery_model": "floating"},
        {"district": district.pk},
        {"status": "planned"},
        {"q": "teenage"},
    ):
        page = client.get(listing, query).content.decode()
        assert "Teenage parents project" in page, query
        assert "Older people&#x27;s scheme" not in page, query
    everything = client.get(listing, {"client_group": "x", "status": "nonsense"}).content.decode()
    assert "2 services" in everything


def test_the_directory_pages_fifty_at_a_time(client, wychwood, provider):
    factories.ServiceFactory.create_batch(55, provider=provider)
    first = client.get(url("service-list", wychwood)).content.decode()
    assert "55 services" in first
    assert "govuk-pagination" in first
    second = client.get(url("service-list", wychwood), {"page": 2}).content.decode()
    assert second.count('class="govuk-table__row"') == 6  # the header and five


def test_the_list_and_the_csv_queries_do_not_grow_with_the_directory(
    client, wychwood, provider, district, django_assert_max_num_queries
):
    def grow(n):
        for _ in range(n):
            service: Any = factories.ServiceFactory(provider=provider)
            service.districts.add(district)
            factories.ServiceLocationFactory(service=service)

    grow(2)
    with django_assert_max_num_queries(40) as few:
        client.get(url("service-list", wychwood))
    with django_assert_max_num_queries(40) as few_csv:
        client.get(url("service-export", wychwood))
    grow(30)
    with django_assert_max_num_queries(len(few)):
        client.get(url("service-list", wychwood))
    with django_assert_max_num_queries(len(few_csv)):
        client.get(url("service-export", wychwood))


def test_the_service_page_queries_do_not_grow_with_its_history(
    client, wychwood, wardens, django_assert_max_num_queries
):
    with django_assert_max_num_queries(60) as few:
        client.get(url("service-detail", wychwood, wardens.pk))
    strategy = carried(wychwood)
    for capacity in range(400, 420):
        services.service_update(actor=None, service=wardens, capacity=capacity, decision=strategy)
    with django_assert_max_num_queries(len(few)):
        client.get(url("service-detail", wychwood, wardens.pk))


def test_the_csv_is_public_filtered_and_formula_safe(client, wychwood, provider):
    factories.ServiceFactory(provider=provider, name='=HYPERLINK("http://x")')
    factories.ServiceFactory(provider=provider, name="Plain", status="planned")
    response = client.get(url("service-export", wychwood), {"status": "commissioned"})
    assert response["Content-Disposition"].startswith(
        'attachment; filename="accord-wychwood-services'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["id", "reference", "name"]
    assert len(rows) == 2
    assert rows[1][2].startswith("'=")


def test_a_service_of_another_partnership_is_not_found_here(client, sign_in, wardens):
    other = partnership_with_officer("elsewhere", "elsewhere-officer")
    assert client.get(url("service-detail", other, wardens.pk)).status_code == 404
    sign_in("elsewhere-officer")
    assert client.get(url("service-update", other, wardens.pk)).status_code == 404
    assert client.get(url("service-update", wardens.partnership, wardens.pk)).status_code == 403


def test_the_provider_page_and_the_partnership_page_link_the_directory(client, wychwood, wardens):
    provider_page = client.get(
        url("provider-detail", wychwood, wardens.provider_id)
    ).content.decode()
    assert url("service-detail", wychwood, wardens.pk) in provider_page
    home = client.get(reverse("governance:partnership-detail", args=[wychwood.slug]))
    assert url("service-list", wychwood) in home.content.decode()
