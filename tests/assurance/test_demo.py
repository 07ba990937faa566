"""Oxfordshire's demo handbook and 2009 self-assessment (seed 000 paras 4-6, 10, 16-19)."""

import datetime

import pytest
from django.urls import reverse

from accord.assurance import selectors
from accord.assurance.models import Handbook, SelfAssessment
from accord.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_oxfordshire_has_the_public_service_boards_handbook_due_by_september_2009(demo):
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    handbook = Handbook.objects.get(partnership=oxfordshire)
    assert handbook.adopted_by == "Oxfordshire Public Service Board"
    assert handbook.deadline == datetime.date(2009, 9, 30)
    standards = selectors.standards_of(handbook)
    assert len(standards) >= 10
    assert all(one.is_illustrative("title") for one in standards)


def test_oxfordshires_2009_self_assessment_is_illustrative_and_counts_every_standard(demo):
    assessment = SelfAssessment.objects.get(partnership__slug="oxfordshire")
    rows = selectors.assessment_rows(assessment)
    counts = selectors.assessment_counts(rows)
    assert counts.not_assessed == 0
    assert counts.partly_met == 3
    assert counts.not_met == 0
    assert all(one.row is not None and one.row.is_illustrative("compliance") for one in rows)


def test_the_handbook_page_says_its_standards_are_illustrative(demo, client, sign_in):
    sign_in("officer")
    handbook = Handbook.objects.get(partnership__slug="oxfordshire")
    page = client.get(reverse("assurance:handbook-detail", args=["oxfordshire", handbook.pk]))
    text = page.content.decode()
    assert "34-page handbook" in text
    assert "Illustrative" in text
    assert "September 2009" in text
