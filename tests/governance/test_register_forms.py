"""The forms that change the register: programme officers only, each write audited, and a
refusal by the register's rules shown next to the field with nothing changed."""

import datetime

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.governance import services
from accord.governance.models import Body, Membership, Partner, Person, Position, Signature

from .register_data import START, build_register, partnership_with_officer


@pytest.fixture
def wychwood(db, sign_in):
    partnership = partnership_with_officer()
    sign_in("wychwood-officer")
    return partnership


def field_error(html: str, field: str) -> str:
    """The error message shown in a field's form group ("" if none)."""
    group = html.split(f'id="div_id_{field}"')[1].split('id="div_id_')[0]
    if "govuk-error-message" not in group:
        return ""
    return group.split('class="govuk-error-message">')[1].split("</span>", 2)[1].strip()


def post(client, route: str, *args: object, **data: object):
    return client.post(reverse(route, args=list(args)), data)


def test_an_officer_adds_a_partner_a_body_and_a_person_and_each_is_audited(client, wychwood):
    slug = wychwood.slug
    response = post(
        client, "governance:partner-create", slug, name="Wychwood DC", kind="district_council"
    )
    assert response.status_code == 302
    response = post(
        client,
        "governance:body-create",
        slug,
        name="Wychwood Board",
        kind="deciding_board",
        purpose="Decides",
    )
    assert response.status_code == 302
    response = post(client, "governance:person-create", slug, name="Lead Member, Wychwood DC")
    assert response["Location"] == reverse("governance:person-list", args=[slug])
    assert Partner.objects.get(partnership=wychwood).name == "Wychwood DC"
    assert Body.objects.get(partnership=wychwood).purpose == "Decides"
    assert Person.objects.get(partnership=wychwood).name == "Lead Member, Wychwood DC"
    actions = set(
        AuditEvent.objects.filter(actor_name="wychwood-officer").values_list("action", flat=True)
    )
    assert {"partner.create", "body.create", "person.create"} <= actions
    html = client.get(reverse("governance:person-list", args=[slug])).content.decode()
    assert "Person added" in html


def test_an_officer_adds_a_membership_and_it_is_audited(client, wychwood):
    register = build_register(wychwood)
    person = services.person_create(actor=None, partnership=wychwood, name="Wychwood Deputy")
    response = post(
        client,
        "governance:membership-create",
        wychwood.slug,
        body=register.board.pk,
        person=person.pk,
        partner=register.partners[0].pk,
        role="substitute",
        seat="",
        start_date="2009-04-01",
        end_date="",
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person=person)
    assert membership.role == "substitute"
    assert membership.start_date == datetime.date(2009, 4, 1)
    event = AuditEvent.objects.get(action="membership.create", object_id=str(membership.pk))
    assert event.actor_name == "wychwood-officer"


def membership_form(register, person, partner, **changes: object) -> dict[str, object]:
    return {
        "body": register.board.pk,
        "person": person.pk,
        "partner": partner.pk,
        "role": "voting_representative",
        "seat": "",
        "start_date": "2009-04-01",
        "end_date": "",
        **changes,
    }


def test_a_second_voting_seat_for_another_partner_is_refused_next_to_the_partner(client, wychwood):
    register = build_register(wychwood)
    lead_of_first = register.people[0]
    before = (Membership.objects.count(), AuditEvent.objects.count())
    response = post(
        client,
        "governance:membership-create",
        wychwood.slug,
        **membership_form(register, lead_of_first, register.partners[1], seat="Deputy"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert '<a href="#id_partner">' in html
    assert "nobody may hold voting seats for two partners" in field_error(html, "partner")
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before


def test_overlapping_terms_on_one_seat_are_refused_next_to_the_start_date(client, wychwood):
    register = build_register(wychwood)
    newcomer = services.person_create(actor=None, partnership=wychwood, name="Wychwood New")
    response = post(
        client,
        "governance:membership-create",
        wychwood.slug,
        **membership_form(register, newcomer, register.partners[0]),
    )
    html = response.content.decode()
    assert "terms of one seat cannot overlap" in field_error(html, "start_date")
    assert field_error(html, "partner") == ""
    assert not Membership.objects.filter(person=newcomer).exists()


def test_a_membership_form_with_bad_dates_is_explained_not_an_error(client, wychwood):
    register = build_register(wychwood)
    newcomer = services.person_create(actor=None, partnership=wychwood, name="Wychwood New")
    response = post(
        client,
        "governance:membership-create",
        wychwood.slug,
        **membership_form(register, newcomer, register.partners[0], start_date="1 April 2009"),
    )
    assert response.status_code == 200
    assert "Start date must be a real date" in response.content.decode()
    response = post(
        client,
        "governance:membership-create",
        wychwood.slug,
        **membership_form(
            register, newcomer, register.partners[0], role="observer", end_date="2008-01-01"
        ),
    )
    assert response.status_code == 200
    assert "The end date cannot be before the start date" in response.content.decode()
    assert not Membership.objects.filter(person=newcomer).exists()


def test_the_membership_form_offers_only_the_partnerships_own_rows(client, wychwood):
    register = build_register(wychwood)
    other = services.partnership_create(actor=None, slug="elsewhere", name="Elsewhere")
    foreign = build_register(other, name="Elsewhere")
    form = client.get(reverse("governance:membership-create", args=[wychwood.slug]))
    html = form.content.decode()
    assert "Wychwood Board" in html
    assert "Elsewhere" not in html.split("<main")[1]
    response = post(
        client,
        "governance:membership-create",
        wychwood.slug,
        **membership_form(register, foreign.people[0], register.partners[0], role="observer"),
    )
    assert "Select a person from the list" in response.content.decode()


def test_an_officer_ends_a_membership(client, wychwood):
    register = build_register(wychwood)
    membership = register.memberships[0]
    response = post(
        client, "governance:membership-end", wychwood.slug, membership.pk, end_date="2009-12-31"
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end_date == datetime.date(2009, 12, 31)
    assert AuditEvent.objects.filter(action="membership.end").exists()
    response = post(
        client, "governance:membership-end", wychwood.slug, membership.pk, end_date="2001-01-01"
    )
    assert "The end date cannot be before the start date" in response.content.decode()


def test_an_officer_records_a_position(client, wychwood):
    register = build_register(wychwood)
    response = post(
        client,
        "governance:position-create",
        wychwood.slug,
        register.question.pk,
        partner=register.partners[1].pk,
        stance="conditional",
        reasons="If they are trained",
        recorded_on="2009-10-05",
    )
    assert response.status_code == 302
    position = Position.objects.get(partner=register.partners[1])
    assert position.stance == "conditional"
    assert AuditEvent.objects.filter(action="position.record", actor_name="wychwood-officer")


def test_a_signature_by_someone_not_entitled_is_refused_next_to_signed_by(client, wychwood):
    register = build_register(wychwood)
    data = {
        "partner": register.partners[0].pk,
        "signed_by": register.people[1].pk,
        "signed_on": "2009-12-14",
    }
    path = reverse("governance:signature-create", args=[wychwood.slug, register.amendment.pk])
    html = client.post(path, data).content.decode()
    assert "cannot sign for it" in field_error(html, "signed_by")
    assert not Signature.objects.exists()
    data["signed_by"] = register.people[0].pk
    assert client.post(path, data).status_code == 302
    assert Signature.objects.get().partner == register.partners[0]


def test_a_member_who_is_not_an_officer_cannot_change_the_register(client, sign_in, db):
    from django.contrib.auth import get_user_model

    partnership = partnership_with_officer()
    register = build_register(partnership)
    member = get_user_model().objects.create_user("member", password="x" * 16)
    seat = services.person_create(actor=None, partnership=partnership, name="Member", user=member)
    services.membership_create(
        actor=None,
        partnership=partnership,
        body=register.groups[0],
        person=seat,
        role="officer",
        start_date=START,
    )
    sign_in("member")
    assert client.get(reverse("governance:body-list", args=[partnership.slug])).status_code == 200
    for name in ["governance:partner-create", "governance:membership-create"]:
        assert client.get(reverse(name, args=[partnership.slug])).status_code == 403
    response = post(
        client, "governance:partner-create", partnership.slug, name="Sneaky", kind="other"
    )
    assert response.status_code == 403
    assert not Partner.objects.filter(name="Sneaky").exists()


def test_a_gloucestershire_officer_cannot_open_oxfordshires_register(client, demo, sign_in):
    from django.contrib.auth import get_user_model

    from accord.partnerships.models import Partnership

    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    build_register(oxfordshire)
    glos = get_user_model().objects.create_user("glos-officer", password="x" * 16)
    services.programme_officer_appoint(
        actor=None,
        partnership=Partnership.objects.get(slug="gloucestershire"),
        user=glos,
        start_date=START,
    )
    sign_in("glos-officer")
    for name in ["governance:body-list", "governance:partner-create", "governance:partner-export"]:
        response = client.get(reverse(name, args=["oxfordshire"]))
        assert response.status_code == 403
        assert "Wychwood" not in response.content.decode()
    api = client.get("/api/governance/partnerships/oxfordshire/memberships")
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("name", ["Lead\x07Member", "Lead Member\x1b[31m", "Lead\x7fMember"])
def test_a_control_character_is_refused_on_the_page_as_in_the_api_and_saves_nothing(
    client, wychwood, name
):
    """Issue 13, defect 7: the forms and the API refuse the same text (accord.core.text)."""
    response = post(client, "governance:person-create", wychwood.slug, name=name)
    assert response.status_code == 200
    assert field_error(response.content.decode(), "name") == (
        "Must not contain control characters (only text, tabs and line breaks)"
    )
    api = client.post(
        f"/api/governance/partnerships/{wychwood.slug}/people",
        {"name": name},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api.json()["error"]["field"] == "name"
    assert api.json()["error"]["message"] == (
        "name: Must not contain control characters (only text, tabs and line breaks)"
    )
    assert not Person.objects.filter(partnership=wychwood).exists()


def test_text_with_tabs_and_line_breaks_is_kept(client, wychwood):
    response = post(
        client, "governance:body-create", wychwood.slug, name="Wychwood Board",
        kind="deciding_board", purpose="Decides:\r\n\tthe annual plan",
    )  # fmt: skip
    assert response.status_code == 302
    assert Body.objects.get(partnership=wychwood).purpose == "Decides:\r\n\tthe annual plan"
