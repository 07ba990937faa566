"""The governance standards pages, their API, and the council-wide register of
partnerships: who may read and change them, what they show, and that their queries do not
grow with the data."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from accord.assurance import services
from accord.assurance.models import AuditAction, Handbook, SelfAssessment, StandardAssessment
from accord.budget import services as budget
from accord.partnerships.models import Partnership
from tests import factories

pytestmark = pytest.mark.django_db
API = "/api/governance-standards"
DEADLINE = datetime.date(2009, 9, 30)


@pytest.fixture
def oxfordshire(demo) -> Partnership:
    return Partnership.objects.get(slug="oxfordshire")


def test_an_officer_records_a_handbook_and_a_standard_through_the_pages(
    client, sign_in, oxfordshire
):
    sign_in("officer")
    response = client.post(
        reverse("assurance:handbook-create", args=["oxfordshire"]),
        {"title": "Code of Governance 2010", "adopted_by": "Public Service Board",
         "deadline": "2010-09-30"},
    )  # fmt: skip
    assert response.status_code == 302
    handbook = Handbook.objects.get(partnership=oxfordshire, title="Code of Governance 2010")
    response = client.post(
        reverse("assurance:standard-add", args=["oxfordshire", handbook.pk]),
        {"reference": "1", "title": "Terms of reference", "evidence": "The agreement"},
    )
    assert response.status_code == 302
    page = client.get(reverse("assurance:handbook-detail", args=["oxfordshire", handbook.pk]))
    assert "Terms of reference" in page.content.decode()


def test_a_standard_not_met_without_an_action_is_refused_on_the_page_and_nothing_changes(
    client, sign_in, oxfordshire
):
    sign_in("officer")
    assessment = SelfAssessment.objects.get(partnership=oxfordshire)
    row = StandardAssessment.objects.filter(assessment=assessment, compliance="met").first()
    assert row is not None
    url = reverse("assurance:standard-assess", args=["oxfordshire", assessment.pk, row.standard_id])
    response = client.post(url, {"compliance": "not_met", "evidence": "Lapsed"})
    assert response.status_code == 200
    assert "Say what will be done to meet the standard" in response.content.decode()
    row.refresh_from_db()
    assert row.compliance == "met"


def test_a_member_reads_the_standards_but_may_not_change_them(client, sign_in, oxfordshire):
    sign_in("representative")
    assert client.get(reverse("assurance:overview", args=["oxfordshire"])).status_code == 200
    response = client.post(
        reverse("assurance:audit-create", args=["oxfordshire"]),
        {"auditor": "x", "audited_on": "2010-01-01", "risk": "low"},
    )
    assert response.status_code == 403
    response = client.post(
        f"{API}/partnerships/oxfordshire/audits",
        {"auditor": "x", "audited_on": "2010-01-01", "risk": "low"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_api_records_an_audit_its_finding_and_an_action_followed_to_completion(
    client, sign_in, oxfordshire
):
    sign_in("officer")
    audit = client.post(
        f"{API}/partnerships/oxfordshire/audits",
        {"auditor": "Internal Audit", "audited_on": "2010-06-30", "risk": "medium"},
        content_type="application/json",
    ).json()
    finding = client.post(
        f"{API}/partnerships/oxfordshire/audits/{audit['id']}/findings",
        {"finding": "No risk register", "risk": "medium", "standard_id": None},
        content_type="application/json",
    ).json()
    action = client.post(
        f"{API}/partnerships/oxfordshire/audits/{audit['id']}/findings/{finding['id']}/actions",
        {"action": "Keep one", "owner": "Manager", "due_on": "2010-09-30"},
        content_type="application/json",
    ).json()
    assert action["status"] == "overdue"  # today is after 30 September 2010
    overdue = client.get(f"{API}/partnerships/oxfordshire/audit-actions/overdue").json()
    assert [one["id"] for one in overdue["items"]] == [action["id"]]
    done = client.post(
        f"{API}/partnerships/oxfordshire/audits/{audit['id']}/actions/{action['id']}/complete",
        {"done_on": "2010-09-01"},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    again = client.post(
        f"{API}/partnerships/oxfordshire/audits/{audit['id']}/actions/{action['id']}/complete",
        {"done_on": "2010-09-02"},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert again.json()["error"]["field"] == "done_on"


def test_the_api_refuses_a_standard_of_another_partnership_naming_the_field(
    client, sign_in, oxfordshire
):
    sign_in("officer")
    other = Partnership.objects.get(slug="gloucestershire")
    handbook = services.handbook_adopt(
        actor=None, partnership=other, title="Glos", adopted_by="Board", deadline=DEADLINE
    )
    stranger = services.standard_add(actor=None, handbook=handbook, reference="1", title="x")
    audit = client.post(
        f"{API}/partnerships/oxfordshire/audits",
        {"auditor": "Internal Audit", "audited_on": "2010-06-30", "risk": "low"},
        content_type="application/json",
    ).json()
    response = client.post(
        f"{API}/partnerships/oxfordshire/audits/{audit['id']}/findings",
        {"finding": "x", "risk": "low", "standard_id": stranger.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "standard_id"


# ---------------------------------------------------------------- the register of partnerships


def scrutineer(partnership: Partnership) -> str:
    user = factories.UserFactory(username="scrutineer")
    committee = factories.BodyFactory(partnership=partnership, name="Scrutiny", kind="scrutiny")
    seat: Any = factories.MembershipFactory(body=committee, role="observer")
    seat.person.user = user
    seat.person.save()
    return "scrutineer"


@pytest.mark.parametrize(
    ("person", "status"),
    [("anonymous", 302), ("representative", 403), ("provider", 403), ("serviceuser", 403),
     ("officer", 200), ("scrutineer", 200)],
)  # fmt: skip
def test_the_register_of_partnerships_is_for_officers_and_scrutiny(
    client, sign_in, oxfordshire, person, status
):
    if person == "scrutineer":
        scrutineer(Partnership.objects.get(slug="gloucestershire"))
    if person != "anonymous":
        sign_in(person)
    response = client.get(reverse("assurance:partnership-register"))
    assert response.status_code == status
    api = client.get(f"{API}/register-of-partnerships")
    assert api.status_code == {302: 401}.get(status, status)


def test_the_register_shows_each_partnerships_compliance_and_risk(client, sign_in, oxfordshire):
    sign_in("officer")
    items = client.get(f"{API}/register-of-partnerships").json()["items"]
    by_slug = {one["slug"]: one for one in items}
    assert set(by_slug) == set(Partnership.objects.values_list("slug", flat=True))
    oxon = by_slug["oxfordshire"]
    assert oxon["compliance"] == {"met": 8, "partly_met": 3, "not_met": 0, "not_assessed": 0}
    assert oxon["risk"] == "low"
    assert oxon["assessed_on"] == "2009-09-30"
    page = client.get(reverse("assurance:partnership-register")).content.decode()
    assert "8 met, 3 partly met, 0 not met" in page


def test_the_register_gives_the_latest_pool_as_the_budget_in_pounds_as_a_string(
    client, sign_in, oxfordshire
):
    sign_in("officer")
    partnership: Any = factories.PartnershipFactory(slug="wychwood", name="Wychwood")
    lead: Any = factories.PartnerFactory(partnership=partnership, name="Wychwood District Council")
    budget.pool_create(
        actor=None, partnership=partnership, financial_year=2008, grant=Decimal("100.00")
    )
    pool = budget.pool_create(
        actor=None, partnership=partnership, financial_year=2009, grant=Decimal("1000.10"),
        administering_authority=lead,
    )  # fmt: skip
    budget.contribution_add(
        actor=None, pool=pool, partner=lead, amount=Decimal("0.25"), risk_share=Decimal("100")
    )
    items = client.get(f"{API}/register-of-partnerships").json()["items"]
    [wychwood] = [one for one in items if one["slug"] == "wychwood"]
    assert wychwood["budget"] == "1000.35"
    assert wychwood["budget_year"] == 2009
    assert wychwood["lead_partner"] == "Wychwood District Council"
    assert wychwood["compliance"] is None
    assert wychwood["risk"] is None


def more_of_everything(partnership: Partnership, n: int) -> None:
    handbook = Handbook.objects.get(partnership=partnership)
    start = Partnership.objects.count()
    for i in range(start, start + n):
        other: Any = factories.PartnershipFactory(slug=f"more-{i}", name=f"More {i}")
        copy = services.handbook_adopt(
            actor=None, partnership=other, title="H", adopted_by="B", deadline=DEADLINE
        )
        standard = services.standard_add(actor=None, handbook=copy, reference="1", title="S")
        assessment = services.self_assessment_create(
            actor=None, handbook=copy, assessed_on=DEADLINE, assessed_by="G"
        )
        services.standard_assess(
            actor=None, assessment=assessment, standard=standard, compliance="met"
        )
        budget.pool_create(actor=None, partnership=other, financial_year=2009, grant=Decimal(1))
        services.governance_audit_record(
            actor=None, partnership=other, auditor="A", audited_on=DEADLINE, risk="low"
        )
        services.standard_add(actor=None, handbook=handbook, reference=f"9.{i}", title="More")
    audit = services.governance_audit_record(
        actor=None, partnership=partnership, auditor="A", audited_on=DEADLINE, risk="high"
    )
    for i in range(n):
        finding = services.audit_finding_add(actor=None, audit=audit, finding=f"F{i}", risk="low")
        services.audit_action_add(
            actor=None, finding=finding, action="Act", owner="O", due_on=DEADLINE
        )
    assert AuditAction.objects.filter(partnership=partnership).count() > n


def test_the_pages_and_the_register_read_in_a_constant_number_of_queries(
    client, sign_in, oxfordshire, django_assert_max_num_queries
):
    sign_in("officer")
    handbook = Handbook.objects.get(partnership=oxfordshire)
    assessment = SelfAssessment.objects.get(partnership=oxfordshire)

    def urls() -> list[str]:
        audit = oxfordshire_audit()
        return [
            reverse("assurance:overview", args=["oxfordshire"]),
            reverse("assurance:handbook-detail", args=["oxfordshire", handbook.pk]),
            reverse("assurance:assessment-detail", args=["oxfordshire", assessment.pk]),
            reverse("assurance:audit-detail", args=["oxfordshire", audit]),
            reverse("assurance:partnership-register"),
            f"{API}/register-of-partnerships",
            f"{API}/partnerships/oxfordshire/self-assessments/{assessment.pk}",
            f"{API}/partnerships/oxfordshire/audits/{audit}",
        ]

    def oxfordshire_audit() -> int:
        from accord.assurance.models import GovernanceAudit

        return GovernanceAudit.objects.filter(partnership=oxfordshire).order_by("-pk").first().pk  # type: ignore[union-attr]

    counts = []
    more_of_everything(oxfordshire, 1)
    for url in urls():
        with django_assert_max_num_queries(40) as small:
            assert client.get(url).status_code == 200, url
        counts.append(len(small.captured_queries))
    more_of_everything(oxfordshire, 6)
    for url, count in zip(urls(), counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(("person", "offered"), [("officer", True), ("representative", False)])
def test_the_home_page_offers_the_register_to_those_who_may_read_it(
    client, sign_in, oxfordshire, person, offered
):
    sign_in(person)
    page = client.get(reverse("core:home")).content.decode()
    assert ("Register of partnerships" in page) is offered


def test_an_officers_home_page_lists_the_overdue_audit_actions(client, sign_in, oxfordshire):
    audit = services.governance_audit_record(
        actor=None, partnership=oxfordshire, auditor="A", audited_on=DEADLINE, risk="high"
    )
    finding = services.audit_finding_add(actor=None, audit=audit, finding="F", risk="high")
    services.audit_action_add(
        actor=None, finding=finding, action="Publish the risk register", owner="O",
        due_on=datetime.date(2010, 1, 31),
    )  # fmt: skip
    sign_in("officer")
    page = client.get(reverse("core:home")).content.decode()
    assert "Publish the risk register" in page
    assert "Overdue actions from audits" in page
