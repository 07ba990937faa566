"""The national-scale demo data: what issue 7 asks of it, checked on the rows themselves,
and the pages that stay the same cost however much of it there is."""

import datetime
import hashlib
import itertools
from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.audit.selectors import audit_chain_verify
from accord.decisions.models import Ballot, DisputeStep, Proposal, ProposalState, Vote
from accord.decisions.services.ballots import ballot_evaluate
from accord.demo import national
from accord.governance.models import Body, BodyKind, Membership, Partner
from accord.governance.selectors import voting_units
from accord.meetings.models import AgendaItem, Meeting, MeetingStatus
from accord.partnerships.models import Partnership

TODAY = datetime.date(2026, 12, 1)


def spec(index: int, *, years: int = 2, seed: int = 0) -> national.Country:
    return national.country(partnerships=index, seed=seed, today=TODAY, years=years)[-1]


def digest(built: national.Built) -> str:
    """Every generated value, ids aside, in insertion order."""
    text = []
    for obj in built.rows():
        fields = {
            f.attname: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if not f.is_relation and not f.primary_key and f.attname not in {"created_at"}
        }
        text.append(f"{type(obj).__name__}{sorted(fields.items(), key=str)}")
    return hashlib.sha256("\n".join(text).encode()).hexdigest()


def test_the_same_seed_and_day_build_the_same_partnership_and_another_seed_does_not():
    assert digest(national.build(spec(3))) == digest(national.build(spec(3)))
    assert digest(national.build(spec(3))) != digest(national.build(spec(3, seed=1)))


def test_about_three_in_a_hundred_votes_are_not_unanimous_across_the_country():
    first_rounds = [
        ballot
        for n in range(1, 41)
        for ballot in national.build(spec(n, years=3)).tables[Ballot]
        if ballot.round == 1  # type: ignore[attr-defined]
    ]
    split = [b for b in first_rounds if b.votes_against or b.abstentions]  # type: ignore[attr-defined]
    assert len(first_rounds) > 3000
    assert 0.02 < len(split) / len(first_rounds) < 0.04


@pytest.fixture
def country(db):
    """Three partnerships, two years of meetings each, through the bulk loader."""
    return national.national_load(partnerships=3, today=TODAY, years=2)


def test_each_partnership_has_what_the_issue_asks_for(country):
    partnerships = Partnership.objects.filter(slug__startswith="national-")
    assert partnerships.count() == 3
    for partnership in partnerships:
        assert 4 <= Partner.objects.filter(partnership=partnership).count() <= 12
        kinds = set(Body.objects.filter(partnership=partnership).values_list("kind", flat=True))
        assert kinds == {BodyKind.DECIDING_BOARD, BodyKind.OFFICERS_GROUP, BodyKind.ESCALATION_BODY}
        board = Body.objects.filter(partnership=partnership).get(kind=BodyKind.DECIDING_BOARD)
        officers = Body.objects.filter(partnership=partnership).get(kind=BodyKind.OFFICERS_GROUP)
        assert board.meetings.count() == 22  # 11 a year, none in August
        assert officers.meetings.count() == 16  # 8 a year
        items = Counter(
            AgendaItem.objects.filter(meeting__body__in=[board, officers]).values_list(
                "meeting_id", flat=True
            )
        )
        assert min(items.values()) >= 8
        assert max(items.values()) <= 15 + 2  # with items returning from a dispute


def test_terms_change_over_the_years_without_overlapping_on_a_seat(country):
    seats = defaultdict(list)
    for term in Membership.objects.filter(partnership__slug__startswith="national-"):
        seats[(term.body_id, term.partner_id, term.role)].append(term)
    assert any(len(terms) > 1 for terms in seats.values())  # terms did change
    for terms in seats.values():
        terms.sort(key=lambda t: t.start_date)
        for earlier, later in itertools.pairwise(terms):
            assert earlier.end_date is not None
            assert earlier.end_date < later.start_date
        assert terms[-1].end_date is None


def test_every_held_deciding_item_has_a_closed_vote_by_every_partner_judged_by_the_engine(
    country,
):
    items = AgendaItem.objects.filter(
        tabling__isnull=False, meeting__date__lt=TODAY, meeting__body__kind="deciding_board"
    ).annotate(ballots_count=Count("ballots"))
    assert items.exists()
    assert all(item.ballots_count == 1 for item in items)
    for ballot in Ballot.objects.select_related("meeting__body", "partnership"):
        votes = list(ballot.votes.filter(current=True))
        partners = Partner.objects.filter(partnership=ballot.partnership).count()
        assert not ballot.is_open
        assert len(votes) == len(ballot.units) == partners
        # The stored outcome is the one the application computes when it closes a vote.
        outcome = ballot_evaluate(ballot, votes)
        assert (ballot.outcome, ballot.votes_for, ballot.reason) == (
            outcome.outcome,
            int(outcome.tally.for_),
            outcome.reason,
        )
        # Its voting units are the ones the register gives for that body on that day.
        units = voting_units(ballot.meeting.body, on=ballot.meeting.date)
        assert [u["key"] for u in ballot.units] == [u.key for u in units]
        assert {v.cast_by_id for v in votes} <= {
            person for u in units for person in (*u.representatives, *u.substitutes)
        }


def test_split_votes_follow_the_constitutions_route(country):
    disputed = Proposal.objects.filter(ballots__outcome="not_carried").distinct()
    for proposal in disputed:
        steps = [s.kind for s in proposal.steps.all()]
        assert steps[0] in {"compromise", "escalate"}
        ballots = list(proposal.ballots.order_by("round"))
        if len(ballots) == 2:  # the second meeting: the fallback rule
            assert ballots[1].rule_source == "fallback_rule"
            assert ballots[1].meeting.date > ballots[0].meeting.date
            assert proposal.state in {ProposalState.CARRIED, ProposalState.WITHDRAWN}
    escalations = DisputeStep.objects.filter(kind="escalation_result")
    for step in escalations:
        assert step.body is not None
        assert step.body.kind == BodyKind.ESCALATION_BODY


def test_meetings_to_come_are_scheduled_and_past_minutes_approved_at_the_next(country):
    for meeting in Meeting.objects.filter(body__kind="deciding_board"):
        if meeting.date >= TODAY:
            assert meeting.status in {MeetingStatus.SCHEDULED, MeetingStatus.AGENDA_PUBLISHED}
            assert not meeting.ballots.exists()
        elif meeting.status == MeetingStatus.MINUTES_APPROVED:
            assert meeting.minutes_approved_at is not None
            assert meeting.minutes_approved_at.date > meeting.date
            assert meeting.minutes_approved_at.body_id == meeting.body_id
    assert Proposal.objects.filter(state=ProposalState.TABLED).exists()


def test_the_report_counts_the_rows_in_the_database_and_each_load_is_audited(country):
    for model in (Proposal, Ballot, Vote, AgendaItem, Meeting, Membership):
        assert (
            country.rows[model._meta.model_name]
            == model.objects.filter(partnership__slug__startswith="national-").count()
        )
    assert AuditEvent.objects.filter(action="demo.national_load").count() == 3
    assert audit_chain_verify().intact


def test_a_load_that_fails_part_way_leaves_nothing_of_that_partnership(db, monkeypatch):
    insert = national.insert

    def failing(model, objects):
        if model is Vote:
            raise RuntimeError("disk full")
        insert(model, objects)

    monkeypatch.setattr(national, "insert", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        national.national_load(partnerships=1, today=TODAY, years=1)
    assert not Partnership.objects.filter(slug__startswith="national-").exists()
    assert not Meeting.objects.exists()
    monkeypatch.setattr(national, "insert", insert)
    assert national.national_load(partnerships=1, today=TODAY, years=1).total > 0


def test_loading_again_skips_what_is_there(country):
    again = national.national_load(partnerships=4, today=TODAY, years=2)
    assert again.partnerships_skipped == 3
    assert Partnership.objects.filter(slug__startswith="national-").count() == 4


def test_the_command_prints_rows_per_second_and_refuses_a_bad_scale(db, capsys):
    call_command("demo", scale=1, years=1, on=TODAY)
    out = capsys.readouterr().out
    assert "rows per second" in out
    assert "1 partnerships generated" in out
    assert "created (ten years of quarterly returns" in out  # tests/demo/test_national_returns.py
    from accord.demo.management.commands.demo import scale

    assert scale("national") == 152
    with pytest.raises(ValueError, match="153"):
        scale("153")


# ---------------------------------------------------------------- the pages at two sizes


def member_of(partnership: Partnership):
    term = (
        Membership.objects.current(on=timezone.localdate())
        .filter(partnership=partnership, role="voting_representative")
        .select_related("person")
        .first()
    )
    assert term is not None
    user = get_user_model().objects.create(username=f"member-{partnership.slug}")
    term.person.user = user
    term.person.save()
    return user


def page_urls(partnership: Partnership) -> list[str]:
    board = Body.objects.filter(partnership=partnership).get(kind=BodyKind.DECIDING_BOARD)
    meeting = (
        board.meetings.filter(date__lt=timezone.localdate())
        .annotate(n=Count("items"))
        .order_by("-n")
        .first()
    )
    assert meeting is not None
    slug = partnership.slug
    return [
        reverse("decisions:proposal-list", args=[slug]) + "?state=carried&page=2",
        reverse("meetings:meeting-detail", args=[slug, meeting.pk]),
        reverse("meetings:forward-plan", args=[slug]),
        reverse("governance:body-detail", args=[slug, board.pk]) + "?on=2025-06-01",
        reverse(
            "decisions:proposal-detail",
            args=[slug, meeting.items.exclude(tabling=None)[0].tabling.proposal_id],
        ),
    ]


def same_shape(partnership: Partnership) -> None:
    """Whatever today's date: the next board meeting has its agenda published, the later
    ones not yet, so that both sizes exercise the same checks of the policy."""
    today = timezone.localdate()
    upcoming = Meeting.objects.filter(partnership=partnership, date__gte=today)
    upcoming.update(status=MeetingStatus.SCHEDULED)
    first = upcoming.filter(body__kind=BodyKind.DECIDING_BOARD).order_by("date").first()
    assert first is not None
    first.status = MeetingStatus.AGENDA_PUBLISHED
    first.save()


def queries_of(
    client, sign_in, django_assert_max_num_queries, partnership: Partnership
) -> list[int]:
    same_shape(partnership)
    sign_in(member_of(partnership).username)  # with the second factor a voter gives
    counts = []
    for url in page_urls(partnership):
        with django_assert_max_num_queries(60) as counted:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(counted))
    return counts


def test_page_queries_do_not_grow_with_years_of_data_or_more_partnerships(
    db, client, sign_in, django_assert_max_num_queries
):
    """The busiest pages issue the same number of queries for a partnership with two years
    of history in an installation of one, and for one with six years among three."""
    today = timezone.localdate()  # the pages' today: the forward plan looks ahead of it
    national.national_load(partnerships=1, today=today, years=2)
    small = queries_of(client, sign_in, django_assert_max_num_queries, Partnership.objects.get())
    national.national_load(partnerships=3, today=today, years=6)
    client.logout()
    large = queries_of(
        client,
        sign_in,
        django_assert_max_num_queries,
        Partnership.objects.get(slug="national-003"),
    )
    meetings = Counter(Meeting.objects.values_list("partnership__slug", flat=True))
    assert meetings["national-003"] > 2.5 * meetings["national-001"]
    assert large == small


def test_each_generated_partnership_gets_a_services_directory_once(db):
    from accord.commissioning.models import Service, ServiceLocation
    from accord.demo.national_services import national_services_load

    national.national_load(partnerships=2, today=TODAY, years=1)
    rows = national_services_load(seed=0)
    assert rows["service"] == Service.objects.count()
    for partnership in Partnership.objects.filter(slug__startswith="national-"):
        services = Service.objects.filter(partnership=partnership)
        assert 150 <= services.count() <= 250
        for service in services.select_related("provider")[:20]:
            assert service.provider.partnership_id == partnership.pk
            service.full_clean()
            assert all(p.partnership_id == partnership.pk for p in service.districts.all())
    for location in ServiceLocation.objects.select_related("service")[:20]:
        assert location.service.delivery_model == "accommodation"
        location.full_clean()
    assert national_services_load(seed=0) == {}
