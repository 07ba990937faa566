"""`accord demo` gives each partnership a services directory: 25 to 40 services across
ten client groups and more and every delivery model, on the demo's providers; the seed's
disputes behind services (resident wardens, 2004 and 2008; young people and teenage
parents, 2005) as history entries naming their decisions; floating support growing as
accommodation-based support shrinks; invented values marked; loaded once."""

import datetime

import pytest

from accord.commissioning.models import (
    DeliveryModel,
    Service,
    ServiceChange,
    ServiceLocation,
    ServiceStatus,
)
from accord.demo.services import demo_load
from accord.demo.services_data import SERVICES


def test_each_partnership_has_a_directory_of_services(demo):
    for slug, prefix in (("gloucestershire", "GLOS-"), ("oxfordshire", "OXON-")):
        services = list(Service.objects.filter(partnership__slug=slug))
        assert 25 <= len(services) <= 40
        assert all(service.reference.startswith(prefix) for service in services)
        groups = {s.primary_client_group for s in services}
        for service in services:
            groups |= set(service.secondary_groups.values_list("code", flat=True))
            assert service.provider.partnership_id == service.partnership_id
            assert all(p.partnership_id == service.partnership_id for p in service.districts.all())
            service.full_clean()
            assert service.is_illustrative("capacity")
            assert service.changes.exists()
        assert len(groups) >= 10
        assert {s.delivery_model for s in services} == set(DeliveryModel.values)
    for location in ServiceLocation.objects.select_related("service"):
        assert location.service.delivery_model == DeliveryModel.ACCOMMODATION
        assert location.is_illustrative("postcode")
    assert {data.reference for rows in SERVICES.values() for data in rows} == set(
        Service.objects.values_list("reference", flat=True)
    )


def test_the_resident_wardens_carry_the_2004_and_2008_decisions(demo):
    wardens = Service.objects.get(reference="OXON-0001")
    history = [c for c in wardens.changes.order_by("changed_on", "pk") if c.decision]
    assert [(c.decision.title, c.decision.state) for c in history if c.decision] == [
        ("Strategy 2004-09", "carried"),
        ("Strategy 2008-11", "carried"),
    ]
    assert history[0].changes == {"status": ["commissioned", "remodelling"]}
    assert history[1].changes["status"] == ["remodelling", "decommissioned"]
    assert all(c.is_illustrative("changed_on") for c in history)
    assert wardens.status == ServiceStatus.DECOMMISSIONED
    assert wardens.status_decision is not None
    assert wardens.status_decision.title == "Strategy 2008-11"
    assert not wardens.is_illustrative("service_type")  # sheltered housing: the seed's
    successor = Service.objects.get(reference="OXON-0002")
    assert successor.status_decision is not None
    assert successor.status_decision.title == "Annual Plan 2008-09"


def test_young_people_and_teenage_parents_carry_the_2005_amendment(demo):
    project = Service.objects.get(reference="OXON-0010")
    entry = project.changes.get(decision__isnull=False)
    assert entry.decision is not None
    assert entry.decision.title == "Amendment of Strategy 2004-09: services for young people"
    assert entry.changed_on == datetime.date(2005, 12, 7)
    teenage = Service.objects.filter(primary_client_group=18)
    assert {s.partnership.slug for s in teenage} == {"gloucestershire", "oxfordshire"}


def test_floating_support_grows_as_accommodation_shrinks_in_gloucestershire(demo):
    def capacity_changes(model: str) -> list[tuple[datetime.date, int, int]]:
        return [
            (c.changed_on, *c.changes["capacity"])
            for c in ServiceChange.objects.filter(
                partnership__slug="gloucestershire", service__delivery_model=model
            )
            if "capacity" in c.changes and c.changes["capacity"][0] is not None
        ]

    floating = capacity_changes(DeliveryModel.FLOATING)
    accommodation = capacity_changes(DeliveryModel.ACCOMMODATION)
    assert floating
    assert accommodation
    assert all(after > before for _, before, after in floating)
    assert all(after < before for _, before, after in accommodation)
    assert {on.year for on, _, _ in floating} >= {2006, 2008, 2009}


def test_the_services_page_shows_the_history_and_the_decision(client, demo):
    wardens = Service.objects.get(reference="OXON-0001")
    page = client.get(f"/partnerships/oxfordshire/services/{wardens.pk}/").content.decode()
    assert "Strategy 2008-11" in page
    assert f"/partnerships/oxfordshire/decisions/{wardens.status_decision_id}/" in page
    assert "Illustrative" in page
    assert "Marriotts Close" in page


@pytest.mark.django_db
def test_loading_twice_creates_no_service():
    demo_load()
    counts = (Service.objects.count(), ServiceChange.objects.count())
    report = demo_load()
    assert (Service.objects.count(), ServiceChange.objects.count()) == counts
    assert report.created.get("services", 0) == 0
    assert report.present["services"] == counts[0]
