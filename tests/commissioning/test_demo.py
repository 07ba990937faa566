"""`accord demo` gives each partnership a register of providers of every kind, with its
invented values marked illustrative, and loads it once however often it runs."""

import pytest

from accord.commissioning.models import Provider, ProviderKind
from accord.commissioning.selectors import provider_elsewhere
from accord.demo.services import demo_load


@pytest.mark.django_db
def test_each_partnership_has_providers_of_every_kind_marked_illustrative_loaded_once():
    demo_load()
    first = Provider.objects.count()
    for slug in ("gloucestershire", "oxfordshire"):
        providers = list(Provider.objects.filter(partnership__slug=slug))
        assert 10 <= len(providers) <= 20
        assert {p.kind for p in providers} == set(ProviderKind.values)
        for provider in providers:
            provider.full_clean()  # every number and postcode is well formed
            assert provider.is_illustrative("address_line_1")
    cbh = Provider.objects.get(name="Cheltenham Borough Homes")  # seed 004 names it
    assert not cbh.is_illustrative("name")
    assert cbh.is_illustrative("company_number")
    invented = Provider.objects.get(partnership__slug="oxfordshire", name="Isis Floating Support")
    assert invented.is_illustrative("name")
    shared = Provider.objects.get(
        partnership__slug="oxfordshire", name="Hearthstone Housing Association"
    )
    assert [p.partnership.slug for p in provider_elsewhere(shared)] == ["gloucestershire"]

    from django.test import Client

    public = Client().get("/partnerships/oxfordshire/providers.csv").content.decode()
    assert "Isis Floating Support" in public
    assert "contact_email" not in public  # neither the column nor its illustrative mark
    report = demo_load()
    assert Provider.objects.count() == first
    assert report.created.get("providers", 0) == 0
    assert report.present["providers"] == first
