"""Registration numbers and postcodes: what a provider's record accepts, and what it
refuses naming the field (the service, as the pages and the API call it)."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accord.audit.models import AuditEvent
from accord.commissioning import services
from accord.commissioning.models import Provider
from accord.commissioning.registration import (
    postcode_normalise,
    validate_charity_number,
    validate_company_number,
    validate_postcode,
)
from tests import factories


@pytest.mark.parametrize(
    "number",
    [
        "01234567",  # a company of England and Wales, with its leading zero
        "12345678",
        "SC012345",  # Scotland
        "NI123456",  # Northern Ireland
        "OC301234",  # a limited liability partnership
        "CE001234",  # a charitable incorporated organisation
        "IP012345",  # a registered society
        "R0012345",  # a Northern Ireland company registered before partition
        "SG000123",  # a Scottish qualifying partnership
        "sc012345",  # written in lower case: read as SC012345
        "SC 012345",  # with a space
    ],
)
def test_a_companies_house_number_of_a_known_form_is_accepted(number):
    validate_company_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "1234567",  # 7 digits: short of 8
        "123456789",  # 9
        "XX123456",  # no such prefix
        "S1234567",  # one letter
        "SC12345",  # a prefix and 5 digits
        "SC1234567",
        "12-34567",
        "",
    ],
)
def test_a_companies_house_number_of_another_form_is_refused(number):
    with pytest.raises(ValidationError):
        validate_company_number(number)


@pytest.mark.parametrize(
    "number",
    ["202918", "1123456", "12345678", "1123456-1", "1123456-12", "SC012345", "NIC100002"],
)
def test_a_charity_number_of_a_known_form_is_accepted(number):
    validate_charity_number(number)


@pytest.mark.parametrize(
    "number", ["12345", "123456789", "1123456-", "1123456-123", "SC12345", "CH123456", "N1C100002"]
)
def test_a_charity_number_of_another_form_is_refused(number):
    with pytest.raises(ValidationError):
        validate_charity_number(number)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("OX1 1ND", "OX1 1ND"),
        ("ox11nd", "OX1 1ND"),
        ("GL50 9SA", "GL50 9SA"),
        ("  gl7 1qw ", "GL7 1QW"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
    ],
)
def test_a_uk_postcode_is_accepted_and_written_in_its_standard_form(typed, written):
    assert postcode_normalise(typed) == written
    validate_postcode(written)


@pytest.mark.parametrize("postcode", ["OX1", "12345", "QX1 1ND", "OX1 1NDD", "SW1A-1AA", "not one"])
def test_a_string_that_is_not_a_uk_postcode_is_refused(postcode):
    with pytest.raises(ValidationError):
        validate_postcode(postcode_normalise(postcode))


# ---------------------------------------------------------------- through the service

VALID = {
    "name": "Wychwood Housing Association",
    "kind": "voluntary",
    "address_line_1": "1 Market Square",
    "town": "Witney",
    "postcode": "ox28 6ag",
}


@pytest.fixture
def partnership(db):
    return factories.PartnershipFactory(slug="wychwood", name="Wychwood Supporting People")


def test_a_provider_is_added_with_its_numbers_and_postcode_written_as_the_registers_write_them(
    partnership,
):
    provider = services.provider_create(
        actor=None,
        partnership=partnership,
        **VALID,
        company_number="sc 012345",
        charity_number="sc012346",
        trading_names="  Wychwood Support \n\n Wychwood Floating Support ",
    )
    provider.refresh_from_db()
    assert provider.postcode == "OX28 6AG"
    assert provider.company_number == "SC012345"
    assert provider.org_id == "GB-COH-SC012345"
    assert provider.trading_name_list == ["Wychwood Support", "Wychwood Floating Support"]
    event = AuditEvent.objects.get(action="provider.create", object_id=str(provider.pk))
    assert event.changes["postcode"] == [None, "OX28 6AG"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("company_number", "XX123456"),
        ("charity_number", "12345"),
        ("postcode", "OX99"),
        ("name", "N" * 201),
        ("town", "T" * 101),
        ("address_line_1", ""),
        ("kind", "charity"),
        ("contact_email", "not an address"),
        ("contact_phone", "call me"),
        ("trading_names", "T" * 501),
    ],
)
def test_a_provider_with_a_bad_value_is_refused_naming_the_field_and_nothing_is_saved(
    partnership, field, value
):
    with pytest.raises(ValidationError) as refused:
        services.provider_create(actor=None, partnership=partnership, **{**VALID, field: value})
    assert field in refused.value.message_dict
    assert not Provider.objects.exists()
    assert not AuditEvent.objects.filter(action="provider.create").exists()


def test_the_same_organisation_twice_in_one_partnership_is_refused_naming_the_field(partnership):
    services.provider_create(
        actor=None, partnership=partnership, **VALID, company_number="01234567"
    )
    with pytest.raises(ValidationError) as refused:
        services.provider_create(
            actor=None,
            partnership=partnership,
            **{**VALID, "name": "Another name"},
            company_number="01234567",
        )
    assert list(refused.value.message_dict) == ["company_number"]
    with pytest.raises(ValidationError) as refused:
        services.provider_create(
            actor=None, partnership=partnership, **{**VALID, "name": VALID["name"].upper()}
        )
    assert list(refused.value.message_dict) == ["name"]


def test_the_same_organisation_may_be_a_provider_of_two_partnerships_and_each_finds_the_other(
    partnership,
):
    from accord.commissioning.selectors import provider_elsewhere

    other: Any = factories.PartnershipFactory(slug="elsewhere", name="Elsewhere Supporting People")
    here = services.provider_create(
        actor=None, partnership=partnership, **VALID, charity_number="1123456"
    )
    there = services.provider_create(
        actor=None,
        partnership=other,
        **{**VALID, "name": "Wychwood HA"},
        charity_number="1123456",
    )
    unrelated = services.provider_create(
        actor=None, partnership=other, **{**VALID, "name": "Unrelated"}, charity_number="1123457"
    )
    assert list(provider_elsewhere(here)) == [there]
    assert list(provider_elsewhere(there)) == [here]
    assert list(provider_elsewhere(unrelated)) == []


def test_a_change_is_audited_with_the_old_and_new_values(partnership):
    provider = services.provider_create(actor=None, partnership=partnership, **VALID)
    services.provider_update(
        actor=None, provider=provider, **{**VALID, "town": "Chipping Norton", "postcode": "ox7 5nj"}
    )
    provider.refresh_from_db()
    assert (provider.town, provider.postcode) == ("Chipping Norton", "OX7 5NJ")
    event = AuditEvent.objects.get(action="provider.update", object_id=str(provider.pk))
    assert event.changes["town"] == ["Witney", "Chipping Norton"]
    assert event.changes["postcode"] == ["OX28 6AG", "OX7 5NJ"]
    assert "name" not in event.changes  # what did not change is not recorded
