"""The quarterly analysis: counts by financial quarter, a chart with its table, no
complainant named; the API gives the same numbers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.complaints.analysis import quarter_of, quarterly
from accord.complaints.models import Complaint, Referral
from accord.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_financial_quarters():
    assert quarter_of(datetime.date(2025, 4, 1)) == "2025-26 Q1"
    assert quarter_of(datetime.date(2025, 12, 31)) == "2025-26 Q3"
    assert quarter_of(datetime.date(2026, 3, 31)) == "2025-26 Q4"


def test_the_analysis_counts_the_demo_and_names_no_one(client, sign_in, demo):
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    quarters = quarterly(oxfordshire, today=timezone.localdate())
    assert (
        sum(q.received for q in quarters)
        == Complaint.objects.filter(partnership=oxfordshire, kind="complaint").count()
    )
    assert (
        sum(q.referrals for q in quarters)
        == Referral.objects.filter(partnership=oxfordshire).count()
        == 1
    )
    assert sum(q.closed_stage_2 for q in quarters) >= 1
    sign_in("officer")
    page = client.get(reverse("complaints:complaint-analysis", args=["oxfordshire"]))
    assert page.status_code == 200
    assert "<svg" in page.text
    assert "<title" in page.text
    assert "<desc" in page.text
    assert "style=" not in page.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    for name in Complaint.objects.values_list("complainant_name", flat=True):
        assert name not in page.text
    api = client.get("/api/complaints/partnerships/oxfordshire/complaints-analysis").json()
    assert [q["received"] for q in api["quarters"]] == [q.received for q in quarters]
