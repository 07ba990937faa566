"""The register's pages: what they show, to whom, in how many queries; CSV downloads."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.governance import services
from accord.governance.models import Body, Membership, Person
from accord.partnerships.models import Partnership

from .register_data import START, adopt, build_register, partnership_with_officer


@pytest.fixture
def wychwood(db, sign_in):
    """A partnership of our own, with its programme officer signed in."""
    partnership = partnership_with_officer()
    sign_in("wychwood-officer")
    return partnership


def page(client, name: str, partnership: Partnership, *args: object, **query: str) -> str:
    response = client.get(reverse(name, args=[partnership.slug, *args]), query)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_register_lists_partners_bodies_and_people_with_their_seats(client, wychwood):
    register = build_register(wychwood)
    partners = page(client, "governance:partner-list", wychwood)
    assert "Wychwood Council 0" in partners
    assert "District, borough or city council" in partners
    assert "<caption" in partners
    bodies = page(client, "governance:body-list", wychwood)
    assert "Wychwood Board" in bodies
    assert "Decides the strategy" in bodies
    people = page(client, "governance:person-list", wychwood)
    assert "Wychwood Lead Member 1" in people
    assert "Voting representative for Wychwood Council 1" in people
    assert register.board.name in people


def test_the_body_page_shows_who_sat_on_it_on_a_date_and_who_could_vote(client, wychwood):
    register = build_register(wychwood)
    adopt(register)  # the draft lets service user representatives vote
    make = {"actor": None, "partnership": wychwood, "body": register.board}
    deputy = services.person_create(actor=None, partnership=wychwood, name="Wychwood Deputy")
    services.membership_create(
        **make,
        person=deputy,
        partner=register.partners[0],
        role="substitute",
        start_date=START,
    )
    user_rep = services.person_create(actor=None, partnership=wychwood, name="Wychwood Tenant")
    services.membership_create(
        **make, person=user_rep, role="service_user_representative", start_date=START
    )
    before = page(client, "governance:body-detail", wychwood, register.board.pk, on="2009-06-01")
    assert "Seats on 1 June 2009" in before
    assert "As substitute" in before
    # Before the amendment took effect, service user representatives did not vote.
    assert before.count('<td class="govuk-table__cell">No</td>') == 1
    after = page(client, "governance:body-detail", wychwood, register.board.pk, on="2010-06-01")
    assert after.count('<td class="govuk-table__cell">No</td>') == 0
    empty = page(client, "governance:body-detail", wychwood, register.board.pk, on="2003-03-31")
    assert "Nobody sat on Wychwood Board on that date" in empty
    assert "Every term on Wychwood Board, newest first" in empty
    assert "Wychwood Lead Member 0" in empty  # in the history


def test_a_date_the_body_page_cannot_read_is_explained_not_an_error(client, wychwood):
    register = build_register(wychwood)
    html = page(client, "governance:body-detail", wychwood, register.board.pk, on="11/12/2009")
    assert "govuk-error-summary" in html
    assert "Date must be a real date" in html
    assert "<title>Error:" in html


def test_the_constitution_page_states_each_rule_in_words(client, wychwood):
    register = build_register(wychwood)
    services.signature_record(
        actor=None,
        amendment=register.amendment,
        partner=register.partners[0],
        signed_by=register.people[0],
        signed_on=datetime.date(2009, 12, 14),
    )
    html = page(client, "governance:constitution-detail", wychwood)
    assert "Wychwood agreement, majority" in html
    assert "Majority" in html
    assert "Escalate to the escalation body" in html
    assert "Wychwood Chief Executives" in html
    assert "10 working days" in html
    assert "Signatures so far: 1" in html
    assert "Still to sign (1)" in html
    assert "In force today" not in html
    adopt_rest = register.partners[1], register.people[1]
    services.signature_record(
        actor=None,
        amendment=register.amendment,
        partner=adopt_rest[0],
        signed_by=adopt_rest[1],
        signed_on=datetime.date(2010, 1, 4),
    )
    html = page(client, "governance:constitution-detail", wychwood)
    assert "In force today" in html
    assert "4 January 2010" in html


def test_the_positions_page_shows_every_partner_side_by_side(client, wychwood):
    register = build_register(wychwood, size=3)
    listing = page(client, "governance:question-list", wychwood)
    assert register.question.title in listing
    html = page(client, "governance:question-detail", wychwood, register.question.pk)
    assert "Service users know the services best" in html
    assert html.count("None recorded") == 2


@pytest.mark.parametrize(
    ("name", "needs_body"),
    [
        ("governance:partner-list", False),
        ("governance:body-list", False),
        ("governance:person-list", False),
        ("governance:question-list", False),
        ("governance:constitution-detail", False),
        ("governance:body-detail", True),
    ],
)
def test_register_pages_queries_do_not_grow_with_the_register(
    client, wychwood, django_assert_max_num_queries, name, needs_body
):
    small = build_register(wychwood, size=2, name="Small")
    args = [small.board.pk] if needs_body else []
    with django_assert_max_num_queries(40) as few:
        page(client, name, wychwood, *args, on="2009-06-01")
    queries_with_two = len(few)  # read now: the next request resets the query log
    build_register(wychwood, size=12, name="Large")
    for i in range(10):
        person = services.person_create(actor=None, partnership=wychwood, name=f"Extra {i}")
        services.membership_create(
            actor=None,
            partnership=wychwood,
            body=small.board,
            person=person,
            role="observer",
            start_date=START,
        )
    with django_assert_max_num_queries(queries_with_two):
        html = page(client, name, wychwood, *args, on="2009-06-01")
    assert "Large" in html or "Extra 9" in html


def test_the_positions_page_queries_do_not_grow_with_the_partners(
    client, wychwood, django_assert_max_num_queries
):
    register = build_register(wychwood, size=2)
    with django_assert_max_num_queries(40) as few:
        page(client, "governance:question-detail", wychwood, register.question.pk)
    queries_with_two = len(few)
    for i in range(10):
        partner = services.partner_create(
            actor=None, partnership=wychwood, name=f"More {i}", kind="health"
        )
        services.position_record(
            actor=None,
            question=register.question,
            partner=partner,
            stance="oppose",
            reasons="",
            recorded_on=datetime.date(2009, 10, 2),
        )
    with django_assert_max_num_queries(queries_with_two):
        html = page(client, "governance:question-detail", wychwood, register.question.pk)
    assert "More 9" in html


@pytest.mark.parametrize(
    ("name", "object_type", "header", "row"),
    [
        (
            "governance:partner-export",
            "governance.partner",
            "name,type,illustrative",
            "Wychwood Council 0",
        ),
        ("governance:body-export", "governance.body", "name,kind,purpose", "Wychwood Board"),
        (
            "governance:membership-export",
            "governance.membership",
            "body,person,partner,role,seat,start_date,end_date,illustrative",
            "Wychwood Board,Wychwood Lead Member 0,Wychwood Council 0,voting_representative,,"
            "2003-04-01,,",
        ),
    ],
)
def test_register_downloads_are_csv_and_audited(client, wychwood, name, object_type, header, row):
    build_register(wychwood)
    response = client.get(reverse(name, args=[wychwood.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert text.splitlines()[0] == header
    assert row in text
    event = AuditEvent.objects.filter(action="register.export").get()
    assert event.object_type == object_type
    assert event.partnership_id == wychwood.pk
    assert event.actor_name == "wychwood-officer"
    assert event.changes == {"format": [None, "csv"]}


def test_a_download_cannot_smuggle_a_spreadsheet_formula(client, wychwood):
    services.partner_create(
        actor=None, partnership=wychwood, name='=HYPERLINK("http://x")', kind="other"
    )
    text = client.get(reverse("governance:partner-export", args=[wychwood.slug])).content
    rows = list(csv.reader(io.StringIO(text.decode())))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


def test_the_partnership_page_links_to_the_register_only_for_those_who_may_see_it(client, wychwood):
    html = page(client, "governance:partnership-detail", wychwood)
    assert reverse("governance:body-list", args=[wychwood.slug]) in html
    client.logout()
    html = page(client, "governance:partnership-detail", wychwood)
    assert reverse("governance:body-list", args=[wychwood.slug]) not in html
    assert client.get(reverse("governance:body-list", args=[wychwood.slug])).status_code == 403


@pytest.mark.django_db
def test_the_demo_constitution_says_what_the_memorandum_leaves_unstated(client, demo, sign_in):
    # seed 000, para 11: unanimity, with no second-meeting rule and no stated call-in period.
    sign_in("representative")
    html = client.get("/partnerships/oxfordshire/constitution/").content.decode()
    memorandum = html[html.index("Memorandum of Understanding") : html.index("Draft amendment")]
    assert "Unanimity: every one of all voting members must vote for" in memorandum
    assert "The same rule" in memorandum
    assert "Not stated" in memorandum
    assert "None" not in memorandum


def test_the_body_history_comes_fifty_terms_a_page_newest_first(client, wychwood):
    """A body that has existed for decades keeps a page of the same size."""
    body = Body.objects.create(partnership=wychwood, name="Old Board", kind="other")
    people = Person.objects.bulk_create(
        Person(partnership=wychwood, name=f"Observer {n:02d}") for n in range(60)
    )
    Membership.objects.bulk_create(
        Membership(
            partnership=wychwood,
            body=body,
            person=person,
            role="observer",
            start_date=datetime.date(1950 + n, 1, 1),
            end_date=datetime.date(1950 + n, 12, 31),
        )
        for n, person in enumerate(people)
    )
    first = page(client, "governance:body-detail", wychwood, body.pk)
    assert "Page 1 of 2" in first
    assert "Observer 59" in first  # 2009, the newest observer
    assert "Observer 00" not in first
    second = page(client, "governance:body-detail", wychwood, body.pk, page="2")
    assert "Observer 00" in second
    assert "Page 2 of 2" in second


@pytest.mark.django_db
def test_the_demo_constitution_states_the_county_variant_as_a_majority_with_one_against(
    client, demo, sign_in
):
    # seed 000, para 22: "a majority voting could be considered, limiting the minority
    # against to one vote": a majority first, not a consensus
    sign_in("representative")
    html = client.get("/partnerships/oxfordshire/constitution/").content.decode()
    county = html[html.index("county council&#x27;s variant") :]
    assert (
        "Majority: more than half of all voting members must vote for, with at most 1 against"
        in (county)
    )
    assert "consensus" not in county.lower()
    assert "limiting the minority against to one vote" in county
    assert "seed 000" not in html
    # the Memorandum's start date is not in the seed: it is marked
    assert "Illustrative: not from the source documents" in html
