"""Gloucestershire's services (seed 004) as the returns' fixtures: a sheltered scheme
(long-term, with units), a floating support service (short-term, support only) and a
hostel (short-term, with units); Oxfordshire's sheltered scheme beside them."""

import datetime

import pytest

from tests import factories


@pytest.fixture
def gloucestershire(db):
    return factories.PartnershipFactory(slug="gloucestershire", name="Gloucestershire")


@pytest.fixture
def oxfordshire(db):
    return factories.PartnershipFactory(slug="oxfordshire", name="Oxfordshire")


@pytest.fixture
def glos_services(gloucestershire):
    provider = factories.ProviderFactory(
        partnership=gloucestershire, name="Cheltenham Borough Homes"
    )
    sheltered = factories.ServiceFactory(
        provider=provider, reference="GLOS-0001", service_type="sheltered", term="long"
    )
    floating = factories.ServiceFactory(
        provider=provider,
        reference="GLOS-0002",
        service_type="floating",
        term="short",
        delivery_model="floating",
        capacity_unit="hours",
    )
    hostel = factories.ServiceFactory(
        provider=provider,
        reference="GLOS-0003",
        service_type="accommodation",
        term="short",
        start_date=datetime.date(2009, 8, 1),
    )
    return {"sheltered": sheltered, "floating": floating, "hostel": hostel}
