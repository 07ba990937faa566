"""Every public service that takes an ``actor`` records its change in the audit trail in
the same transaction as the change, and records nothing when it refuses.

The services are found, not listed: every function of an app's ``services`` that takes a
keyword-only ``actor``. Each has a case below: a call it carries out and, where it can
refuse, a call it refuses. A test watches every INSERT, UPDATE and DELETE the call makes,
and the transaction (the service's outermost atomic block) each one runs in:

- carried out: at least one audit event, and every write in the one transaction that
  holds the event (so the change and its event commit or roll back together);
- refused: the refusal raised, no event left behind, and every write made inside the
  service's transaction, which the refusal rolls back.

A new service without a case fails ``test_every_service_that_takes_an_actor_has_a_case``.
"""

import datetime
import importlib
import inspect
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.db import connection
from django_otp.oath import totp

from accord.accounts import services as accounts
from accord.accounts.selectors import SIGNED_IN_AT, session_reference
from accord.assurance import services as assurance
from accord.audit.models import AuditEvent
from accord.budget import services as budget
from accord.calendar import services as calendar
from accord.commissioning import services as commissioning
from accord.complaints import services as complaints
from accord.complaints.models import Stage as ComplaintStage
from accord.core.errors import AccordError
from accord.decisions import services as decisions
from accord.decisions.models import Ballot, Proposal, Vote
from accord.governance import services as governance
from accord.governance.models import Amendment, ConstitutionVersion, Question
from accord.meetings import services as meetings
from accord.meetings.models import AgendaItem, Meeting, Paper
from accord.notifications import services as notifications
from accord.performance import services as performance
from accord.performance.periods import Quarter
from accord.performance.services import ReturnRow
from accord.procurement import services as procurement
from tests import factories
from tests.factories import pdf_bytes

FEBRUARY = datetime.date(2010, 2, 5)
MARCH = datetime.date(2010, 3, 5)
LATER = datetime.date(2010, 2, 8)


# ---------------------------------------------------------------- a small partnership


@dataclass
class World:
    """A partnership of two partners with a deciding board (unanimity, the December 2009
    route, call-in of 10 working days), an officers' group, the chief executives, a
    substitute for the first partner, two meetings of the board, a programme officer and
    a member who is the first partner's representative. Made with factories: no events."""

    partnership: Any  # made by factories, typed by them as Any
    other: Any
    a: Any
    b: Any
    board: Any
    group: Any
    chiefs: Any
    rep_a: Any
    rep_b: Any
    sub_a: Any
    outsider: Any
    february: Any
    march: Any
    officer: Any
    member: Any
    made: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def world(db) -> World:
    partnership = factories.PartnershipFactory(slug="wychwood", name="Wychwood Partnership")
    board = factories.BodyFactory(partnership=partnership, name="Board")
    group = factories.BodyFactory(partnership=partnership, name="Group", kind="officers_group")
    chiefs = factories.BodyFactory(partnership=partnership, name="Chiefs", kind="escalation_body")
    seat_a: Any = factories.MembershipFactory(body=board)
    seat_b: Any = factories.MembershipFactory(body=board)
    substitute = factories.MembershipFactory(body=board, partner=seat_a.partner, role="substitute")
    factories.BodyRuleFactory(
        version__partnership=partnership,
        body=board,
        escalation_body=chiefs,
        call_in_days=10,
    )
    member = factories.UserFactory(username="member")
    seat_a.person.user = member
    seat_a.person.save()
    officer = factories.UserFactory(username="officer")
    factories.ProgrammeOfficerFactory(partnership=partnership, user=officer)
    return World(
        partnership=partnership,
        other=factories.PartnershipFactory(slug="elsewhere", name="Elsewhere Partnership"),
        a=seat_a.partner,
        b=seat_b.partner,
        board=board,
        group=group,
        chiefs=chiefs,
        rep_a=seat_a.person,
        rep_b=seat_b.person,
        sub_a=substitute.person,
        outsider=factories.PersonFactory(partnership=partnership, name="Not on the board"),
        february=factories.MeetingFactory(body=board, date=FEBRUARY),
        march=factories.MeetingFactory(body=board, date=MARCH),
        officer=officer,
        member=member,
    )


# Arrangements: the system (no actor) takes the steps before the one a case tests.


def proposal(w: World) -> Proposal:
    return decisions.proposal_create(
        actor=None,
        partnership=w.partnership,
        title="Strategy 2010-15",
        kind="strategy",
        deciding_body=w.board,
        on=FEBRUARY,
    )


def tabled(w: World) -> Proposal:
    made = proposal(w)
    decisions.proposal_table(actor=None, proposal=made, meeting=w.february)
    meetings.meeting_publish_agenda(actor=None, meeting=w.february)
    made.refresh_from_db()
    return made


def voting(w: World) -> Ballot:
    return decisions.ballot_open(actor=None, proposal=tabled(w), meeting=w.february)


def cast(w: World, ballot: Ballot, b_votes: str = "for", *, ratify: bool = False) -> None:
    for person, unit, value in [
        (w.rep_a, f"partner-{w.a.pk}", "for"),
        (w.rep_b, f"partner-{w.b.pk}", b_votes),
    ]:
        decisions.vote_cast(
            actor=None,
            ballot=ballot,
            unit=unit,
            cast_by=person,
            value=value,
            subject_to_ratification=ratify and person == w.rep_a,
            for_the_record=True,
        )


def decided(w: World, b_votes: str = "for") -> Proposal:
    ballot = voting(w)
    cast(w, ballot, b_votes)
    return decisions.ballot_close(actor=None, ballot=ballot).proposal


def disputed(w: World) -> Proposal:
    return decided(w, b_votes="against")


def escalated(w: World) -> Proposal:
    return decisions.proposal_escalate(actor=None, proposal=disputed(w), on=LATER)


def item(w: World, meeting: Meeting | None = None) -> AgendaItem:
    return meetings.agenda_item_add(actor=None, meeting=meeting or w.february, title="Report")


def paper(w: World) -> Paper:
    return meetings.paper_upload(
        actor=None, item=item(w), title="Report", upload=io.BytesIO(PDF), name="r.pdf",
        size=len(PDF),
    )  # fmt: skip


def held(w: World) -> Meeting:
    item(w)
    meetings.meeting_publish_agenda(actor=None, meeting=w.february)
    return meetings.meeting_mark_held(actor=None, meeting=w.february, today=MARCH)


def draft(w: World, partnership: Any = None) -> ConstitutionVersion:
    return governance.constitution_version_create(
        actor=None, partnership=partnership or w.partnership, title="Majority at a second meeting"
    )


def amendment(w: World) -> Amendment:
    return governance.amendment_propose(actor=None, version=draft(w), proposed_on=FEBRUARY)


def question(w: World) -> Question:
    return governance.question_create(
        actor=None, partnership=w.partnership, title="Majority voting?", asked_on=FEBRUARY
    )


PDF = pdf_bytes()


def code_of(device: Any) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


TOKEN_DAY = datetime.date(2026, 12, 2)


def token(w: World, expires_on: datetime.date = datetime.date(2027, 1, 1)) -> Any:
    # The member casts a partner's vote, so gives a second factor before making a token.
    return accounts.api_token_create(
        actor=w.member, partnership=w.partnership, name="Committee system", access="write",
        expires_on=expires_on, today=TOKEN_DAY, two_factor_verified=True,
    )  # fmt: skip


PASSWORD = "correct horse battery staple"  # the factories' password for everyone


NEW_PASSWORD = "a kettle of distant lighthouses"


def session_of(user: Any) -> str:
    """A signed-in session of the user's, stored as a browser's would be; its key."""
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[SIGNED_IN_AT] = time.time()
    store.create()
    return str(store.session_key)


def sessions_of_member(w: World) -> list[str]:
    """Two sessions of the member's: the first is the one they are using."""
    return [session_of(w.member), session_of(w.member)]


def authenticator(w: World) -> Any:
    """The member's authenticator app, confirmed."""
    device = accounts.authenticator_start(user=w.member)
    type(device).objects.filter(pk=device.pk).update(confirmed=True)
    return device


# ---------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    """``act`` carries the service out; ``refuse`` makes it refuse (None for a service that
    has nothing to refuse); ``arrange`` sets the scene for both, unwatched. ``outside``:
    tables the service writes outside its transaction by design; ``refusal_recorded``: the
    actions of the events a refusal records by design (a refused code or password), in a
    transaction of their own that the refusal does not roll back."""

    act: Callable[[World], object]
    refuse: Callable[[World], object] | None = None
    arrange: Callable[[World], None] = lambda w: None
    outside: frozenset[str] = frozenset()
    refusal_recorded: frozenset[str] = frozenset()


def published(w: World, meeting: Meeting) -> None:
    """An item on the meeting's agenda, and the agenda published."""
    item(w, meeting)
    meetings.meeting_publish_agenda(actor=None, meeting=meeting)


def publishing_with(w: World, **make: Callable[[World], Any]) -> None:
    """Make these (kept in ``w.made``), then publish February's agenda."""
    for name, maker in make.items():
        w.made[name] = maker(w)
    meetings.meeting_publish_agenda(actor=None, meeting=w.february)


def approving(w: World) -> None:
    """February's meeting held; March's agenda published, at which its minutes are approved."""
    held(w)
    published(w, w.march)


def closed_awaiting_ratification(w: World) -> None:
    w.made["ballot"] = voting(w)
    cast(w, w.made["ballot"], ratify=True)
    decisions.ballot_close(actor=None, ballot=w.made["ballot"])


def closing(w: World) -> None:
    w.made["ballot"] = voting(w)
    cast(w, w.made["ballot"])


# Written contributions close when the meeting starts: before February's meeting.
BEFORE_FEBRUARY = datetime.datetime(2010, 2, 1, 12, tzinfo=datetime.UTC)


def observer(w: World) -> Any:
    """An observer of the board: a seat without a vote, from which one contributes."""
    seat: Any = factories.MembershipFactory(body=w.board, role="observer", partner=None)
    return seat.person


def contributed(w: World) -> None:
    """February's agenda published, with two of the observer's written contributions on
    its item (one to withdraw, one the refusal keeps)."""
    publishing_with(w, item=item, observer=observer)
    w.made["contribution"] = meetings.contribution_submit(
        actor=None, item=w.made["item"], person=w.made["observer"], text="A view.",
        for_the_record=True, now=BEFORE_FEBRUARY,
    )  # fmt: skip
    w.made["another"] = meetings.contribution_submit(
        actor=None, item=w.made["item"], person=w.made["observer"], text="Another view.",
        for_the_record=True, now=BEFORE_FEBRUARY,
    )  # fmt: skip


def keep(name: str, make: Callable[[World], Any]) -> Callable[[World], None]:
    """An arrangement that keeps what it made in ``world.made[name]``."""

    def arrange(w: World) -> None:
        w.made[name] = make(w)

    return arrange


def staff_term(w: World) -> Any:
    """A person who signs in for a provider of the world's partnership, from April 2009."""
    factories.UserFactory(username="cotswold-staff")
    provider: Any = factories.ProviderFactory(partnership=w.partnership)
    return commissioning.provider_staff_add(
        actor=None, provider=provider, username="cotswold-staff", start_date=APRIL_2009
    )


APRIL_2009 = datetime.date(2009, 4, 1)


def provider_values(w: World, *, partnership: bool = True) -> dict[str, Any]:
    """A provider's values, valid (with its partnership, for a create)."""
    values: dict[str, Any] = {
        "name": "Wychwood Housing Trust",
        "kind": "voluntary",
        "address_line_1": "1 Market Square",
        "town": "Witney",
        "postcode": "OX28 6AG",
    }
    return {**values, "partnership": w.partnership} if partnership else values


DATASET: dict[str, Any] = {
    "kind": "homelessness",
    "title": "Statutory homelessness acceptances",
    "source": "The districts' P1E returns",
    "unit": "households",
}
FIGURES = b"financial_year,district,client_group,category,value\n2009/10,,,Acceptances,420\n"


def contract_values(w: World, *, partnership: bool = True) -> dict[str, Any]:
    """A contract's values, valid (with its partnership, for a create)."""
    provider = w.made["provider"]
    values: dict[str, Any] = {
        "reference": "WYCH-C-001",
        "title": "Floating support, Witney",
        "provider": provider,
        "form": "block",
        "route": "tender",
        "department": "Supporting People Team",
        "start_date": datetime.date(2004, 4, 1),
        "end_date": datetime.date(2009, 3, 31),
    }
    return {**values, "partnership": w.partnership} if partnership else values


def contract(w: World, **values: Any) -> Any:
    return factories.ContractFactory(
        partnership=w.partnership,
        provider=factories.ProviderFactory(partnership=w.partnership),
        **values,
    )


def both(w: World, *arrangements: Callable[[World], None]) -> None:
    for arrange in arrangements:
        arrange(w)


def provider_of(w: World) -> Any:
    return w.made["contract"].provider


def award(w: World) -> Any:
    return factories.ProposalFactory(
        deciding_body=w.board, kind="tender_award", state="carried", partnership=w.partnership
    )


def let_contract(w: World) -> Any:
    """A let contract 2004-09 with a value for 2008/09."""
    made = contract(w, let=True)
    factories.ContractValueFactory(contract=made, financial_year=2008)
    return made


def variation(w: World) -> Any:
    """A carried contract variation decision of the board (carried before 2007/08)."""
    return factories.ProposalFactory(
        deciding_body=w.board,
        kind="contract_variation",
        state="carried",
        partnership=w.partnership,
        decided_on=datetime.date(2007, 2, 8),
    )


def service_values(w: World, *, partnership: bool = True) -> dict[str, Any]:
    """A service's values, valid (with its partnership and a new provider, for a create)."""
    values: dict[str, Any] = {
        "reference": "WYCH-0001",
        "name": "Wychwood sheltered housing",
        "service_type": "sheltered",
        "term": "long",
        "delivery_model": "accommodation",
        "primary_client_group": 1,
        "capacity": 40,
        "capacity_unit": "units",
        "start_date": datetime.date(2003, 4, 1),
    }
    if not partnership:
        return values
    return {**values, "partnership": w.partnership, "provider": w.made["provider"]}


# ---------------------------------------------------------------- complaints


def complaint(w: World) -> Any:
    """A complaint about the administering authority received on Friday 5 February 2010,
    stage 1 handled by the programme officer."""
    return complaints.complaint_receive(
        actor=None,
        partnership=w.partnership,
        handler=w.officer,
        subject_kind="authority",
        received_on=FEBRUARY,
        channel="letter",
        complainant_name="Imogen Invented",
    )


def first_stage(w: World, *, answered: bool = False, second: bool = False) -> Any:
    made = complaint(w)
    stage = ComplaintStage.objects.get(complaint=made, number=1)
    stage = complaints.stage_acknowledge(actor=None, stage=stage, acknowledged_on=LATER)
    w.made["complaint"] = made
    if answered or second:
        stage = complaints.stage_respond(
            actor=None,
            stage=stage,
            responded_on=MARCH,
            outcome="upheld",
            classifications=["service_failure"],
        )
    if second:
        stage = complaints.complaint_escalate(
            actor=None, complaint=made, requested_on=MARCH, handler=w.member
        )
        stage = complaints.stage_acknowledge(actor=None, stage=stage, acknowledged_on=MARCH)
        stage = complaints.stage_respond(
            actor=None,
            stage=stage,
            responded_on=datetime.date(2010, 3, 26),
            outcome="not_upheld",
            classifications=["policy_issue"],
        )
    return stage


def lesson(w: World) -> Any:
    first_stage(w, answered=True)
    return complaints.lesson_add(actor=None, complaint=w.made["complaint"], text="Call back")


def referral(w: World) -> Any:
    first_stage(w, second=True)
    return complaints.referral_record(
        actor=None, complaint=w.made["complaint"], referred_on=datetime.date(2010, 4, 1)
    )


def closed_long_ago(w: World) -> Any:
    first_stage(w, answered=True)
    return complaints.complaint_close(actor=None, complaint=w.made["complaint"], closed_on=MARCH)


def scenario(w: World) -> Any:
    """A draft savings scenario of a pool with one plan line of £10."""
    line: Any = factories.PlanLineFactory(pool__partnership=w.partnership, amount=Decimal("10.00"))
    return budget.scenario_create(
        actor=None, pool=line.pool, title="A 10% fall", fall_percent=Decimal("10")
    )


def reduction(w: World, *, proposed_to: Any = None) -> Any:
    """A reduction of £4 in a draft scenario (or one taken to ``proposed_to``)."""
    made = scenario(w)
    cut = budget.reduction_add(
        actor=None, scenario=made, plan_line=made.pool.plan_lines.get(), amount=Decimal("4.00")
    )
    if proposed_to is not None:
        budget.scenario_propose(actor=None, scenario=made, deciding_body=proposed_to, on=FEBRUARY)
    return cut


# ---------------------------------------------------------------- procurement

TENDER_DEADLINE = datetime.datetime(2025, 11, 28, 12, 0, tzinfo=datetime.UTC)


def tendering(w: World, state: str = "planning", **values: Any) -> Any:
    """A procurement of the partnership in a state, with a quality criterion of weight 100
    (a carried tendering strategy behind it once it is open)."""
    strategy = None
    if state != "planning":
        strategy = factories.ProposalFactory(
            deciding_body=w.board, kind="tendering_strategy", state="carried",
            partnership=w.partnership,
        )  # fmt: skip
    made = factories.ProcurementFactory(
        partnership=w.partnership, state=state, strategy_decision=strategy, **values
    )
    w.made["criterion"] = factories.CriterionFactory(procurement=made, weight=100)
    w.made["bid"] = factories.BidFactory(procurement=made)
    return made


def panel(w: World, *, submitted: bool = False) -> Any:
    made = w.made["procurement"]
    return factories.EvaluatorFactory(
        procurement=made, user=w.member, submitted_at=TENDER_DEADLINE if submitted else None
    )


def moderated(w: World) -> None:
    factories.ModerationFactory(bid=w.made["bid"], criterion=w.made["criterion"])


def awarded(w: World, state: str = "awarded", **values: Any) -> Any:
    made = tendering(w, state)
    moderated(w)
    made.award_decision = award(w)
    made.awarded_bid = w.made["bid"]
    for name, value in values.items():
        setattr(made, name, value)
    made.save()
    return made


def in_standstill(w: World, state: str = "standstill") -> Any:
    return awarded(
        w,
        state,
        award_notice_on=datetime.date(2025, 12, 22),
        standstill_days=8,
        standstill_last_day=datetime.date(2026, 1, 6),
    )


def strategy_values(w: World) -> dict[str, Any]:
    return {
        "reference": "WYCH-P-001",
        "title": "Floating support, Witney",
        "estimated_value": "1200000.00",
        "term_months": 36,
        "procedure": "open",
        "regime": "pa2023",
        "deadline": TENDER_DEADLINE,
    }


def a_strategy_decision(w: World) -> Any:
    return factories.ProposalFactory(
        deciding_body=w.board, kind="tendering_strategy", state="carried",
        partnership=w.partnership,
    )  # fmt: skip


PROCUREMENT_CASES: dict[str, Case] = {
    "procurement.procurement_create": Case(
        act=lambda w: procurement.procurement_create(
            actor=w.officer, partnership=w.partnership, **strategy_values(w)
        ),
        refuse=lambda w: procurement.procurement_create(
            actor=w.officer,
            partnership=w.partnership,
            **{**strategy_values(w), "reference": "WYCH-P-002", "regime": "pcr2006_part_b"},
            light_touch=True,
        ),
    ),
    "procurement.procurement_update": Case(
        arrange=keep("procurement", tendering),
        act=lambda w: procurement.procurement_update(
            actor=w.officer, procurement=w.made["procurement"], title="Floating support, Carterton"
        ),
        refuse=lambda w: procurement.procurement_update(
            actor=w.officer, procurement=w.made["procurement"], title=""
        ),
    ),
    "procurement.lot_add": Case(
        arrange=keep("procurement", tendering),
        act=lambda w: procurement.lot_add(
            actor=w.officer, procurement=w.made["procurement"], title="West", estimated_value="5"
        ),
        refuse=lambda w: procurement.lot_add(
            actor=w.officer, procurement=w.made["procurement"], title="East", estimated_value="-5"
        ),
    ),
    "procurement.criterion_add": Case(
        arrange=keep(
            "procurement", lambda w: factories.ProcurementFactory(partnership=w.partnership)
        ),
        act=lambda w: procurement.criterion_add(
            actor=w.officer, procurement=w.made["procurement"], name="Price", kind="price",
            weight=40,
        ),
        refuse=lambda w: procurement.criterion_add(
            actor=w.officer, procurement=w.made["procurement"], name="Quality", kind="quality",
            weight=61, max_score=10,
        ),
    ),
    "procurement.procurement_open": Case(
        arrange=lambda w: both(
            w, keep("procurement", tendering), keep("decision", a_strategy_decision)
        ),
        act=lambda w: procurement.procurement_open(
            actor=w.officer, procurement=w.made["procurement"], decision=w.made["decision"]
        ),
        refuse=lambda w: procurement.procurement_open(
            actor=w.officer, procurement=w.made["procurement"], decision=None
        ),
    ),
    "procurement.evaluator_add": Case(
        arrange=keep("procurement", tendering),
        act=lambda w: procurement.evaluator_add(
            actor=w.officer, procurement=w.made["procurement"], user=w.member
        ),
        refuse=lambda w: procurement.evaluator_add(  # on the panel already
            actor=w.officer, procurement=w.made["procurement"], user=w.member
        ),
    ),
    "procurement.bid_receive": Case(
        arrange=lambda w: both(
            w,
            keep("procurement", lambda w: tendering(w, "open")),
            keep("provider", lambda w: factories.ProviderFactory(partnership=w.partnership)),
        ),
        act=lambda w: procurement.bid_receive(
            actor=w.officer, procurement=w.made["procurement"], provider=w.made["provider"],
            price="95000.00", received_at=TENDER_DEADLINE,
        ),
        refuse=lambda w: procurement.bid_receive(  # the provider has bid already
            actor=w.officer, procurement=w.made["procurement"], provider=w.made["provider"],
            price="90000.00", received_at=TENDER_DEADLINE,
        ),
    ),
    "procurement.procurement_close": Case(
        arrange=keep("procurement", lambda w: tendering(w, "open")),
        act=lambda w: procurement.procurement_close(
            actor=w.officer, procurement=w.made["procurement"]
        ),
        refuse=lambda w: procurement.procurement_close(  # closed already
            actor=w.officer, procurement=w.made["procurement"]
        ),
    ),
    "procurement.conflict_declare": Case(
        arrange=lambda w: both(
            w, keep("procurement", lambda w: tendering(w, "evaluating")), keep("panel", panel)
        ),
        act=lambda w: procurement.conflict_declare(
            actor=w.member, evaluator=w.made["panel"], bid=w.made["bid"], interest="A trustee"
        ),
        refuse=lambda w: procurement.conflict_declare(  # declared already
            actor=w.member, evaluator=w.made["panel"], bid=w.made["bid"], interest="A trustee"
        ),
    ),
    "procurement.score_record": Case(
        arrange=lambda w: both(
            w, keep("procurement", lambda w: tendering(w, "evaluating")), keep("panel", panel)
        ),
        act=lambda w: procurement.score_record(
            actor=w.member, evaluator=w.made["panel"], bid=w.made["bid"],
            criterion=w.made["criterion"], score=7,
        ),
        refuse=lambda w: procurement.score_record(
            actor=w.member, evaluator=w.made["panel"], bid=w.made["bid"],
            criterion=w.made["criterion"], score=11,
        ),
    ),
    "procurement.scores_submit": Case(
        arrange=lambda w: both(
            w,
            keep("procurement", lambda w: tendering(w, "evaluating")),
            keep("panel", panel),
            keep(
                "conflict",
                lambda w: factories.ConflictFactory(evaluator=w.made["panel"], bid=w.made["bid"]),
            ),
        ),
        act=lambda w: procurement.scores_submit(actor=w.member, evaluator=w.made["panel"]),
        refuse=lambda w: procurement.scores_submit(actor=w.member, evaluator=w.made["panel"]),
    ),
    "procurement.moderation_record": Case(
        arrange=lambda w: both(
            w,
            keep("procurement", lambda w: tendering(w, "evaluating")),
            keep("panel", lambda w: panel(w, submitted=True)),
        ),
        act=lambda w: procurement.moderation_record(
            actor=w.officer, bid=w.made["bid"], criterion=w.made["criterion"], score=6,
            rationale="The panel agreed on the middle of its scores",
        ),
        refuse=lambda w: procurement.moderation_record(
            actor=w.officer, bid=w.made["bid"], criterion=w.made["criterion"], score=6,
            rationale="",
        ),
    ),
    "procurement.evaluation_complete": Case(
        arrange=lambda w: both(
            w, keep("procurement", lambda w: tendering(w, "evaluating")), moderated
        ),
        act=lambda w: procurement.evaluation_complete(
            actor=w.officer, procurement=w.made["procurement"]
        ),
        refuse=lambda w: procurement.evaluation_complete(  # complete already
            actor=w.officer, procurement=w.made["procurement"]
        ),
    ),
    "procurement.procurement_award": Case(
        arrange=lambda w: both(
            w,
            keep("procurement", lambda w: tendering(w, "evaluated")),
            moderated,
            keep("award", award),
        ),
        act=lambda w: procurement.procurement_award(
            actor=w.officer, procurement=w.made["procurement"], decision=w.made["award"]
        ),
        refuse=lambda w: procurement.procurement_award(
            actor=w.officer, procurement=w.made["procurement"], decision=None
        ),
    ),
    "procurement.award_notice_publish": Case(
        arrange=keep("procurement", awarded),
        act=lambda w: procurement.award_notice_publish(
            actor=w.officer, procurement=w.made["procurement"], on=datetime.date(2025, 12, 22)
        ),
        refuse=lambda w: procurement.award_notice_publish(  # published already
            actor=w.officer, procurement=w.made["procurement"], on=datetime.date(2025, 12, 22)
        ),
    ),
    "procurement.challenge_record": Case(
        arrange=keep("procurement", in_standstill),
        act=lambda w: procurement.challenge_record(
            actor=w.officer, procurement=w.made["procurement"], bid=w.made["bid"],
            received_on=datetime.date(2025, 12, 23), grounds="The formula was misapplied",
        ),
        refuse=lambda w: procurement.challenge_record(  # challenged already: the table
            actor=w.officer, procurement=w.made["procurement"], bid=w.made["bid"],
            received_on=datetime.date(2025, 12, 23), grounds="Again",
        ),
    ),
    "procurement.challenge_resolve": Case(
        arrange=lambda w: both(
            w,
            keep("procurement", lambda w: in_standstill(w, "challenged")),
            keep(
                "challenge",
                lambda w: factories.ChallengeFactory(
                    procurement=w.made["procurement"], bid=w.made["bid"]
                ),
            ),
        ),
        act=lambda w: procurement.challenge_resolve(
            actor=w.officer, challenge=w.made["challenge"],
            resolved_on=datetime.date(2026, 1, 5), resolution="Withdrawn",
        ),
        refuse=lambda w: procurement.challenge_resolve(
            actor=w.officer, challenge=w.made["challenge"],
            resolved_on=datetime.date(2026, 1, 5), resolution="Withdrawn",
        ),
    ),
    "procurement.contract_sign": Case(
        arrange=keep("procurement", in_standstill),
        act=lambda w: procurement.contract_sign(
            actor=w.officer, procurement=w.made["procurement"], on=datetime.date(2026, 1, 7),
            reference="WYCH-C-2026", department="Supporting People Team",
            start_date=datetime.date(2026, 4, 1), end_date=datetime.date(2029, 3, 31),
        ),
        refuse=lambda w: procurement.contract_sign(  # signed already
            actor=w.officer, procurement=w.made["procurement"], on=datetime.date(2026, 1, 7),
            reference="WYCH-C-2027", department="Supporting People Team",
            start_date=datetime.date(2026, 4, 1), end_date=datetime.date(2029, 3, 31),
        ),
    ),
    "procurement.clarification_ask": Case(
        arrange=keep("procurement", lambda w: tendering(w, "open", deadline=TENDER_DEADLINE)),
        act=lambda w: procurement.clarification_ask(
            actor=w.officer, procurement=w.made["procurement"], provider=w.made["bid"].provider,
            question="May we bid for one district?", channel="email",
            now=TENDER_DEADLINE - datetime.timedelta(days=7),
        ),
        refuse=lambda w: procurement.clarification_ask(  # after the deadline for bids
            actor=w.officer, procurement=w.made["procurement"], provider=w.made["bid"].provider,
            question="May we bid for one district?", channel="email",
            now=TENDER_DEADLINE + datetime.timedelta(days=1),
        ),
    ),
    "procurement.clarification_answer": Case(
        arrange=lambda w: both(
            w,
            keep("procurement", lambda w: tendering(w, "open", deadline=TENDER_DEADLINE)),
            keep(
                "clarification",
                lambda w: procurement.clarification_ask(
                    actor=None, procurement=w.made["procurement"],
                    provider=w.made["bid"].provider, question="May we bid for one district?",
                    now=TENDER_DEADLINE - datetime.timedelta(days=7),
                ),
            ),
        ),
        act=lambda w: procurement.clarification_answer(
            actor=w.officer, clarification=w.made["clarification"], answer="No: one lot."
        ),
        refuse=lambda w: procurement.clarification_answer(
            actor=w.officer, clarification=w.made["clarification"], answer=" "
        ),
    ),
    "procurement.procurement_cancel": Case(
        arrange=keep("procurement", tendering),
        act=lambda w: procurement.procurement_cancel(
            actor=w.officer, procurement=w.made["procurement"], reason="Funding withdrawn"
        ),
        refuse=lambda w: procurement.procurement_cancel(
            actor=w.officer, procurement=w.made["procurement"], reason="Again"
        ),
    ),
}  # fmt: skip


# ---------------------------------------------------------------- performance

Q2 = Quarter(2009, 2)  # 2009/10 Q2, ended by FEBRUARY
SHELTERED_FIGURES = {
    "unit_days_contracted": 2760,
    "unit_days_available": 2738,
    "support_days_contracted": 2760,
    "support_days_used": 2590,
    "kpi1_numerator": 27,
    "kpi1_denominator": 28,
}


def scheme(w: World) -> Any:
    """A long-term sheltered scheme of the partnership, with units (factory: no events)."""
    return factories.ServiceFactory(
        provider=factories.ProviderFactory(partnership=w.partnership), reference="WORLD-0001"
    )


def submitted(w: World) -> Any:
    return performance.return_submit(
        actor=None, service=scheme(w), period=Q2, figures=SHELTERED_FIGURES, today=FEBRUARY
    )


def queried(w: World) -> Any:
    return performance.return_query(
        actor=None, quarterly_return=submitted(w), question="Check September's voids"
    )


def validated(w: World) -> Any:
    return performance.return_validate(actor=None, quarterly_return=submitted(w), today=FEBRUARY)


CASES: dict[str, Case] = {
    # ------------------------------------------------------------ governance
    "governance.partnership_create": Case(
        act=lambda w: governance.partnership_create(actor=w.officer, slug="new", name="New One"),
        refuse=lambda w: governance.partnership_create(
            actor=w.officer, slug="not a slug!", name="Bad"
        ),
    ),
    "governance.programme_officer_appoint": Case(
        arrange=keep("user", lambda w: factories.UserFactory()),
        act=lambda w: governance.programme_officer_appoint(
            actor=w.officer,
            partnership=w.partnership,
            user=w.made["user"],
            start_date=FEBRUARY,
        ),
        refuse=lambda w: governance.programme_officer_appoint(
            actor=w.officer,
            partnership=w.partnership,
            user=w.member,
            start_date=MARCH,
            end_date=FEBRUARY,
        ),
    ),
    "governance.partner_create": Case(
        act=lambda w: governance.partner_create(
            actor=w.officer, partnership=w.partnership, name="Probation", kind="probation"
        ),
        refuse=lambda w: governance.partner_create(
            actor=w.officer, partnership=w.partnership, name=w.a.name, kind="probation"
        ),
    ),
    "governance.body_create": Case(
        act=lambda w: governance.body_create(
            actor=w.officer, partnership=w.partnership, name="Scrutiny", kind="scrutiny"
        ),
        refuse=lambda w: governance.body_create(
            actor=w.officer, partnership=w.partnership, name="Scrutiny", kind="no such kind"
        ),
    ),
    "governance.person_create": Case(
        act=lambda w: governance.person_create(
            actor=w.officer, partnership=w.partnership, name="Tenant representative"
        ),
        refuse=lambda w: governance.person_create(
            actor=w.officer, partnership=w.partnership, name=w.rep_a.name
        ),
    ),
    "governance.membership_create": Case(
        act=lambda w: governance.membership_create(
            actor=w.officer,
            partnership=w.partnership,
            body=w.group,
            person=w.outsider,
            role="observer",
            start_date=FEBRUARY,
        ),
        refuse=lambda w: governance.membership_create(
            actor=w.officer,
            partnership=w.partnership,
            body=w.board,
            person=w.outsider,
            role="voting_representative",
            start_date=FEBRUARY,
        ),
    ),
    "governance.membership_end": Case(
        act=lambda w: governance.membership_end(
            actor=w.officer, membership=w.sub_a.memberships.get(), end_date=MARCH
        ),
        refuse=lambda w: governance.membership_end(
            actor=w.officer,
            membership=w.sub_a.memberships.get(),
            end_date=datetime.date(2000, 1, 1),
        ),
    ),
    "governance.constitution_version_create": Case(
        act=lambda w: governance.constitution_version_create(
            actor=w.officer, partnership=w.partnership, title="Consensus with a minority of one"
        ),
        refuse=lambda w: governance.constitution_version_create(
            actor=w.officer, partnership=w.partnership, title=w.made["draft"].title
        ),
        arrange=keep("draft", lambda w: draft(w)),
    ),
    "governance.constitution_record_founding": Case(
        arrange=keep("founding", lambda w: draft(w, w.other)),
        act=lambda w: governance.constitution_record_founding(
            actor=w.officer, version=w.made["founding"], start_date=FEBRUARY
        ),
        refuse=lambda w: governance.constitution_record_founding(
            actor=w.officer, version=draft(w, w.other), start_date=MARCH
        ),
    ),
    "governance.body_rule_set": Case(
        arrange=keep("draft", draft),
        act=lambda w: governance.body_rule_set(
            actor=w.officer,
            version=w.made["draft"],
            body=w.board,
            decision_rule={"kind": "majority", "threshold": "1/2"},
        ),
        refuse=lambda w: governance.body_rule_set(
            actor=w.officer, version=w.made["draft"], body=w.board, decision_rule={"kind": "?"}
        ),
    ),
    "governance.amendment_propose": Case(
        arrange=keep("draft", draft),
        act=lambda w: governance.amendment_propose(
            actor=w.officer, version=w.made["draft"], proposed_on=FEBRUARY
        ),
        refuse=lambda w: governance.amendment_propose(
            actor=w.officer,
            version=ConstitutionVersion.objects.get(partnership=w.partnership, status="adopted"),
            proposed_on=FEBRUARY,
        ),
    ),
    "governance.signature_record": Case(
        arrange=keep("amendment", amendment),
        act=lambda w: governance.signature_record(
            actor=w.officer,
            amendment=w.made["amendment"],
            partner=w.a,
            signed_by=w.rep_a,
            signed_on=LATER,
        ),
        refuse=lambda w: governance.signature_record(
            actor=w.officer,
            amendment=w.made["amendment"],
            partner=w.b,
            signed_by=w.rep_a,
            signed_on=LATER,
        ),
    ),
    "governance.question_create": Case(
        act=question,
        refuse=lambda w: governance.question_create(
            actor=w.officer, partnership=w.partnership, title="", asked_on=FEBRUARY
        ),
    ),
    "governance.position_record": Case(
        arrange=keep("question", question),
        act=lambda w: governance.position_record(
            actor=w.officer,
            question=w.made["question"],
            partner=w.a,
            stance="support",
            reasons="",
            recorded_on=LATER,
        ),
        refuse=lambda w: governance.position_record(
            actor=w.officer,
            question=w.made["question"],
            partner=w.a,
            stance="no such stance",
            reasons="",
            recorded_on=LATER,
        ),
    ),
    "governance.popolo_export_record": Case(
        act=lambda w: governance.popolo_export_record(
            actor=w.officer, partnership=w.partnership, via="command"
        ),
    ),
    # ------------------------------------------------------------ meetings
    "meetings.meeting_schedule": Case(
        act=lambda w: meetings.meeting_schedule(
            actor=w.officer, body=w.board, date=MARCH, place="Town Hall"
        ),
        refuse=lambda w: meetings.meeting_schedule(actor=w.officer, body=w.board, date=MARCH),
    ),
    "meetings.meeting_update": Case(
        act=lambda w: meetings.meeting_update(
            actor=w.officer,
            meeting=w.february,
            date=FEBRUARY,
            start_time=None,
            end_time=None,
            place="Town Hall",
            online_link="",
            is_public=True,
        ),
        refuse=lambda w: meetings.meeting_update(
            actor=w.officer,
            meeting=w.february,
            date=FEBRUARY,
            start_time=datetime.time(12),
            end_time=datetime.time(10),
            place="Town Hall",
            online_link="",
            is_public=True,
        ),
    ),
    "meetings.meeting_publish_agenda": Case(
        arrange=keep("item", item),
        act=lambda w: meetings.meeting_publish_agenda(actor=w.officer, meeting=w.february),
        refuse=lambda w: meetings.meeting_publish_agenda(actor=w.officer, meeting=w.february),
    ),
    "meetings.meeting_cancel": Case(
        act=lambda w: meetings.meeting_cancel(
            actor=w.officer, meeting=w.february, reason="Not quorate"
        ),
        refuse=lambda w: meetings.meeting_cancel(
            actor=w.officer, meeting=w.february, reason="Not quorate"
        ),
    ),
    "meetings.meeting_mark_held": Case(
        arrange=lambda w: published(w, w.february),
        act=lambda w: meetings.meeting_mark_held(actor=w.officer, meeting=w.february, today=MARCH),
        refuse=lambda w: meetings.meeting_mark_held(
            actor=w.officer, meeting=w.february, today=MARCH
        ),
    ),
    "meetings.agenda_item_add": Case(
        act=lambda w: meetings.agenda_item_add(actor=w.officer, meeting=w.february, title="AOB"),
        refuse=lambda w: meetings.agenda_item_add(
            actor=w.officer, meeting=w.february, title="Tender", is_exempt=True
        ),
    ),
    "meetings.paper_upload": Case(
        arrange=keep("item", item),
        act=lambda w: meetings.paper_upload(
            actor=w.officer,
            item=w.made["item"],
            title="Report",
            upload=io.BytesIO(PDF),
            name="report.pdf",
            size=len(PDF),
        ),
        refuse=lambda w: meetings.paper_upload(
            actor=w.officer,
            item=w.made["item"],
            title="Report",
            upload=io.BytesIO(PDF),
            name="report.exe",
            size=len(PDF),
        ),
    ),
    "meetings.attendance_record": Case(
        act=lambda w: meetings.attendance_record(
            actor=w.officer, meeting=w.february, person=w.rep_a, status="present"
        ),
        refuse=lambda w: meetings.attendance_record(
            actor=w.officer, meeting=w.february, person=w.outsider, status="present"
        ),
    ),
    "meetings.attendance_record_all": Case(
        act=lambda w: meetings.attendance_record_all(
            actor=w.officer,
            meeting=w.february,
            rows=[meetings.AttendanceRow(w.rep_a, "present")],
            officers=[],
        ),
        refuse=lambda w: meetings.attendance_record_all(
            actor=w.officer,
            meeting=w.february,
            rows=[
                meetings.AttendanceRow(w.rep_a, "present"),
                meetings.AttendanceRow(w.outsider, "present"),
            ],
        ),
    ),
    "meetings.agenda_item_change": Case(
        arrange=keep("item", item),
        act=lambda w: meetings.agenda_item_change(
            actor=w.officer, item=w.made["item"], title="AOB"
        ),
        refuse=lambda w: meetings.agenda_item_change(
            actor=w.officer, item=w.made["item"], title="Tender", is_exempt=True
        ),
    ),
    "meetings.agenda_item_move": Case(
        arrange=lambda w: w.made.update(first=item(w), second=item(w)),
        act=lambda w: meetings.agenda_item_move(actor=w.officer, item=w.made["second"], number=1),
        refuse=lambda w: meetings.agenda_item_move(
            actor=w.officer, item=w.made["second"], number=3
        ),
    ),
    "meetings.agenda_item_withdraw": Case(
        arrange=lambda w: publishing_with(w, item=item),
        act=lambda w: meetings.agenda_item_withdraw(
            actor=w.officer, item=w.made["item"], reason="Not ready"
        ),
        refuse=lambda w: meetings.agenda_item_withdraw(actor=w.officer, item=w.made["item"]),
    ),
    "meetings.paper_change": Case(
        arrange=lambda w: w.made.update(paper=paper(w)),
        act=lambda w: meetings.paper_change(actor=w.officer, paper=w.made["paper"], title="v2"),
        refuse=lambda w: meetings.paper_change(actor=w.officer, paper=w.made["paper"], title=""),
    ),
    "meetings.paper_withdraw": Case(
        arrange=lambda w: publishing_with(w, paper=paper),
        act=lambda w: meetings.paper_withdraw(
            actor=w.officer, paper=w.made["paper"], reason="Superseded"
        ),
        refuse=lambda w: meetings.paper_withdraw(actor=w.officer, paper=w.made["paper"]),
    ),
    "meetings.declaration_record": Case(
        arrange=keep("item", item),
        act=lambda w: meetings.declaration_record(
            actor=w.officer,
            item=w.made["item"],
            person=w.rep_a,
            interest="Trustee of a provider",
            bars_participation=True,
        ),
        refuse=lambda w: meetings.declaration_record(
            actor=w.officer,
            item=w.made["item"],
            person=w.outsider,
            interest="Trustee of a provider",
            bars_participation=True,
        ),
    ),
    "meetings.contribution_submit": Case(
        arrange=lambda w: publishing_with(w, item=item, observer=observer),
        act=lambda w: meetings.contribution_submit(
            actor=w.officer,
            item=w.made["item"],
            person=w.made["observer"],
            text="Residents ask for notice of any change.",
            for_the_record=True,
            now=BEFORE_FEBRUARY,
        ),
        refuse=lambda w: meetings.contribution_submit(  # a voting representative
            actor=w.officer,
            item=w.made["item"],
            person=w.rep_a,
            text="Residents ask for notice of any change.",
            for_the_record=True,
            now=BEFORE_FEBRUARY,
        ),
    ),
    "meetings.contribution_minute": Case(
        arrange=lambda w: w.made.update(observer=observer(w), held=held(w).items.get()),
        act=lambda w: meetings.contribution_minute(
            actor=w.officer,
            item=w.made["held"],
            person=w.made["observer"],
            text="Asked how residents were consulted.",
            today=MARCH,
        ),
        refuse=lambda w: meetings.contribution_minute(
            actor=w.officer,
            item=w.made["held"],
            person=w.outsider,
            text="Asked how residents were consulted.",
            today=MARCH,
        ),
    ),
    "meetings.contribution_withdraw": Case(
        arrange=contributed,
        act=lambda w: meetings.contribution_withdraw(
            actor=w.officer,
            contribution=w.made["contribution"],
            for_the_record=True,
            now=BEFORE_FEBRUARY,
        ),
        refuse=lambda w: meetings.contribution_withdraw(  # the meeting has started
            actor=w.officer,
            contribution=w.made["another"],
            for_the_record=True,
            now=datetime.datetime(2010, 2, 5, 23, tzinfo=datetime.UTC),
        ),
    ),
    "meetings.minutes_write": Case(
        arrange=lambda w: w.made.update(held=held(w).items.get(), later=item(w, w.march)),
        act=lambda w: meetings.minutes_write(actor=w.officer, item=w.made["held"], text="Noted."),
        refuse=lambda w: meetings.minutes_write(
            actor=w.officer, item=w.made["later"], text="Noted."
        ),
    ),
    "meetings.minutes_approve": Case(
        arrange=approving,
        act=lambda w: meetings.minutes_approve(
            actor=w.officer,
            meeting=w.february,
            at_meeting=Meeting.objects.get(pk=w.march.pk),
            today=w.march.date,  # the meeting approving them is being held
        ),
        refuse=lambda w: meetings.minutes_approve(
            actor=w.officer,
            meeting=w.february,
            at_meeting=Meeting.objects.get(pk=w.march.pk),
            today=w.march.date,
        ),
    ),
    # ------------------------------------------------------------ decisions
    "decisions.proposal_create": Case(
        act=proposal,
        refuse=lambda w: decisions.proposal_create(
            actor=w.officer,
            partnership=w.partnership,
            title="Strategy",
            kind="no such kind",
            deciding_body=w.board,
            on=FEBRUARY,
        ),
    ),
    "decisions.stage_add": Case(
        arrange=keep("proposal", proposal),
        act=lambda w: decisions.stage_add(
            actor=w.officer, proposal=w.made["proposal"], kind="ratify", authority="A cabinet"
        ),
        refuse=lambda w: decisions.stage_add(
            actor=w.officer, proposal=w.made["proposal"], kind="ratify"
        ),
    ),
    "decisions.stage_complete": Case(
        arrange=keep("proposal", proposal),
        act=lambda w: decisions.stage_complete(
            actor=w.officer, stage=w.made["proposal"].stages.get(kind="recommend"), on=LATER
        ),
        refuse=lambda w: decisions.stage_complete(
            actor=w.officer,
            stage=w.made["proposal"].stages.get(kind="recommend"),
            on=LATER,
            status="no such status",
        ),
    ),
    "decisions.proposal_table": Case(
        arrange=keep("proposal", proposal),
        act=lambda w: decisions.proposal_table(
            actor=w.officer, proposal=w.made["proposal"], meeting=w.february
        ),
        refuse=lambda w: decisions.proposal_table(
            actor=w.officer, proposal=w.made["proposal"], meeting=w.march
        ),
    ),
    "decisions.ballot_open": Case(
        arrange=keep("proposal", tabled),
        act=lambda w: decisions.ballot_open(
            actor=w.officer, proposal=w.made["proposal"], meeting=w.february
        ),
        refuse=lambda w: decisions.ballot_open(
            actor=w.officer, proposal=w.made["proposal"], meeting=w.february
        ),
    ),
    "decisions.vote_cast": Case(
        arrange=keep("ballot", voting),
        act=lambda w: decisions.vote_cast(
            actor=w.member,
            ballot=w.made["ballot"],
            unit=f"partner-{w.a.pk}",
            cast_by=w.rep_a,
            value="for",
        ),
        refuse=lambda w: decisions.vote_cast(
            actor=w.member,
            ballot=w.made["ballot"],
            unit=f"partner-{w.b.pk}",
            cast_by=w.rep_b,
            value="for",
        ),
    ),
    "decisions.ballot_close": Case(
        arrange=closing,
        act=lambda w: decisions.ballot_close(actor=w.officer, ballot=w.made["ballot"]),
        refuse=lambda w: decisions.ballot_close(actor=w.officer, ballot=w.made["ballot"]),
    ),
    "decisions.vote_ratify": Case(
        arrange=closed_awaiting_ratification,
        act=lambda w: decisions.vote_ratify(
            actor=w.officer,
            vote=Vote.objects.get(ballot=w.made["ballot"], cast_by=w.rep_a),
            ratified=True,
            on=LATER,
        ),
        refuse=lambda w: decisions.vote_ratify(
            actor=w.officer,
            vote=Vote.objects.get(ballot=w.made["ballot"], cast_by=w.rep_a),
            ratified=True,
            on=LATER,
        ),
    ),
    "decisions.proposal_compromise": Case(
        arrange=keep("proposal", disputed),
        act=lambda w: decisions.proposal_compromise(
            actor=w.officer, proposal=w.made["proposal"], on=LATER, amended_summary="Amended"
        ),
        refuse=lambda w: decisions.proposal_compromise(
            actor=w.officer, proposal=w.made["proposal"], on=LATER, amended_summary=" "
        ),
    ),
    "decisions.proposal_escalate": Case(
        arrange=keep("proposal", disputed),
        act=lambda w: decisions.proposal_escalate(
            actor=w.officer, proposal=w.made["proposal"], on=LATER
        ),
        refuse=lambda w: decisions.proposal_escalate(
            actor=w.officer, proposal=w.made["proposal"], on=LATER
        ),
    ),
    "decisions.escalation_result_record": Case(
        arrange=keep("proposal", escalated),
        act=lambda w: decisions.escalation_result_record(
            actor=w.officer, proposal=w.made["proposal"], on=MARCH, result="no_change"
        ),
        refuse=lambda w: decisions.escalation_result_record(
            actor=w.officer, proposal=w.made["proposal"], on=MARCH, result="no such result"
        ),
    ),
    "decisions.decision_record_outside_constitution": Case(
        arrange=keep("proposal", disputed),
        act=lambda w: decisions.decision_record_outside_constitution(
            actor=w.officer, proposal=w.made["proposal"], on=LATER, note="Approved by a chief"
        ),
        refuse=lambda w: decisions.decision_record_outside_constitution(
            actor=w.officer, proposal=w.made["proposal"], on=LATER, note=" "
        ),
    ),
    "decisions.decision_call_in": Case(
        arrange=keep("proposal", decided),
        act=lambda w: decisions.decision_call_in(
            actor=w.officer, proposal=w.made["proposal"], on=LATER, body=None, note="Scrutiny"
        ),
        refuse=lambda w: decisions.decision_call_in(
            actor=w.officer, proposal=w.made["proposal"], on=LATER, body=None, note="Again"
        ),
    ),
    "decisions.proposal_withdraw": Case(
        arrange=keep("proposal", proposal),
        act=lambda w: decisions.proposal_withdraw(
            actor=w.officer, proposal=w.made["proposal"], on=LATER
        ),
        refuse=lambda w: decisions.proposal_withdraw(
            actor=w.officer, proposal=w.made["proposal"], on=LATER
        ),
    ),
    # ------------------------------------------------------------ commissioning
    "commissioning.provider_create": Case(
        act=lambda w: commissioning.provider_create(actor=w.officer, **provider_values(w)),
        refuse=lambda w: commissioning.provider_create(
            actor=w.officer, **{**provider_values(w), "postcode": "OX99"}
        ),
    ),
    "commissioning.provider_update": Case(
        arrange=keep("provider", lambda w: factories.ProviderFactory(partnership=w.partnership)),
        act=lambda w: commissioning.provider_update(
            actor=w.officer, provider=w.made["provider"], **provider_values(w, partnership=False)
        ),
        refuse=lambda w: commissioning.provider_update(
            actor=w.officer,
            provider=w.made["provider"],
            **{**provider_values(w, partnership=False), "company_number": "XX123456"},
        ),
    ),
    # The people who sign in for a provider (issue 18).
    "commissioning.provider_staff_add": Case(
        arrange=keep(
            "provider",
            lambda w: (
                factories.UserFactory(username="hearthstone-staff"),
                factories.ProviderFactory(partnership=w.partnership),
            )[1],
        ),
        act=lambda w: commissioning.provider_staff_add(
            actor=w.officer,
            provider=w.made["provider"],
            username="hearthstone-staff",
            start_date=datetime.date(2009, 4, 1),
        ),
        refuse=lambda w: commissioning.provider_staff_add(
            actor=w.officer,
            provider=w.made["provider"],
            username="nobody-has-this-name",
            start_date=datetime.date(2009, 4, 1),
        ),
    ),
    "commissioning.provider_staff_end": Case(
        arrange=keep("term", staff_term),
        act=lambda w: commissioning.provider_staff_end(
            actor=w.officer, term=w.made["term"], end_date=datetime.date(2011, 3, 31)
        ),
        refuse=lambda w: commissioning.provider_staff_end(  # before it started
            actor=w.officer, term=w.made["term"], end_date=datetime.date(2009, 3, 31)
        ),
    ),
    "commissioning.dataset_create": Case(
        act=lambda w: commissioning.dataset_create(
            actor=w.officer, partnership=w.partnership, **DATASET
        ),
        refuse=lambda w: commissioning.dataset_create(
            actor=w.officer, partnership=w.partnership, **{**DATASET, "unit": "hectares"}
        ),
    ),
    "commissioning.dataset_update": Case(
        arrange=keep("dataset", lambda w: factories.DatasetFactory(partnership=w.partnership)),
        act=lambda w: commissioning.dataset_update(
            actor=w.officer, dataset=w.made["dataset"], **DATASET
        ),
        refuse=lambda w: commissioning.dataset_update(
            actor=w.officer, dataset=w.made["dataset"], **{**DATASET, "title": ""}
        ),
    ),
    "commissioning.dataset_import": Case(
        arrange=keep("dataset", lambda w: factories.DatasetFactory(partnership=w.partnership)),
        act=lambda w: commissioning.dataset_import(
            actor=w.officer, dataset=w.made["dataset"], content=FIGURES
        ),
        refuse=lambda w: commissioning.dataset_import(
            actor=w.officer, dataset=w.made["dataset"], content=FIGURES.replace(b"420", b"-1")
        ),
    ),
    "commissioning.contract_create": Case(
        arrange=keep("provider", lambda w: factories.ProviderFactory(partnership=w.partnership)),
        act=lambda w: commissioning.contract_create(actor=w.officer, **contract_values(w)),
        refuse=lambda w: commissioning.contract_create(
            actor=w.officer, **contract_values(w), status="let"
        ),
    ),
    "commissioning.contract_update": Case(
        arrange=lambda w: both(w, keep("contract", contract), keep("provider", provider_of)),
        act=lambda w: commissioning.contract_update(
            actor=w.officer,
            contract=w.made["contract"],
            **contract_values(w, partnership=False),
        ),
        refuse=lambda w: commissioning.contract_update(
            actor=w.officer,
            contract=w.made["contract"],
            **{
                **contract_values(w, partnership=False),
                "irrecoverable_vat": "-5.00",
            },
        ),
    ),
    "commissioning.contract_status_change": Case(
        arrange=lambda w: both(w, keep("contract", contract), keep("award", award)),
        act=lambda w: commissioning.contract_status_change(
            actor=w.officer, contract=w.made["contract"], status="let", decision=w.made["award"]
        ),
        refuse=lambda w: commissioning.contract_status_change(
            actor=w.officer, contract=w.made["contract"], status="let"
        ),
    ),
    "commissioning.contract_value_set": Case(
        arrange=keep("contract", lambda w: contract(w)),
        act=lambda w: commissioning.contract_value_set(
            actor=w.officer, contract=w.made["contract"], financial_year=2004, amount="1000.00"
        ),
        refuse=lambda w: commissioning.contract_value_set(
            actor=w.officer, contract=w.made["contract"], financial_year=2004, amount="-1"
        ),
    ),
    "commissioning.contract_value_remove": Case(
        arrange=keep(
            "contract",
            lambda w: factories.ContractValueFactory(contract=contract(w)).contract,
        ),
        act=lambda w: commissioning.contract_value_remove(
            actor=w.officer, contract=w.made["contract"], financial_year=2004
        ),
        refuse=lambda w: commissioning.contract_value_remove(
            actor=w.officer, contract=w.made["contract"], financial_year=2005
        ),
    ),
    # Issue 16 items 6 and 7: variations and termination of a let contract.
    "commissioning.contract_vary": Case(
        arrange=lambda w: both(w, keep("contract", let_contract), keep("varied", variation)),
        act=lambda w: commissioning.contract_vary(
            actor=w.officer,
            contract=w.made["contract"],
            agreed_on=datetime.date(2008, 3, 20),
            effective_on=datetime.date(2008, 4, 1),
            reason="The pooled budget falls",
            decision=w.made["varied"],
            values={2008: "95000.00"},
        ),
        refuse=lambda w: commissioning.contract_vary(
            actor=w.officer,
            contract=w.made["contract"],
            agreed_on=datetime.date(2008, 3, 20),
            effective_on=datetime.date(2008, 4, 1),
            reason="The pooled budget falls",
            decision=None,
            values={2008: "95000.00"},
        ),
    ),
    "commissioning.contract_terminate": Case(
        arrange=lambda w: both(w, keep("contract", let_contract), keep("varied", variation)),
        act=lambda w: commissioning.contract_terminate(
            actor=w.officer,
            contract=w.made["contract"],
            terminated_on=datetime.date(2007, 9, 30),
            reason_code="convenience",
            reason="Decommissioned",
            decision=w.made["varied"],
        ),
        refuse=lambda w: commissioning.contract_terminate(
            actor=w.officer,
            contract=w.made["contract"],
            terminated_on=datetime.date(2007, 9, 30),
            reason_code="convenience",
            reason="Decommissioned",
        ),
    ),
    "commissioning.service_create": Case(
        arrange=keep("provider", lambda w: factories.ProviderFactory(partnership=w.partnership)),
        act=lambda w: commissioning.service_create(actor=w.officer, **service_values(w)),
        refuse=lambda w: commissioning.service_create(
            actor=w.officer, **{**service_values(w), "end_date": datetime.date(2002, 1, 1)}
        ),
    ),
    "commissioning.service_update": Case(
        arrange=keep(
            "service", lambda w: factories.ServiceFactory(provider__partnership=w.partnership)
        ),
        act=lambda w: commissioning.service_update(
            actor=w.officer, service=w.made["service"], capacity=35
        ),
        refuse=lambda w: commissioning.service_update(
            actor=w.officer, service=w.made["service"], status="decommissioned"
        ),
    ),
    "budget.pool_create": Case(
        act=lambda w: budget.pool_create(
            actor=w.officer, partnership=w.partnership, financial_year=2009, grant=Decimal("1.00")
        ),
        refuse=lambda w: budget.pool_create(
            actor=w.officer, partnership=w.partnership, financial_year=2009, grant=Decimal("-1")
        ),
    ),
    "budget.pool_update": Case(
        arrange=lambda w: w.made.update(
            pool=factories.PoolFactory(partnership=w.partnership),
            foreign=factories.PartnerFactory(partnership=w.other),
        ),
        act=lambda w: budget.pool_update(
            actor=w.officer, pool=w.made["pool"], grant=Decimal("2.00"), outturn=Decimal("1")
        ),
        refuse=lambda w: budget.pool_update(
            actor=w.officer,
            pool=w.made["pool"],
            grant=Decimal("2.00"),
            administering_authority=w.made["foreign"],
        ),
    ),
    "budget.contribution_add": Case(
        arrange=keep("pool", lambda w: factories.PoolFactory(partnership=w.partnership)),
        act=lambda w: budget.contribution_add(
            actor=w.officer,
            pool=w.made["pool"],
            partner=w.a,
            amount=Decimal("5.00"),
            risk_share=Decimal("50"),
        ),
        refuse=lambda w: budget.contribution_add(
            actor=w.officer,
            pool=w.made["pool"],
            partner=w.a,
            amount=Decimal("5.00"),
            risk_share=Decimal("101"),
        ),
    ),
    "budget.contribution_update": Case(
        arrange=keep(
            "contribution",
            lambda w: factories.ContributionFactory(pool__partnership=w.partnership, partner=w.a),
        ),
        act=lambda w: budget.contribution_update(
            actor=w.officer,
            contribution=w.made["contribution"],
            amount=Decimal("7.00"),
            risk_share=Decimal("40"),
        ),
        refuse=lambda w: budget.contribution_update(
            actor=w.officer,
            contribution=w.made["contribution"],
            amount=Decimal("-7.00"),
            risk_share=Decimal("40"),
        ),
    ),
    "budget.plan_line_add": Case(
        arrange=keep("pool", lambda w: factories.PoolFactory(partnership=w.partnership)),
        act=lambda w: budget.plan_line_add(
            actor=w.officer,
            pool=w.made["pool"],
            kind="reserve",
            description="Reserve",
            amount=Decimal("1.00"),
        ),
        refuse=lambda w: budget.plan_line_add(
            actor=w.officer,
            pool=w.made["pool"],
            kind="reserve",
            description="Too much",
            amount=Decimal("99999999.00"),
        ),
    ),
    "budget.plan_line_update": Case(
        arrange=keep("line", lambda w: factories.PlanLineFactory(pool__partnership=w.partnership)),
        act=lambda w: budget.plan_line_update(
            actor=w.officer,
            line=w.made["line"],
            kind="reserve",
            description="Reserve",
            amount=Decimal("2.00"),
        ),
        refuse=lambda w: budget.plan_line_update(
            actor=w.officer,
            line=w.made["line"],
            kind="reserve",
            description="Reserve",
            amount=Decimal("99999999.00"),
        ),
    ),
    "budget.plan_approve": Case(
        arrange=lambda w: w.made.update(
            line=factories.PlanLineFactory(
                pool__partnership=w.partnership, amount=Decimal("18000000.00")
            ),
            plan=factories.ProposalFactory(
                deciding_body=w.board, kind="annual_financial_plan", state="carried"
            ),
            policy=factories.ProposalFactory(deciding_body=w.board, state="carried"),
        ),
        act=lambda w: budget.plan_approve(
            actor=w.officer, pool=w.made["line"].pool, decision=w.made["plan"]
        ),
        refuse=lambda w: budget.plan_approve(
            actor=w.officer, pool=w.made["line"].pool, decision=w.made["policy"]
        ),
    ),
    "budget.virement_record": Case(
        arrange=lambda w: (
            w.made.update(
                pool=factories.PoolFactory(
                    partnership=w.partnership,
                    plan_decision=factories.ProposalFactory(
                        deciding_body=w.board, kind="annual_financial_plan", state="carried"
                    ),
                ),
            )
            or w.made.update(
                a=factories.PlanLineFactory(pool=w.made["pool"], amount=Decimal("10.00")),
                b=factories.PlanLineFactory(pool=w.made["pool"], amount=Decimal("10.00")),
            )
        ),
        act=lambda w: budget.virement_record(
            actor=w.officer,
            pool=w.made["pool"],
            from_line=w.made["a"],
            to_line=w.made["b"],
            amount=Decimal("4.00"),
            decision=w.made["pool"].plan_decision,
            reason="Redesign",
        ),
        refuse=lambda w: budget.virement_record(
            actor=w.officer,
            pool=w.made["pool"],
            from_line=w.made["a"],
            to_line=w.made["b"],
            amount=Decimal("11.00"),
            decision=w.made["pool"].plan_decision,
            reason="Too much",
        ),
    ),
    "budget.spend_import": Case(
        arrange=lambda w: w.made.update(
            pool=factories.PoolFactory(partnership=w.partnership, financial_year=2009),
            contract=contract(w, reference="GL-LEDGER-1"),
        ),
        act=lambda w: budget.spend_import(
            actor=w.officer,
            pool=w.made["pool"],
            content=b"contract,period,amount\nGL-LEDGER-1,Q1,10.00\n",
        ),
        refuse=lambda w: budget.spend_import(
            actor=w.officer,
            pool=w.made["pool"],
            content=b"contract,period,amount\nGL-LEDGER-1,Q1,-1\n",
        ),
    ),
    "commissioning.location_add": Case(
        arrange=keep(
            "service", lambda w: factories.ServiceFactory(provider__partnership=w.partnership)
        ),
        act=lambda w: commissioning.location_add(
            actor=w.officer,
            service=w.made["service"],
            name="Church Green Court",
            address_line_1="1 Church Green",
            town="Witney",
            postcode="OX28 4AZ",
        ),
        refuse=lambda w: commissioning.location_add(
            actor=w.officer,
            service=w.made["service"],
            name="Nowhere",
            address_line_1="1 Church Green",
            town="Witney",
            postcode="not a postcode",
        ),
    ),
    "commissioning.location_update": Case(
        arrange=keep(
            "location",
            lambda w: factories.ServiceLocationFactory(
                service__provider__partnership=w.partnership
            ),
        ),
        act=lambda w: commissioning.location_update(
            actor=w.officer, location=w.made["location"], units=12
        ),
        refuse=lambda w: commissioning.location_update(
            actor=w.officer, location=w.made["location"], units=-1
        ),
    ),
    "commissioning.location_remove": Case(
        arrange=keep(
            "location",
            lambda w: (
                factories.ServiceLocationFactory(service__provider__partnership=w.partnership),
                proposal(w),
                factories.ServiceLocationFactory(service__provider__partnership=w.partnership),
            ),
        ),
        act=lambda w: commissioning.location_remove(
            actor=w.officer, location=w.made["location"][0]
        ),
        refuse=lambda w: commissioning.location_remove(
            actor=w.officer, location=w.made["location"][2], decision=w.made["location"][1]
        ),
    ),
    # ------------------------------------------------------------ the strategy
    "commissioning.strategy_create": Case(
        act=lambda w: commissioning.strategy_create(
            actor=w.officer,
            partnership=w.partnership,
            title="Strategy 2004-09",
            first_year=2004,
            last_year=2008,
        ),
        refuse=lambda w: commissioning.strategy_create(  # years out of order
            actor=w.officer,
            partnership=w.partnership,
            title="Strategy 2004-09",
            first_year=2008,
            last_year=2004,
        ),
    ),
    "commissioning.strategy_update": Case(
        arrange=keep("strategy", lambda w: factories.StrategyFactory(partnership=w.partnership)),
        act=lambda w: commissioning.strategy_update(
            actor=w.officer,
            strategy=w.made["strategy"],
            title="Strategy 2004-09",
            first_year=2004,
            last_year=2008,
            summary="Five years",
        ),
        refuse=lambda w: commissioning.strategy_update(  # adopted by no decision
            actor=w.officer,
            strategy=w.made["strategy"],
            title="Strategy 2004-09",
            first_year=2004,
            last_year=2008,
            status="adopted",
        ),
    ),
    "commissioning.outcome_create": Case(
        arrange=keep("strategy", lambda w: factories.StrategyFactory(partnership=w.partnership)),
        act=lambda w: commissioning.outcome_create(
            actor=w.officer,
            strategy=w.made["strategy"],
            title="More floating support",
            measure="capacity",
            capacity_unit="hours",
            target_figure=500,
            target_date=datetime.date(2009, 3, 31),
            baseline_date=datetime.date(2004, 4, 1),
        ),
        refuse=lambda w: commissioning.outcome_create(  # after the strategy's end
            actor=w.officer,
            strategy=w.made["strategy"],
            title="More floating support",
            measure="capacity",
            capacity_unit="hours",
            target_figure=500,
            target_date=datetime.date(2012, 3, 31),
            baseline_date=datetime.date(2004, 4, 1),
        ),
    ),
    "commissioning.outcome_update": Case(
        arrange=keep(
            "outcome",
            lambda w: factories.TargetOutcomeFactory(strategy__partnership=w.partnership),
        ),
        act=lambda w: commissioning.outcome_update(
            actor=w.officer,
            outcome=w.made["outcome"],
            title="Fewer services",
            measure="services",
            target_figure=3,
            target_date=datetime.date(2008, 3, 31),
            baseline_date=datetime.date(2004, 4, 1),
        ),
        refuse=lambda w: commissioning.outcome_update(  # capacity, in no unit
            actor=w.officer,
            outcome=w.made["outcome"],
            title="Fewer services",
            measure="capacity",
            target_figure=3,
            target_date=datetime.date(2008, 3, 31),
            baseline_date=datetime.date(2004, 4, 1),
        ),
    ),
    "commissioning.intention_create": Case(
        arrange=keep("strategy", lambda w: factories.StrategyFactory(partnership=w.partnership)),
        act=lambda w: commissioning.intention_create(
            actor=w.officer,
            strategy=w.made["strategy"],
            client_group=18,
            direction="increase",
            rationale="Teenage parents",
        ),
        refuse=lambda w: commissioning.intention_create(
            actor=w.officer,
            strategy=w.made["strategy"],
            client_group=18,
            direction="growth",
            rationale="Teenage parents",
        ),
    ),
    "commissioning.intention_update": Case(
        arrange=keep(
            "intention",
            lambda w: factories.CommissioningIntentionFactory(
                strategy__partnership=w.partnership, client_group=1
            ),
        ),
        act=lambda w: commissioning.intention_update(
            actor=w.officer,
            intention=w.made["intention"],
            client_group=1,
            direction="remodel",
            rationale="Resident wardens",
        ),
        refuse=lambda w: commissioning.intention_update(
            actor=w.officer,
            intention=w.made["intention"],
            client_group=99,
            direction="remodel",
            rationale="Resident wardens",
        ),
    ),
    "commissioning.action_create": Case(
        arrange=keep(
            "strategy",
            lambda w: (
                factories.StrategyFactory(partnership=w.partnership),
                factories.ProposalFactory(deciding_body=w.board),
                factories.ProposalFactory(deciding_body__partnership=w.other),
            ),
        ),
        act=lambda w: commissioning.action_create(
            actor=w.officer,
            strategy=w.made["strategy"][0],
            financial_year=2005,
            text="Remodel wardens",
            due_date=datetime.date(2006, 3, 31),
            proposals=[w.made["strategy"][1]],
        ),
        refuse=lambda w: commissioning.action_create(  # another partnership's proposal
            actor=w.officer,
            strategy=w.made["strategy"][0],
            financial_year=2005,
            text="Remodel wardens",
            due_date=datetime.date(2006, 3, 31),
            proposals=[w.made["strategy"][2]],
        ),
    ),
    "commissioning.action_update": Case(
        arrange=keep(
            "action",
            lambda w: factories.AnnualPlanActionFactory(strategy__partnership=w.partnership),
        ),
        act=lambda w: commissioning.action_update(
            actor=w.officer,
            action=w.made["action"],
            financial_year=2006,
            text="Remodel wardens",
            due_date=datetime.date(2007, 3, 31),
            status="done",
        ),
        refuse=lambda w: commissioning.action_update(  # a year after the strategy
            actor=w.officer,
            action=w.made["action"],
            financial_year=2010,
            text="Remodel wardens",
            due_date=datetime.date(2007, 3, 31),
            status="done",
        ),
    ),
    # ------------------------------------------------------------ the calendar
    "calendar.closure_day_add": Case(
        act=lambda w: calendar.closure_day_add(
            actor=w.officer, date=datetime.date(2026, 12, 29), reason="Christmas closure"
        ),
        refuse=lambda w: calendar.closure_day_add(
            actor=w.officer, date=datetime.date(2026, 12, 26), reason="A Saturday"
        ),
    ),
    "calendar.closure_day_remove": Case(
        arrange=keep(
            "closure",
            lambda w: calendar.closure_day_add(
                actor=None, date=datetime.date(2026, 12, 29), reason="Christmas closure"
            ),
        ),
        act=lambda w: calendar.closure_day_remove(actor=w.officer, closure_day=w.made["closure"]),
    ),
    # ------------------------------------------------------------ accounts
    # Checking a code records its use on the device at once, by design (a wrong code must
    # count against the next try whatever happens after): that write is outside, and a
    # refused code or password is itself recorded, committed with the device's count.
    "accounts.authenticator_confirm": Case(
        arrange=keep("device", lambda w: accounts.authenticator_start(user=w.member)),
        act=lambda w: accounts.authenticator_confirm(
            actor=w.member,
            device=w.made["device"],
            password=PASSWORD,
            code=code_of(w.made["device"]),
        ),
        # Refused: the set-up is already finished (before any code is checked).
        refuse=lambda w: accounts.authenticator_confirm(
            actor=w.member, device=w.made["device"], password=PASSWORD, code="000000"
        ),
        outside=frozenset({"otp_totp_totpdevice"}),
    ),
    "accounts.recovery_codes_create": Case(
        arrange=keep("device", authenticator),
        act=lambda w: accounts.recovery_codes_create(
            actor=w.member, password=PASSWORD, code=code_of(w.made["device"])
        ),
        refuse=lambda w: accounts.recovery_codes_create(
            actor=w.member, password="guess", code=code_of(w.made["device"])
        ),
        outside=frozenset({"otp_totp_totpdevice"}),
        refusal_recorded=frozenset({"two_factor.password_refused"}),
    ),
    "accounts.two_factor_remove": Case(
        arrange=keep("device", authenticator),
        act=lambda w: accounts.two_factor_remove(
            actor=w.member, password=PASSWORD, code=code_of(w.made["device"])
        ),
        # Refused: a wrong code for a new app (the first was removed by ``act``).
        refuse=lambda w: accounts.two_factor_remove(
            actor=w.member, password=PASSWORD, code=authenticator(w) and "000000"
        ),
        outside=frozenset({"otp_totp_totpdevice"}),
        refusal_recorded=frozenset({"two_factor.code_refused"}),
    ),
    "accounts.api_token_create": Case(
        act=lambda w: token(w, expires_on=TOKEN_DAY + datetime.timedelta(days=30)),
        refuse=lambda w: token(w, expires_on=TOKEN_DAY),
    ),
    "notifications.notification_preferences_set": Case(
        act=lambda w: notifications.notification_preferences_set(
            actor=w.member, user=w.member, choices={"vote_opened": False}
        ),
        refuse=lambda w: notifications.notification_preferences_set(
            actor=w.member, user=w.member, choices={"every_hour": False}
        ),
    ),
    "accounts.password_change": Case(
        act=lambda w: accounts.password_change(
            actor=w.member, password=NEW_PASSWORD, current_session_key=None
        ),
        refuse=lambda w: accounts.password_change(
            actor=w.member, password="too short", current_session_key=None
        ),
    ),
    "accounts.password_reset": Case(
        arrange=keep("sessions", sessions_of_member),
        act=lambda w: accounts.password_reset(actor=w.member, password=NEW_PASSWORD),
        refuse=lambda w: accounts.password_reset(actor=w.member, password="member"),
    ),
    "accounts.session_end": Case(
        arrange=keep("sessions", sessions_of_member),
        act=lambda w: accounts.session_end(
            actor=w.member,
            reference=session_reference(w.made["sessions"][1]),
            current_session_key=w.made["sessions"][0],
        ),
        # Refused: that session has ended.
        refuse=lambda w: accounts.session_end(
            actor=w.member,
            reference=session_reference(w.made["sessions"][1]),
            current_session_key=w.made["sessions"][0],
        ),
    ),
    "accounts.sessions_end_others": Case(
        arrange=keep("sessions", sessions_of_member),
        act=lambda w: accounts.sessions_end_others(
            actor=w.member, current_session_key=w.made["sessions"][0]
        ),
        # Refused: no other session is left.
        refuse=lambda w: accounts.sessions_end_others(
            actor=w.member, current_session_key=w.made["sessions"][0]
        ),
    ),
    "accounts.api_token_revoke": Case(
        arrange=keep("token", lambda w: token(w)[0]),
        act=lambda w: accounts.api_token_revoke(actor=w.member, token=w.made["token"]),
        refuse=lambda w: accounts.api_token_revoke(actor=w.member, token=w.made["token"]),
    ),
    # ------------------------------------------------------------ complaints
    "complaints.complaint_settings_set": Case(
        act=lambda w: complaints.complaint_settings_set(
            actor=w.officer, partnership=w.partnership, stage2_respond_days=15
        ),
        refuse=lambda w: complaints.complaint_settings_set(
            actor=w.officer, partnership=w.partnership, stage1_acknowledge_days=0
        ),
    ),
    "complaints.complaint_receive": Case(
        act=complaint,
        refuse=lambda w: complaints.complaint_receive(
            actor=w.officer,
            partnership=w.partnership,
            handler=None,
            subject_kind="authority",
            received_on=FEBRUARY,
            channel="letter",
        ),
    ),
    "complaints.stage_acknowledge": Case(
        arrange=keep(
            "stage",
            lambda w: ComplaintStage.objects.get(complaint=complaint(w), number=1),
        ),
        act=lambda w: complaints.stage_acknowledge(
            actor=w.officer, stage=w.made["stage"], acknowledged_on=LATER
        ),
        refuse=lambda w: complaints.stage_acknowledge(
            actor=w.officer, stage=w.made["stage"], acknowledged_on=datetime.date(2010, 1, 1)
        ),
    ),
    "complaints.stage_extend": Case(
        arrange=keep("stage", first_stage),
        act=lambda w: complaints.stage_extend(
            actor=w.officer,
            stage=w.made["stage"],
            extended_to=datetime.date(2010, 2, 26),
            reason="Records from the provider",
            told_on=LATER,
        ),
        refuse=lambda w: complaints.stage_extend(
            actor=w.officer,
            stage=w.made["stage"],
            extended_to=datetime.date(2010, 2, 26),
            reason="",
            told_on=LATER,
        ),
    ),
    "complaints.stage_respond": Case(
        arrange=keep("stage", first_stage),
        act=lambda w: complaints.stage_respond(
            actor=w.officer, stage=w.made["stage"], responded_on=MARCH, outcome="upheld"
        ),
        refuse=lambda w: complaints.stage_respond(
            actor=w.officer, stage=w.made["stage"], responded_on=MARCH, outcome=""
        ),
    ),
    "complaints.complaint_escalate": Case(
        arrange=lambda w: first_stage(w, answered=True),
        act=lambda w: complaints.complaint_escalate(
            actor=w.officer, complaint=w.made["complaint"], requested_on=MARCH, handler=w.member
        ),
        refuse=lambda w: complaints.complaint_escalate(
            actor=w.officer, complaint=w.made["complaint"], requested_on=MARCH, handler=w.officer
        ),
    ),
    "complaints.complaint_close": Case(
        arrange=lambda w: first_stage(w, answered=True),
        act=lambda w: complaints.complaint_close(
            actor=w.officer, complaint=w.made["complaint"], closed_on=MARCH
        ),
        # Refused: the complaint is closed already (its outcome and classification are
        # tests/complaints' refusals).
        refuse=lambda w: complaints.complaint_close(
            actor=w.officer, complaint=w.made["complaint"], closed_on=MARCH
        ),
    ),
    "complaints.lesson_add": Case(
        arrange=lambda w: first_stage(w, answered=True),
        act=lambda w: complaints.lesson_add(
            actor=w.officer, complaint=w.made["complaint"], text="Call back the same day"
        ),
        refuse=lambda w: complaints.lesson_add(
            actor=w.officer, complaint=w.made["complaint"], text=""
        ),
    ),
    "complaints.action_add": Case(
        arrange=keep("lesson", lesson),
        act=lambda w: complaints.action_add(
            actor=w.officer,
            lesson=w.made["lesson"],
            description="A call-back rota",
            owner="Team manager",
            due_on=MARCH,
        ),
        refuse=lambda w: complaints.action_add(
            actor=w.officer, lesson=w.made["lesson"], description="", owner="", due_on=MARCH
        ),
    ),
    "complaints.action_complete": Case(
        arrange=keep(
            "action",
            lambda w: complaints.action_add(
                actor=None,
                lesson=lesson(w),
                description="A rota",
                owner="Manager",
                due_on=MARCH,
            ),
        ),
        act=lambda w: complaints.action_complete(
            actor=w.officer, action=w.made["action"], done_on=MARCH
        ),
        refuse=lambda w: complaints.action_complete(  # done already
            actor=w.officer, action=w.made["action"], done_on=MARCH
        ),
    ),
    "complaints.referral_record": Case(
        arrange=lambda w: first_stage(w, second=True),
        act=lambda w: complaints.referral_record(
            actor=w.officer, complaint=w.made["complaint"], referred_on=datetime.date(2010, 4, 1)
        ),
        refuse=lambda w: complaints.referral_record(
            actor=w.officer, complaint=w.made["complaint"], referred_on=MARCH
        ),
    ),
    "complaints.referral_determine": Case(
        arrange=keep("referral", referral),
        act=lambda w: complaints.referral_determine(
            actor=w.officer,
            referral=w.made["referral"],
            determination="no_fault",
            determined_on=datetime.date(2010, 6, 1),
        ),
        refuse=lambda w: complaints.referral_determine(
            actor=w.officer,
            referral=w.made["referral"],
            determination="",
            determined_on=datetime.date(2010, 6, 1),
        ),
    ),
    "complaints.referral_comply": Case(
        arrange=keep(
            "referral",
            lambda w: complaints.referral_determine(
                actor=None,
                referral=referral(w),
                determination="maladministration",
                determined_on=datetime.date(2010, 6, 1),
            ),
        ),
        act=lambda w: complaints.referral_comply(
            actor=w.officer, referral=w.made["referral"], complied_on=datetime.date(2010, 7, 1)
        ),
        refuse=lambda w: complaints.referral_comply(
            actor=w.officer, referral=w.made["referral"], complied_on=datetime.date(2010, 5, 1)
        ),
    ),
    "complaints.complainant_access_record": Case(
        arrange=keep("complaint", complaint),
        act=lambda w: complaints.complainant_access_record(
            actor=w.officer, complaint=w.made["complaint"], where="page"
        ),
        refuse=lambda w: complaints.complainant_access_record(
            actor=w.officer, complaint=w.made["complaint"], where=""
        ),
    ),
    "complaints.complaint_erase_personal": Case(
        arrange=keep("closed", closed_long_ago),
        act=lambda w: complaints.complaint_erase_personal(
            actor=w.officer, complaint=w.made["closed"], on=datetime.date(2016, 4, 1)
        ),
        refuse=lambda w: complaints.complaint_erase_personal(  # erased already
            actor=w.officer, complaint=w.made["closed"], on=datetime.date(2016, 4, 2)
        ),
    ),
    "complaints.subject_access_export": Case(
        arrange=keep("complaint", complaint),
        act=lambda w: complaints.subject_access_export(
            actor=w.officer, partnership=w.partnership, name="imogen invented"
        ),
        refuse=lambda w: complaints.subject_access_export(
            actor=w.officer, partnership=w.partnership
        ),
    ),
    # Delegated authority (issue 17 item 6)
    "governance.membership_limit_set": Case(
        act=lambda w: governance.membership_limit_set(
            actor=w.officer,
            membership=w.rep_a.memberships.get(),
            delegated_limit=Decimal("1000000.00"),
        ),
        refuse=lambda w: governance.membership_limit_set(
            actor=w.officer, membership=w.rep_a.memberships.get(), delegated_limit=Decimal("-1")
        ),
    ),
    # Savings scenarios (issue 17 item 5)
    "budget.scenario_create": Case(
        arrange=keep("pool", lambda w: factories.PoolFactory(partnership=w.partnership)),
        act=lambda w: budget.scenario_create(
            actor=w.officer, pool=w.made["pool"], title="A 10% fall", fall_percent=Decimal("10")
        ),
        refuse=lambda w: budget.scenario_create(
            actor=w.officer, pool=w.made["pool"], title="Too far", fall_percent=Decimal("101")
        ),
    ),
    "budget.scenario_update": Case(
        arrange=keep("scenario", lambda w: scenario(w)),
        act=lambda w: budget.scenario_update(
            actor=w.officer, scenario=w.made["scenario"], title="A 5% fall", fall_percent=Decimal(5)
        ),
        refuse=lambda w: budget.scenario_update(
            actor=w.officer, scenario=w.made["scenario"], title="Bad", fall_percent=Decimal(-1)
        ),
    ),
    "budget.reduction_add": Case(
        arrange=keep("scenario", lambda w: scenario(w)),
        act=lambda w: budget.reduction_add(
            actor=w.officer,
            scenario=w.made["scenario"],
            plan_line=w.made["scenario"].pool.plan_lines.get(),
            amount=Decimal("4.00"),
        ),
        refuse=lambda w: budget.reduction_add(
            actor=w.officer,
            scenario=w.made["scenario"],
            plan_line=w.made["scenario"].pool.plan_lines.get(),
            amount=Decimal("11.00"),
        ),
    ),
    "budget.reduction_remove": Case(
        arrange=lambda w: w.made.update(
            reduction=reduction(w), proposed=reduction(w, proposed_to=w.board)
        ),
        act=lambda w: budget.reduction_remove(actor=w.officer, reduction=w.made["reduction"]),
        refuse=lambda w: budget.reduction_remove(actor=w.officer, reduction=w.made["proposed"]),
    ),
    "budget.scenario_propose": Case(
        arrange=keep("reduction", lambda w: reduction(w)),
        act=lambda w: budget.scenario_propose(
            actor=w.officer,
            scenario=w.made["reduction"].scenario,
            deciding_body=w.board,
            on=FEBRUARY,
        ),
        refuse=lambda w: budget.scenario_propose(
            actor=w.officer, scenario=w.made["reduction"].scenario, deciding_body=None, on=FEBRUARY
        ),
    ),
    "budget.scenario_approve": Case(
        arrange=lambda w: w.made.update(
            scenario=scenario(w),
            carried=factories.ProposalFactory(
                deciding_body=w.board, kind="savings_scenario", state="carried"
            ),
            policy=factories.ProposalFactory(deciding_body=w.board, state="carried"),
        ),
        act=lambda w: budget.scenario_approve(
            actor=w.officer, scenario=w.made["scenario"], decision=w.made["carried"]
        ),
        refuse=lambda w: budget.scenario_approve(
            actor=w.officer, scenario=w.made["scenario"], decision=w.made["policy"]
        ),
    ),
    "decisions.proposal_commits_set": Case(
        arrange=keep("proposal", proposal),
        act=lambda w: decisions.proposal_commits_set(
            actor=w.officer, proposal=w.made["proposal"], commits=Decimal("1500000.00")
        ),
        refuse=lambda w: decisions.proposal_commits_set(
            actor=w.officer, proposal=w.made["proposal"], commits=Decimal("-1")
        ),
    ),
    "performance.return_submit": Case(
        arrange=keep("service", scheme),
        act=lambda w: performance.return_submit(
            actor=w.officer,
            service=w.made["service"],
            period=Q2,
            figures=SHELTERED_FIGURES,
            today=FEBRUARY,
        ),
        refuse=lambda w: performance.return_submit(  # KPI 2 given for a long-term service
            actor=w.officer,
            service=w.made["service"],
            period=Q2,
            figures={**SHELTERED_FIGURES, "kpi2_numerator": 1, "kpi2_denominator": 2},
            today=FEBRUARY,
        ),
    ),
    "performance.return_query": Case(
        arrange=keep("return", submitted),
        act=lambda w: performance.return_query(
            actor=w.officer, quarterly_return=w.made["return"], question="Check the voids"
        ),
        refuse=lambda w: performance.return_query(
            actor=w.officer, quarterly_return=w.made["return"], question="  "
        ),
    ),
    "performance.return_validate": Case(
        arrange=keep("return", submitted),
        act=lambda w: performance.return_validate(
            actor=w.officer, quarterly_return=w.made["return"], today=FEBRUARY
        ),
    ),
    "performance.return_resubmit": Case(
        arrange=keep("return", queried),
        act=lambda w: performance.return_resubmit(
            actor=w.officer,
            quarterly_return=w.made["return"],
            figures={**SHELTERED_FIGURES, "unit_days_available": 2700},
            today=FEBRUARY,
        ),
        refuse=lambda w: performance.return_resubmit(  # a numerator over its denominator
            actor=w.officer,
            quarterly_return=w.made["return"],
            figures={**SHELTERED_FIGURES, "unit_days_available": 2761},
            today=FEBRUARY,
        ),
    ),
    "performance.return_replace": Case(
        arrange=keep("return", validated),
        act=lambda w: performance.return_replace(
            actor=w.officer,
            quarterly_return=w.made["return"],
            figures={**SHELTERED_FIGURES, "support_days_used": 2600},
            reason="The provider miscounted",
            today=FEBRUARY,
        ),
        refuse=lambda w: performance.return_replace(
            actor=w.officer,
            quarterly_return=w.made["return"],
            figures=SHELTERED_FIGURES,
            reason=" ",
            today=FEBRUARY,
        ),
    ),
    "performance.returns_import": Case(
        arrange=keep("service", scheme),
        act=lambda w: performance.returns_import(
            actor=None,
            rows=[ReturnRow(w.made["service"], Q2, SHELTERED_FIGURES)],
            today=FEBRUARY,
        ),
        refuse=lambda w: performance.returns_import(  # the quarter has not ended
            actor=None,
            rows=[ReturnRow(w.made["service"], Quarter(2009, 4), SHELTERED_FIGURES)],
            today=FEBRUARY,
        ),
    ),
    "performance.returns_remind": Case(
        arrange=keep(
            "service",
            lambda w: factories.ServiceFactory(
                provider=factories.ProviderFactory(
                    partnership=w.partnership, contact_email="returns@provider.example"
                ),
                reference="WORLD-0002",
            ),
        ),
        act=lambda w: performance.returns_remind(
            actor=w.officer, partnership=w.partnership, period=Q2, today=FEBRUARY
        ),
        refuse=lambda w: performance.returns_remind(  # not late yet: due 21 October 2009
            actor=w.officer, partnership=w.partnership, period=Q2, today=datetime.date(2009, 10, 21)
        ),
    ),
    "performance.indicator_target_set": Case(
        act=lambda w: performance.indicator_target_set(
            actor=w.officer, partnership=w.partnership, indicator="kpi2", target=Decimal("78")
        ),
        refuse=lambda w: performance.indicator_target_set(
            actor=w.officer, partnership=w.partnership, indicator="kpi9", target=Decimal("78")
        ),
    ),
    # The quarterly report attached to a meeting as a paper: the meetings' paper service
    # stores it (its own event), and the attachment is audited beside it.
    "performance.report_attach": Case(
        arrange=keep("item", item),
        act=lambda w: performance.report_attach(
            actor=w.officer,
            partnership=w.partnership,
            period=Q2,
            item=w.made["item"],
            today=FEBRUARY,
        ),
        refuse=lambda w: performance.report_attach(  # 2009/10 Q4 has not ended by FEBRUARY
            actor=w.officer,
            partnership=w.partnership,
            period=Quarter(2009, 4),
            item=w.made["item"],
            today=FEBRUARY,
        ),
    ),
    "complaints.homes_managed_record": Case(
        act=lambda w: complaints.homes_managed_record(
            actor=w.officer,
            partnership=w.partnership,
            financial_year=2025,
            homes=4000,
            source="The ALMO's return",
        ),
        refuse=lambda w: complaints.homes_managed_record(  # no source
            actor=w.officer, partnership=w.partnership, financial_year=2025, homes=4000, source=""
        ),
    ),
    "complaints.service_users_record": Case(
        arrange=keep(
            "service",
            lambda w: factories.ServiceFactory(
                provider=factories.ProviderFactory(partnership=w.partnership),
                capacity_unit="hours",
            ),
        ),
        act=lambda w: complaints.service_users_record(
            actor=w.officer,
            partnership=w.partnership,
            service=w.made["service"],
            financial_year=2025,
            people=120,
            source="The provider's returns",
        ),
        refuse=lambda w: complaints.service_users_record(  # no source
            actor=w.officer,
            partnership=w.partnership,
            service=w.made["service"],
            financial_year=2025,
            people=120,
            source=" ",
        ),
    ),
    "complaints.provision_assess": Case(
        act=lambda w: complaints.provision_assess(
            actor=w.officer,
            partnership=w.partnership,
            code="lgsco-2026",
            financial_year=2026,
            provision="annual-report",
            met="yes",
            evidence="Reported to the board",
        ),
        refuse=lambda w: complaints.provision_assess(  # computed from the complaints
            actor=w.officer,
            partnership=w.partnership,
            code="lgsco-2026",
            financial_year=2026,
            provision="stage1-acknowledge",
            met="yes",
        ),
    ),
}

CASES.update(PROCUREMENT_CASES)


# ---------------------------------------------------------------- quality reviews (issue 18)

QAF_C = dict.fromkeys(("C1.1", "C1.2", "C1.3", "C1.4", "C1.5", "C1.6", "C1.7"), "C")
QAF_D = {**QAF_C, "C1.3": "D"}
REVIEW_DUE = datetime.date(2009, 9, 30)


def review_planned(w: World) -> Any:
    return performance.review_plan(actor=None, service=scheme(w), due_on=REVIEW_DUE)


def review_self_assessed(w: World) -> Any:
    return performance.review_self_assess(
        actor=None, review=review_planned(w), grades=QAF_C, on=datetime.date(2009, 7, 1)
    )


def review_visited(w: World) -> Any:
    return performance.review_visit(
        actor=None,
        review=review_self_assessed(w),
        visited_on=datetime.date(2009, 8, 12),
        visited_by="Contracts officer",
        findings="Fire risk assessment out of date",
    )


def review_failing(w: World) -> Any:
    """Validated with a D and no action plan: it cannot close yet."""
    return performance.review_validate(
        actor=None, review=review_visited(w), grades=QAF_D, on=REVIEW_DUE
    )


def review_planned_for(w: World) -> Any:
    """Validated with a D, and an action in its plan: it may close."""
    review = review_failing(w)
    performance.action_add(
        actor=None, review=review, action="Renew it", owner="Manager", due_on=REVIEW_DUE
    )
    return review


def review_closed(w: World) -> Any:
    review = performance.review_validate(
        actor=None, review=review_visited(w), grades=QAF_C, on=REVIEW_DUE
    )
    return performance.review_close(
        actor=None, review=review, outcome="remodel", reason="Demand moved", on=REVIEW_DUE
    )


def review_action(w: World) -> Any:
    return performance.action_add(
        actor=None,
        review=review_self_assessed(w),
        action="Renew the fire risk assessment",
        owner="Scheme manager",
        due_on=datetime.date(2009, 11, 30),
    )


REVIEW_CASES: dict[str, Case] = {
    "performance.review_plan": Case(
        arrange=keep("service", scheme),
        act=lambda w: performance.review_plan(
            actor=w.officer, service=w.made["service"], due_on=REVIEW_DUE
        ),
        refuse=lambda w: performance.review_plan(
            actor=w.officer, service=w.made["service"], due_on=REVIEW_DUE, framework="qaf9"
        ),
    ),
    "performance.review_self_assess": Case(
        arrange=keep("review", review_planned),
        act=lambda w: performance.review_self_assess(
            actor=w.officer, review=w.made["review"], grades=QAF_C, on=REVIEW_DUE
        ),
        refuse=lambda w: performance.review_self_assess(  # C1.7 ungraded
            actor=w.officer,
            review=w.made["review"],
            grades={**QAF_C, "C1.7": ""},
            on=REVIEW_DUE,
        ),
    ),
    "performance.review_visit": Case(
        arrange=keep("review", review_self_assessed),
        act=lambda w: performance.review_visit(
            actor=w.officer,
            review=w.made["review"],
            visited_on=datetime.date(2009, 8, 12),
            visited_by="Officer",
            findings="Sound",
        ),
        refuse=lambda w: performance.review_visit(  # before the self-assessment
            actor=w.officer,
            review=w.made["review"],
            visited_on=datetime.date(2009, 6, 1),
            visited_by="Officer",
            findings="Sound",
        ),
    ),
    "performance.review_validate": Case(
        arrange=keep("review", review_visited),
        act=lambda w: performance.review_validate(
            actor=w.officer, review=w.made["review"], grades=QAF_D, on=REVIEW_DUE
        ),
        refuse=lambda w: performance.review_validate(
            actor=w.officer, review=w.made["review"], grades={"C1.1": "A"}, on=REVIEW_DUE
        ),
    ),
    "performance.review_close": Case(
        arrange=keep("review", review_planned_for),
        act=lambda w: performance.review_close(
            actor=w.officer,
            review=w.made["review"],
            outcome="continue",
            reason="Plan agreed",
            on=REVIEW_DUE,
        ),
        refuse=lambda w: performance.review_close(
            actor=w.officer, review=w.made["review"], outcome="keep", reason="Ok", on=REVIEW_DUE
        ),
    ),
    "performance.review_propose": Case(
        arrange=keep("review", review_closed),
        act=lambda w: performance.review_propose(
            actor=w.officer, review=w.made["review"], deciding_body=w.board, on=REVIEW_DUE
        ),
        refuse=lambda w: performance.review_propose(
            actor=w.officer, review=w.made["review"], deciding_body=None, on=REVIEW_DUE
        ),
    ),
    "performance.action_add": Case(
        arrange=keep("review", review_self_assessed),
        act=lambda w: performance.action_add(
            actor=w.officer,
            review=w.made["review"],
            action="Renew the fire risk assessment",
            owner="Scheme manager",
            due_on=REVIEW_DUE,
        ),
        refuse=lambda w: performance.action_add(
            actor=w.officer, review=w.made["review"], action=" ", owner="Manager", due_on=REVIEW_DUE
        ),
    ),
    "performance.action_complete": Case(
        arrange=keep("item", review_action),
        act=lambda w: performance.action_complete(
            actor=w.officer, item=w.made["item"], done_on=REVIEW_DUE, note="Seen"
        ),
        refuse=lambda w: performance.action_complete(
            actor=w.officer, item=w.made["item"], done_on=REVIEW_DUE, note="\x00"
        ),
    ),
}

CASES.update(REVIEW_CASES)


# ---------------------------------------------------------------- governance standards (issue 22)

DEADLINE = datetime.date(2009, 9, 30)


def handbook(w: World) -> Any:
    return assurance.handbook_adopt(
        actor=None, partnership=w.partnership, title="Governance Handbook",
        adopted_by="Public Service Board", deadline=DEADLINE,
    )  # fmt: skip


def standard(w: World) -> Any:
    w.made["handbook"] = handbook(w)
    return assurance.standard_add(
        actor=None, handbook=w.made["handbook"], reference="1.1", title="Terms of reference"
    )


def assessment(w: World) -> Any:
    w.made["standard"] = standard(w)
    return assurance.self_assessment_create(
        actor=None, handbook=w.made["handbook"], assessed_on=DEADLINE, assessed_by="Group"
    )


def governance_audit(w: World) -> Any:
    return assurance.governance_audit_record(
        actor=None, partnership=w.partnership, auditor="Internal Audit",
        audited_on=datetime.date(2008, 11, 1), risk="medium",
    )  # fmt: skip


def audit_finding(w: World) -> Any:
    w.made["audit"] = governance_audit(w)
    return assurance.audit_finding_add(
        actor=None, audit=w.made["audit"], finding="No risk register", risk="medium"
    )


ASSURANCE_CASES: dict[str, Case] = {
    "assurance.handbook_adopt": Case(
        act=handbook,
        refuse=lambda w: assurance.handbook_adopt(
            actor=w.officer,
            partnership=w.partnership,
            title="Late",
            adopted_by="Board",
            adopted_on=DEADLINE,
            deadline=datetime.date(2009, 7, 1),
        ),
    ),
    "assurance.standard_add": Case(
        arrange=keep("handbook", handbook),
        act=lambda w: assurance.standard_add(
            actor=w.officer, handbook=w.made["handbook"], reference="1.1", title="Terms"
        ),
        refuse=lambda w: assurance.standard_add(  # the same reference again
            actor=w.officer, handbook=w.made["handbook"], reference="1.1", title="Again"
        ),
    ),
    "assurance.self_assessment_create": Case(
        arrange=keep("standard", standard),
        act=lambda w: assurance.self_assessment_create(
            actor=w.officer, handbook=w.made["handbook"], assessed_on=DEADLINE, assessed_by="Group"
        ),
        refuse=lambda w: assurance.self_assessment_create(
            actor=w.officer, handbook=w.made["handbook"], assessed_on=DEADLINE, assessed_by=""
        ),
    ),
    "assurance.standard_assess": Case(
        arrange=keep("assessment", assessment),
        act=lambda w: assurance.standard_assess(
            actor=w.officer,
            assessment=w.made["assessment"],
            standard=w.made["standard"],
            compliance="met",
            evidence="Terms of reference of 2 September 2009",
        ),
        refuse=lambda w: assurance.standard_assess(  # not met, and no action
            actor=w.officer,
            assessment=w.made["assessment"],
            standard=w.made["standard"],
            compliance="not_met",
        ),
    ),
    "assurance.governance_audit_record": Case(
        act=governance_audit,
        refuse=lambda w: assurance.governance_audit_record(
            actor=w.officer,
            partnership=w.partnership,
            auditor="",
            audited_on=DEADLINE,
            risk="low",
        ),
    ),
    "assurance.audit_finding_add": Case(
        arrange=keep("audit", governance_audit),
        act=lambda w: assurance.audit_finding_add(
            actor=w.officer, audit=w.made["audit"], finding="No register", risk="high"
        ),
        refuse=lambda w: assurance.audit_finding_add(
            actor=w.officer, audit=w.made["audit"], finding="No register", risk="severe"
        ),
    ),
    "assurance.audit_action_add": Case(
        arrange=keep("finding", audit_finding),
        act=lambda w: assurance.audit_action_add(
            actor=w.officer,
            finding=w.made["finding"],
            action="Keep a risk register",
            owner="Programme manager",
            due_on=DEADLINE,
        ),
        refuse=lambda w: assurance.audit_action_add(  # due before the audit
            actor=w.officer,
            finding=w.made["finding"],
            action="Keep a risk register",
            owner="Programme manager",
            due_on=datetime.date(2008, 1, 1),
        ),
    ),
    "assurance.audit_action_complete": Case(
        arrange=keep(
            "action",
            lambda w: assurance.audit_action_add(
                actor=None,
                finding=audit_finding(w),
                action="Keep a risk register",
                owner="Programme manager",
                due_on=DEADLINE,
            ),
        ),
        act=lambda w: assurance.audit_action_complete(
            actor=w.officer, item=w.made["action"], done_on=DEADLINE
        ),
        refuse=lambda w: assurance.audit_action_complete(  # done already
            actor=w.officer, item=w.made["action"], done_on=DEADLINE
        ),
    ),
}
CASES.update(ASSURANCE_CASES)


def services_taking_an_actor() -> set[str]:
    """``app.function`` for every function of an app's services (not what they import)
    with a keyword-only ``actor``. The audit trail's own writers are the mechanism."""
    found = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("accord.") or config.label == "audit":
            continue
        try:
            module = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError:
            continue
        for name, function in inspect.getmembers(module, inspect.isfunction):
            actor = inspect.signature(function).parameters.get("actor")
            if (
                not name.startswith("_")
                and function.__module__.startswith(f"{config.name}.services")
                and actor is not None
                and actor.kind == inspect.Parameter.KEYWORD_ONLY
            ):
                found.add(f"{config.label}.{name}")
    return found


def test_every_service_that_takes_an_actor_has_a_case():
    services = services_taking_an_actor()
    assert services - set(CASES) == set(), "add a case for each new service"
    assert set(CASES) - services == set(), "these services no longer exist"
    assert len(services) >= 40


# ---------------------------------------------------------------- watching the writes

WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@dataclass
class Writes:
    """Each write's table and the transaction it ran in: the atomic block that was
    outermost within the call (None for a write outside any block of the call)."""

    base: int
    rows: list[tuple[str, object]] = field(default_factory=list)

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        found = WRITE.match(sql)
        if found:
            blocks = connection.atomic_blocks
            self.rows.append(
                (found.group(2), blocks[self.base] if len(blocks) > self.base else None)
            )
        return execute(sql, params, many, context)


def watched(call: Callable[[], object]) -> tuple[Writes, BaseException | None]:
    writes = Writes(base=len(connection.atomic_blocks))
    error = None
    with connection.execute_wrapper(writes):
        try:
            call()
        except (AccordError, ValidationError) as refusal:
            error = refusal
    return writes, error


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_service_records_its_change_in_its_own_transaction_and_nothing_when_it_refuses(
    world, name
):
    case = CASES[name]
    case.arrange(world)

    writes, error = watched(lambda: case.act(world))
    assert error is None, f"{name} refused: {error}"
    events = [block for table, block in writes.rows if table == "audit_auditevent"]
    assert events, f"{name} recorded no audit event"
    changes = [(table, block) for table, block in writes.rows if table not in case.outside]
    transactions = {id(block) for _, block in changes}
    assert None not in {block for _, block in changes}, f"{name} wrote outside a transaction"
    assert len(transactions) == 1, f"{name} wrote in {len(transactions)} transactions"

    if case.refuse is None:
        return
    recorded = AuditEvent.objects.count()
    writes, error = watched(lambda: case.refuse(world))  # type: ignore[misc]
    assert error is not None, f"{name} did not refuse"
    refusals = list(
        AuditEvent.objects.order_by("sequence")[recorded:].values_list("action", flat=True)
    )
    assert set(refusals) == set(case.refusal_recorded), f"{name} recorded {refusals}"
    inside = [block for table, block in writes.rows if table not in case.outside]
    assert None not in inside, f"{name} wrote outside its transaction before refusing"
