"""The register in the admin: every change audited, the register's rules still applied."""

import pytest
from django.contrib.auth import get_user_model

from accord.audit.models import AuditEvent
from accord.governance.models import BodyRule, Membership, Partner

from .register_data import build_register, partnership_with_officer


@pytest.fixture
def administrator(db, sign_in):
    get_user_model().objects.create_superuser("root", password="x" * 16)
    return sign_in("root")


def test_a_partner_added_in_the_admin_is_audited(client, administrator):
    partnership = partnership_with_officer()
    response = client.post(
        "/admin/governance/partner/add/",
        {"partnership": partnership.pk, "name": "Wychwood DC", "kind": "district_council"},
    )
    assert response.status_code == 302
    partner = Partner.objects.get(name="Wychwood DC")
    event = AuditEvent.objects.get(action="partner.create", object_id=str(partner.pk))
    assert event.changes["via"] == [None, "admin"]
    assert event.partnership_id == partnership.pk


def test_the_admin_lists_register_rows_filtered_by_partnership(client, administrator):
    partnership = partnership_with_officer()
    build_register(partnership)
    for model in ["partner", "body", "person", "membership", "constitutionversion", "position"]:
        response = client.get(f"/admin/governance/{model}/", {"partnership__id__exact": 1})
        assert response.status_code == 200, model


def test_the_admin_refuses_a_membership_the_register_rules_forbid(client, administrator):
    partnership = partnership_with_officer()
    register = build_register(partnership)
    before = Membership.objects.count()
    response = client.post(
        "/admin/governance/membership/add/",
        {
            "partnership": partnership.pk,
            "body": register.board.pk,
            "person": register.people[0].pk,
            "partner": register.partners[1].pk,
            "role": "voting_representative",
            "seat": "",
            "start_date": "2009-04-01",
            "end_date": "",
        },
    )
    assert response.status_code == 200
    assert "two partners on the same body" in response.content.decode()
    assert Membership.objects.count() == before


def test_a_body_rule_changed_in_the_admin_is_audited(client, administrator):
    partnership = partnership_with_officer()
    register = build_register(partnership)
    rule = BodyRule.objects.get(version=register.draft)
    version = register.draft
    prefix = "body_rules"
    response = client.post(
        f"/admin/governance/constitutionversion/{version.pk}/change/",
        {
            "partnership": partnership.pk,
            "title": version.title,
            "status": "draft",
            "start_date": "",
            "summary": "",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "1",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-id": rule.pk,
            f"{prefix}-0-version": version.pk,
            f"{prefix}-0-body": register.board.pk,
            f"{prefix}-0-decision_rule": '{"kind": "unanimity"}',
            f"{prefix}-0-fallback_rule": "null",
            f"{prefix}-0-conflict_route": "[]",
            f"{prefix}-0-escalation_body": "",
            f"{prefix}-0-call_in_days": "5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    rule.refresh_from_db()
    assert rule.call_in_days == 5
    event = AuditEvent.objects.get(action="bodyrule.update")
    assert event.changes["call_in_days"] == [10, 5]
    assert event.partnership_id == partnership.pk
