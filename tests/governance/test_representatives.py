"""A partner's representatives state its position on a question and sign an amendment for
it, in the pages and the API, through the same services the programme team's forms call:
only for the partner they represent as a voting representative, and only as themselves."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.governance.models import Amendment, Partner, Person, Position, Question, Signature

WEST = "West Oxfordshire District Council"
CHERWELL = "Cherwell District Council"


@pytest.fixture
def representative(demo, sign_in):
    return sign_in("representative")


@pytest.fixture
def question(demo) -> Question:
    return Question.objects.filter(partnership__slug="oxfordshire").order_by("pk")[0]


@pytest.fixture
def amendment(demo) -> Amendment:
    return Amendment.objects.filter(
        partnership__slug="oxfordshire", version__status="draft"
    ).order_by("pk")[0]


def partner(name: str) -> Partner:
    return Partner.objects.get(partnership__slug="oxfordshire", name=name)


def test_a_representative_states_their_partners_position_preselected(
    client, representative, question
):
    path = reverse("governance:position-create", args=["oxfordshire", question.pk])
    detail = client.get(reverse("governance:question-detail", args=["oxfordshire", question.pk]))
    assert "State your partner's position" in detail.content.decode()

    form = client.get(path).content.decode()
    assert f'<option value="{partner(WEST).pk}" selected>{WEST}</option>' in form
    assert CHERWELL not in form  # only the partner they represent

    response = client.post(
        path,
        {
            "partner": partner(WEST).pk,
            "stance": "conditional",
            "reasons": "If service users are trained to take part",
            "recorded_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 302
    position = Position.objects.get(question=question, partner=partner(WEST))
    assert position.stance == "conditional"
    event = AuditEvent.objects.filter(action="position.record").latest("sequence")
    assert event.actor_name == "representative"


def test_a_representative_cannot_state_another_partners_position(client, representative, question):
    path = reverse("governance:position-create", args=["oxfordshire", question.pk])
    before = Position.objects.filter(question=question, partner=partner(CHERWELL)).first()

    response = client.post(
        path,
        {
            "partner": partner(CHERWELL).pk,
            "stance": "oppose",
            "recorded_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 200
    assert "Select a partner from the list" in response.content.decode()
    assert Position.objects.filter(question=question, partner=partner(CHERWELL)).first() == before


def test_a_representative_signs_for_their_partner_as_themselves(client, representative, amendment):
    path = reverse("governance:signature-create", args=["oxfordshire", amendment.pk])
    form = client.get(path).content.decode()
    assert "Signed by" not in form  # they sign as themselves
    assert f'<option value="{partner(WEST).pk}" selected>{WEST}</option>' in form

    response = client.post(
        path, {"partner": partner(WEST).pk, "signed_on": timezone.localdate().isoformat()}
    )

    assert response.status_code == 302
    signature = Signature.objects.get(amendment=amendment, partner=partner(WEST))
    assert signature.signed_by == Person.objects.get(user=representative)
    assert AuditEvent.objects.filter(action="amendment.sign", actor_name="representative")


def test_the_service_refuses_a_representative_signing_as_someone_else(representative, amendment):
    from django.core.exceptions import ValidationError

    from accord.governance import services

    cherwell_rep = Person.objects.filter(
        memberships__partner=partner(WEST), memberships__role="voting_representative"
    ).exclude(user=representative)
    other = cherwell_rep.first() or Person.objects.exclude(user=representative)[0]
    with pytest.raises(ValidationError, match="You can sign only as yourself"):
        services.signature_record(
            actor=representative, amendment=amendment, partner=partner(WEST), signed_by=other,
            signed_on=timezone.localdate(), for_the_record=False,
        )  # fmt: skip


def test_someone_who_represents_no_partner_is_offered_none(client, demo, sign_in, question):
    sign_in("strategy")  # an officer of the Core Strategy Group: sits, represents no partner
    path = reverse("governance:position-create", args=["oxfordshire", question.pk])
    detail = client.get(reverse("governance:question-detail", args=["oxfordshire", question.pk]))
    assert "State your partner" not in detail.content.decode()

    response = client.post(
        path, {"partner": partner(CHERWELL).pk, "stance": "oppose", "recorded_on": "2009-12-01"}
    )
    assert response.status_code == 200
    assert not Position.objects.filter(
        question=question,
        stance="oppose",
        partner=partner(CHERWELL),
        recorded_on=datetime.date(2009, 12, 1),
    ).exists()


def test_the_api_lets_a_representative_record_only_their_own_partners_position(
    client, representative, question
):
    def put(name: str):
        url = (
            f"/api/governance/partnerships/oxfordshire/questions/{question.pk}"
            f"/positions/{partner(name).pk}"
        )
        current = client.get(url)
        headers = {"HTTP_IF_MATCH": current["ETag"]} if current.status_code == 200 else {}
        return client.put(
            url,
            {"stance": "support", "reasons": "", "recorded_on": timezone.localdate().isoformat()},
            content_type="application/json",
            **headers,
        )

    refused = put(CHERWELL)
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "partner"
    assert put(WEST).status_code == 200
    assert Position.objects.get(question=question, partner=partner(WEST)).stance == "support"


def test_the_api_lets_a_representative_sign_as_themselves_only(client, representative, amendment):
    url = f"/api/governance/partnerships/oxfordshire/amendments/{amendment.pk}/signatures"
    someone_else = Person.objects.filter(partnership__slug="oxfordshire").exclude(
        user=representative
    )[0]
    me = Person.objects.get(user=representative)
    body = {"partner_id": partner(WEST).pk, "signed_on": timezone.localdate().isoformat()}

    refused = client.post(
        url, {**body, "signed_by_id": someone_else.pk}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "signed_by"

    signed = client.post(url, {**body, "signed_by_id": me.pk}, content_type="application/json")
    assert signed.status_code == 201
    assert get_user_model().objects.get(username="representative") == me.user
