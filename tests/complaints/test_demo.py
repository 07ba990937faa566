"""The demo's complaints: at least 30 over several years in both partnerships, about
services, providers and the administering authority; every outcome and classification;
two ombudsman referrals; fictional people, marked illustrative; loaded once."""

import pytest

from accord.complaints.models import CLASSIFICATIONS, Complaint, Outcome, Referral, Stage
from accord.demo.complaints import load_complaints
from accord.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_the_demo_has_complaints_of_every_kind(demo):
    complaints = Complaint.objects.all()
    assert complaints.count() >= 30
    for slug in ("oxfordshire", "gloucestershire"):
        mine = complaints.filter(partnership__slug=slug)
        assert mine.filter(subject_kind="provider", service__isnull=False).exists()
        assert mine.filter(subject_kind="authority").exists()
        assert len({c.received_on.year for c in mine}) >= 5
    stages = Stage.objects.exclude(outcome="")
    assert {s.outcome for s in stages} == set(Outcome.values)
    assert all(stages.filter(**{name: True}).exists() for name in CLASSIFICATIONS)
    assert Referral.objects.count() == 2
    assert all(c.complainant_email.endswith("@example.org") for c in complaints)
    assert all(c.is_illustrative("complainant_name") for c in complaints)
    # Stage 2 is never handled by stage 1's handler.
    for second in Stage.objects.filter(number=2).select_related("complaint"):
        first = Stage.objects.get(complaint=second.complaint, number=1)
        assert first.handler_id != second.handler_id


def test_loading_the_demo_complaints_twice_creates_nothing(demo):
    before = Complaint.objects.count()
    assert not load_complaints(Partnership.objects.get(slug="oxfordshire"))
    assert Complaint.objects.count() == before
