"""National-scale demo data: every partnership of a country, ten years of its meetings,
proposals and votes, loaded through bulk inserts.

In England, 152 administering authorities ran Supporting People, each with a partnership
of 4 to 12 partners (issue 7). ``national_load`` builds that many partnerships (or fewer),
each with three bodies (the deciding board, the officers' group, the chief executives), terms
of office that change over the years, a constitution with the officers' recommended rule of
December 2009 (unanimity; compromise, escalation, a second meeting under a majority
fallback, call-in), about 11 board meetings and 8 officers' meetings a year, 8 to 15 agenda
items a meeting, and a proposal with a closed vote by every partner for each item to
decide. About 3% of the votes are not unanimous; those disputes follow the constitution's
route (a compromise or an escalation to the chief executives, then a second meeting).

Each partnership is built in memory from its own random stream (the seed and its number),
so the same seed on the same day builds the same country, and a load that stopped part way
resumes where it stopped. Outcomes, counts and reasons come from the rule engine itself,
as when a ballot is closed in the application. Rows go in with ``bulk_create`` in batches,
one transaction per partnership, each recorded by one audit event.

Nothing here is a real place or person: names are made up from a list of syllables.
"""

import datetime
import itertools
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from psycopg.types.json import Jsonb

from accord.audit.services import audit_record
from accord.calendar.working_days import WorkingDays
from accord.decisions.models import (
    Ballot,
    DisputeStep,
    DisputeStepKind,
    EscalationResult,
    Proposal,
    ProposalKind,
    ProposalState,
    RuleSource,
    Stage,
    StageKind,
    StageStatus,
    Tabling,
    Vote,
    VoteValue,
)
from accord.governance.models import (
    Body,
    BodyKind,
    BodyRule,
    ConstitutionStatus,
    ConstitutionVersion,
    Membership,
    MembershipRole,
    Partner,
    PartnerKind,
    Person,
)
from accord.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    ExemptParagraph,
    Meeting,
    MeetingStatus,
)
from accord.partnerships.models import Partnership
from accord.rules import Unit, evaluate, parse_rule

# England's administering authorities of the Supporting People programme (issue 7).
NATIONAL = 152
YEARS = 10
SLUG_PREFIX = "national-"
BATCH = 2000

# The officers' recommended constitution of December 2009 (seed 000, paras 13-17).
DECISION_RULE = {"kind": "unanimity"}
FALLBACK_RULE = {"kind": "majority", "base": "all", "threshold": "1/2", "strict": True}
ROUTE = ["compromise", "escalate", "second_meeting", "call_in"]
CALL_IN_DAYS = 10
NOT_UNANIMOUS = 0.03  # the share of votes with a partner against or abstaining (issue 7)

PLACE_STARTS = (
    "Ash", "Brad", "Chel", "Dun", "East", "Fern", "Glen", "Hart", "Ivy", "King", "Lang",
    "Mar", "North", "Oak", "Pen", "Ridge", "Stan", "Thorn", "Wal", "West", "Whit", "Brom",
)  # fmt: skip
PLACE_ENDS = ("ford", "field", "ham", "ley", "ton", "worth", "bury", "mouth", "wick", "stead")
FIRST_NAMES = (
    "Alex", "Anita", "Ben", "Carol", "David", "Deborah", "Farah", "Gareth", "Helen", "Imran",
    "Janet", "Kevin", "Linda", "Mark", "Nadia", "Owen", "Priya", "Rachel", "Simon", "Tariq",
    "Una", "Victor", "Wendy", "Yusuf", "Zoe", "Martin", "Joanna", "Peter", "Sarah", "Tom",
)  # fmt: skip
SURNAMES = (
    "Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fisher", "Green", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Morgan", "Nolan", "Owens", "Patel", "Quinn", "Roberts",
    "Singh", "Taylor", "Turner", "Walker", "Wright", "Young", "Price", "Hall", "Cole",
    "Begum", "Murray", "Shaw", "Reid", "Ellis", "Grant", "Mills", "Webb", "Marsh",
)  # fmt: skip
# Primary client groups of the Client Record form (reference.md, section 4).
CLIENT_GROUPS = (
    "older people with support needs", "people with mental health problems",
    "people with learning disabilities", "single homeless people", "offenders",
    "young people at risk", "young people leaving care", "women at risk of domestic violence",
    "homeless families", "teenage parents", "rough sleepers", "travellers", "refugees",
    "people with drug problems", "people with alcohol problems",
)  # fmt: skip
SERVICE_TYPES = ("floating support", "accommodation-based support", "outreach", "resettlement")
# (kind, weight, title pattern); annual plans and strategies are added on their own months.
DECIDING_KINDS = (
    (ProposalKind.COMMISSIONING_DECISION, 5, "Commission {service} for {group}"),
    (ProposalKind.TENDERING_STRATEGY, 2, "Tendering strategy: {service} for {group}"),
    (ProposalKind.TENDER_AWARD, 2, "Award of the contract for {service} for {group}"),
    (ProposalKind.INSTRUCTION_TO_CONTRACT, 2, "Instruction to contract: {service} for {group}"),
    (ProposalKind.POLICY, 1, "Eligibility policy for {group}"),
)
REPORTS = (
    "Performance report: quarterly indicators",
    "Budget monitoring report",
    "Service review programme: progress",
    "Service user involvement report",
    "Contract monitoring exceptions",
    "Value for money review",
    "Risk register",
)
# Tender awards and contract exceptions are exempt as providers' business affairs
# (Schedule 12A, paragraph 3), with the public interest test the clerk records.
EXEMPT: dict[str, Any] = {
    "is_exempt": True,
    "exempt_paragraph": ExemptParagraph.BUSINESS_AFFAIRS,
    "public_interest_test": (
        "Disclosing a provider's prices and performance would harm its commercial "
        "interests and the partnership's ability to obtain best value"
    ),
}


@dataclass
class LoadReport:
    """Rows created per table, partnerships skipped as already present, and the time."""

    rows: Counter[str] = field(default_factory=Counter)
    partnerships_skipped: int = 0
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total / self.seconds if self.seconds else 0.0


@dataclass
class Country:
    """What one partnership of the country is built from."""

    index: int
    place: str
    seed: int
    today: datetime.date
    years: int

    @property
    def slug(self) -> str:
        return f"{SLUG_PREFIX}{self.index:03d}"


def country(*, partnerships: int, seed: int, today: datetime.date, years: int) -> list[Country]:
    """The partnerships to build: numbered from 1, each with a made-up place name."""
    places = [start + end for start in PLACE_STARTS for end in PLACE_ENDS]
    random.Random(seed).shuffle(places)  # noqa: S311 (demo data, not security)
    if partnerships > len(places):
        raise ValueError(f"At most {len(places)} partnerships")
    return [
        Country(index=n + 1, place=places[n], seed=seed, today=today, years=years)
        for n in range(partnerships)
    ]


# ------------------------------------------------------------------ building, in memory


@dataclass
class Seat:
    """A partner's seat on a body, held by a run of terms (one membership each)."""

    partner: Partner | None
    role: str
    terms: list[Membership] = field(default_factory=list)

    def holder(self, on: datetime.date) -> Membership | None:
        for term in self.terms:
            if term.start_date <= on and (term.end_date is None or on <= term.end_date):
                return term
        return None


@dataclass
class Built:
    """One partnership's rows, unsaved, in the order they must be inserted."""

    partnership: Partnership
    tables: dict[type[models.Model], list[models.Model]]
    # Meetings whose minutes a later meeting approved: (meeting, approving meeting).
    approvals: list[tuple[Meeting, Meeting]]

    def rows(self) -> Iterator[models.Model]:
        for objects in self.tables.values():
            yield from objects


def months(today: datetime.date, years: int) -> list[tuple[int, int]]:
    """``years`` of calendar months ending six months after today's month."""
    last = today.year * 12 + today.month - 1 + 6
    return [divmod(m, 12) for m in range(last - years * 12 + 1, last + 1)]


def nth_weekday(year: int, month: int, weekday: int, week: int) -> datetime.date:
    first = datetime.date(year, month + 1, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (week - 1))


class Builder:
    """Builds one partnership's register, meetings and decisions from its random stream."""

    def __init__(self, spec: Country) -> None:
        self.spec = spec
        self.rng = random.Random(f"{spec.seed}:{spec.index}")  # noqa: S311 (demo data)
        self.today = spec.today
        self.tables: dict[type[models.Model], list[models.Model]] = {
            model: []
            for model in (
                Partner,
                Body,
                Person,
                Membership,
                ConstitutionVersion,
                BodyRule,
                Meeting,
                Proposal,
                Stage,
                AgendaItem,
                Tabling,
                Attendance,
                Ballot,
                Vote,
                DisputeStep,
            )
        }
        self.approvals: list[tuple[Meeting, Meeting]] = []
        names = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
        self.rng.shuffle(names)
        self.names = iter(names)
        self.partnership = Partnership(
            slug=spec.slug,
            name=f"{spec.place} Supporting People Partnership",
            description=f"National-scale demo partnership {spec.index} (made-up data).",
        )

    def add(self, obj: models.Model) -> Any:
        obj.partnership = self.partnership  # type: ignore[attr-defined]
        self.tables[type(obj)].append(obj)
        return obj

    # -------------------------------------------------------------- the register

    def partners(self) -> list[Partner]:
        count = self.rng.randint(4, 12)
        place = self.spec.place
        districts = [
            start + end for start in PLACE_STARTS for end in PLACE_ENDS if start + end != place
        ]
        self.rng.shuffle(districts)
        partners = [
            Partner(name=f"{place} County Council", kind=PartnerKind.COUNTY_COUNCIL),
            Partner(name=f"{place} Primary Care Trust", kind=PartnerKind.HEALTH),
            Partner(name=f"{place} Probation Area", kind=PartnerKind.PROBATION),
        ]
        partners += [
            Partner(name=f"{name} District Council", kind=PartnerKind.DISTRICT_COUNCIL)
            for name in districts[: count - 3]
        ]
        return [self.add(p) for p in sorted(partners, key=lambda p: p.name)]

    def person(self, title: str) -> Person:
        return self.add(Person(name=f"{title} {next(self.names)}"))

    def seat(
        self, body: Body, partner: Partner | None, role: str, title: str, years: tuple[int, int]
    ) -> Seat:
        """A run of terms from before the first meeting to today (the last one open): each
        term lasts between ``years`` years; a third of them go to the same person again."""
        seat = Seat(partner=partner, role=role)
        start = datetime.date(self.today.year - self.spec.years - 1, 1, 1) + datetime.timedelta(
            days=self.rng.randint(0, 364)
        )
        person = self.person(title)
        while True:
            end = start + datetime.timedelta(days=365 * self.rng.randint(*years) - 1)
            last = end >= self.today
            term = self.add(
                Membership(
                    body=body,
                    person=person,
                    partner=partner,
                    role=role,
                    start_date=start,
                    end_date=None if last else end,
                )
            )
            seat.terms.append(term)
            if last:
                return seat
            start = end + datetime.timedelta(days=1)
            if self.rng.random() > 1 / 3:
                person = self.person(title)

    def register(self) -> None:
        self.partner_list = self.partners()
        board, officers, chiefs = (
            self.add(Body(name=name, kind=kind, purpose=purpose))
            for name, kind, purpose in (
                (
                    "Commissioning Body",
                    BodyKind.DECIDING_BOARD,
                    "Decides the strategy, plans and commissioning of the pooled budget.",
                ),
                (
                    "Core Strategy Group",
                    BodyKind.OFFICERS_GROUP,
                    "Officers of every partner: recommends and monitors.",
                ),
                (
                    "Chief Executives' Group",
                    BodyKind.ESCALATION_BODY,
                    "Resolves disputes escalated by the Commissioning Body.",
                ),
            )
        )
        self.board, self.officers, self.chiefs = board, officers, chiefs
        self.representatives = {
            p.name: self.seat(board, p, MembershipRole.VOTING_REPRESENTATIVE, "Cllr", (2, 4))
            for p in self.partner_list
        }
        self.substitutes = {
            p.name: self.seat(board, p, MembershipRole.SUBSTITUTE, "Cllr", (2, 4))
            for p in self.partner_list
        }
        self.officer_seats = [
            self.seat(officers, p, MembershipRole.OFFICER, "Officer", (3, 6))
            for p in self.partner_list
        ]
        self.chief_seats = [
            self.seat(chiefs, p, MembershipRole.VOTING_REPRESENTATIVE, "Chief Executive", (4, 8))
            for p in self.partner_list
        ]
        # The programme team: the lead officers of proposals and the board's clerk.
        team = self.seat(board, None, MembershipRole.OFFICER, "Programme Officer", (3, 6))
        self.team = team
        first = datetime.date(self.today.year - self.spec.years - 1, 1, 1)
        version = self.add(
            ConstitutionVersion(
                title="Memorandum of Understanding (officers' recommendation)",
                status=ConstitutionStatus.ADOPTED,
                start_date=first,
                summary="Unanimity; compromise, escalation, a second meeting by majority; "
                "ten working days' call-in.",
            )
        )
        self.version = version
        self.add(
            BodyRule(
                version=version,
                body=board,
                decision_rule=DECISION_RULE,
                fallback_rule=FALLBACK_RULE,
                conflict_route=ROUTE,
                escalation_body=chiefs,
                call_in_days=CALL_IN_DAYS,
            )
        )
        self.add(
            BodyRule(
                version=version,
                body=chiefs,
                decision_rule={"kind": "majority", "base": "present", "threshold": "1/2"},
            )
        )
        self.rule = parse_rule(DECISION_RULE)
        self.fallback = parse_rule(FALLBACK_RULE)

    # -------------------------------------------------------------- meetings

    def meeting(self, body: Body, date: datetime.date, *, public: bool) -> Meeting:
        if date < self.today:
            status = MeetingStatus.HELD
        elif (date - self.today).days <= 7:
            status = MeetingStatus.AGENDA_PUBLISHED
        else:
            status = MeetingStatus.SCHEDULED
        return self.add(
            Meeting(
                body=body,
                date=date,
                start_time=datetime.time(10 if public else 14, 0),
                end_time=datetime.time(12 if public else 16, 0),
                place="County Hall, Committee Room 1" if public else "County Hall, Room 4",
                is_public=public,
                status=status,
            )
        )

    def item(
        self, meeting: Meeting, title: str, proposal: Proposal | None = None, **fields: Any
    ) -> AgendaItem:
        number = len(meeting._items) + 1  # type: ignore[attr-defined]
        item = self.add(AgendaItem(meeting=meeting, number=number, title=title, **fields))
        meeting._items.append(item)  # type: ignore[attr-defined]
        if proposal is not None:  # decisions' own link to the agenda item
            self.add(Tabling(proposal=proposal, item=item))
        return item

    def attend(self, meeting: Meeting) -> dict[str, Membership]:
        """Record who came: each partner's representative, or when they sent apologies the
        substitute in their place. Returns who casts each partner's vote."""
        casters: dict[str, Membership] = {}
        for partner in self.partner_list:
            rep = self.representatives[partner.name].holder(meeting.date)
            sub = self.substitutes[partner.name].holder(meeting.date)
            if rep is None or sub is None:  # every seat is held from 2015 on
                raise ValueError(f"{partner.name} has no one in its seat on {meeting.date}")
            if self.rng.random() < 0.9:
                self.add(
                    Attendance(
                        meeting=meeting,
                        person=rep.person,
                        partner=partner,
                        status=AttendanceStatus.PRESENT,
                    )
                )
                casters[partner.name] = rep
            else:
                self.add(
                    Attendance(
                        meeting=meeting,
                        person=rep.person,
                        partner=partner,
                        status=AttendanceStatus.APOLOGIES,
                    )
                )
                self.add(
                    Attendance(
                        meeting=meeting,
                        person=sub.person,
                        partner=partner,
                        status=AttendanceStatus.SUBSTITUTE,
                        substitute_for=rep.person,
                    )
                )
                casters[partner.name] = sub
        clerk = self.team.holder(meeting.date)
        if clerk is not None:
            self.add(Attendance(meeting=meeting, person=clerk.person, status="present"))
        return casters

    def units(self, date: datetime.date) -> list[dict[str, Any]]:
        """The ballot's voting units on a date, as ``ballot_open`` fixes them."""
        units = []
        for partner in self.partner_list:
            rep = self.representatives[partner.name].holder(date)
            sub = self.substitutes[partner.name].holder(date)
            units.append(
                {
                    "key": f"partner-{partner.name}",  # made final once partners have ids
                    "label": partner.name,
                    "partner_id": None,
                    "representatives": [rep],
                    "substitutes": [sub],
                }
            )
        return units

    def ballot(
        self,
        proposal: Proposal,
        item: AgendaItem,
        casters: dict[str, Membership],
        *,
        round_number: int,
        dissent: dict[str, str],
    ) -> bool:
        """A closed vote by every partner; ``dissent`` names partners not voting for."""
        meeting: Meeting = item.meeting
        second = round_number > 1
        values = {name: dissent.get(name, VoteValue.FOR) for name in casters}
        outcome = evaluate(
            self.fallback if second else self.rule,
            [Unit(id=p.name) for p in self.partner_list],
            values,
        )
        tally = outcome.tally
        ballot = self.add(
            Ballot(
                proposal=proposal,
                meeting=meeting,
                agenda_item=item,
                round=round_number,
                constitution_version=self.version,
                rule=FALLBACK_RULE if second else DECISION_RULE,
                rule_source=RuleSource.FALLBACK_RULE if second else RuleSource.DECISION_RULE,
                units=self.units(meeting.date),
                is_open=False,
                closed_at=datetime.datetime.combine(
                    meeting.date, datetime.time(11, 30), tzinfo=datetime.UTC
                ),
                outcome=outcome.outcome,
                votes_for=int(tally.for_),
                votes_against=int(tally.against),
                abstentions=int(tally.abstain),
                absent=int(tally.absent),
                base=int(tally.base),
                required=outcome.required,
                reason=outcome.reason,
            )
        )
        for partner in self.partner_list:
            self.add(
                Vote(
                    ballot=ballot,
                    unit=partner.name,  # made final once partners have ids
                    partner=partner,
                    cast_by=casters[partner.name].person,
                    value=values[partner.name],
                )
            )
        return outcome.carried

    def carried(self, proposal: Proposal, on: datetime.date) -> None:
        proposal.state = ProposalState.CARRIED
        proposal.decided_on = on
        # As mark_carried, less closure days: the demo has none, and so needs no query here.
        proposal.takes_effect_on = WorkingDays(with_closures=False).after(on, CALL_IN_DAYS)
        proposal._decide.status = StageStatus.DONE  # type: ignore[attr-defined]
        proposal._decide.completed_on = on  # type: ignore[attr-defined]

    def proposal(
        self, kind: str, title: str, on: datetime.date, recommended: Meeting | None
    ) -> Proposal:
        lead = self.team.holder(on)
        proposal = self.add(
            Proposal(
                title=title,
                kind=kind,
                summary=f"The officers' recommendation: {title[0].lower()}{title[1:]}.",
                owner=lead.person if lead else None,
                deciding_body=self.board,
                state=ProposalState.TABLED,
            )
        )
        order = 1
        if recommended is not None:
            self.add(
                Stage(
                    proposal=proposal,
                    order=1,
                    kind=StageKind.RECOMMEND,
                    body=self.officers,
                    status=StageStatus.DONE,
                    completed_on=recommended.date,
                )
            )
            order = 2
        proposal._decide = self.add(  # type: ignore[attr-defined,unused-ignore]
            Stage(proposal=proposal, order=order, kind=StageKind.DECIDE, body=self.board)
        )
        return proposal

    def title(self, meeting: Meeting) -> tuple[str, str]:
        month = meeting.date.month
        if month == 2 and not meeting._plan_done:  # type: ignore[attr-defined]
            meeting._plan_done = True  # type: ignore[attr-defined]
            year = meeting.date.year
            return ProposalKind.ANNUAL_FINANCIAL_PLAN, f"Annual financial plan {year}-{year + 1}"
        if month == 3 and not meeting._plan_done:  # type: ignore[attr-defined]
            meeting._plan_done = True  # type: ignore[attr-defined]
            year = meeting.date.year
            return ProposalKind.ANNUAL_PLAN, f"Annual plan {year}-{year + 1}"
        kinds = [k for k, _, _ in DECIDING_KINDS]
        weights = [w for _, w, _ in DECIDING_KINDS]
        kind = self.rng.choices(kinds, weights)[0]
        pattern = next(p for k, _, p in DECIDING_KINDS if k == kind)
        return kind, pattern.format(
            service=self.rng.choice(SERVICE_TYPES), group=self.rng.choice(CLIENT_GROUPS)
        )

    def meetings(self) -> None:
        """Ten years of the board's and the officers' meetings, held and to come, with the
        decisions taken at each and the disputes that followed the few split votes."""
        board_day = (self.rng.randint(0, 4), self.rng.randint(1, 3))
        officers_day = (self.rng.randint(0, 4), 1)
        board_meetings: list[Meeting] = []
        officers_meetings: list[Meeting] = []
        for year, month in months(self.today, self.spec.years):
            if month + 1 != 8:
                date = nth_weekday(year, month, *board_day)
                board_meetings.append(self.meeting(self.board, date, public=True))
            if month + 1 in {2, 3, 5, 6, 7, 9, 10, 11}:
                date = nth_weekday(year, month, *officers_day)
                officers_meetings.append(self.meeting(self.officers, date, public=False))
        for meetings in (board_meetings, officers_meetings):
            for meeting in meetings:
                meeting._items = []  # type: ignore[attr-defined]
                meeting._plan_done = False  # type: ignore[attr-defined]
            held = [m for m in meetings if m.date < self.today]
            for earlier, later in itertools.pairwise(held):
                earlier.status = MeetingStatus.MINUTES_APPROVED
                self.approvals.append((earlier, later))
        for meeting in officers_meetings:
            self.officers_agenda(meeting)
        returning: list[tuple[Proposal, int, dict[str, str]]] = []
        for meeting in board_meetings:
            returning = self.board_agenda(meeting, officers_meetings, returning)

    def officers_agenda(self, meeting: Meeting) -> None:
        for title in ("Apologies", "Notes of the last meeting"):
            self.item(meeting, title)
        for _ in range(self.rng.randint(6, 13)):
            self.item(
                meeting,
                f"Recommendation: {self.rng.choice(SERVICE_TYPES)} for "
                f"{self.rng.choice(CLIENT_GROUPS)}",
                minutes="Recommended to the Commissioning Body."
                if meeting.date < self.today
                else "",
            )
        if meeting.date < self.today:
            for seat in self.officer_seats:
                term = seat.holder(meeting.date)
                if term is not None:
                    self.add(
                        Attendance(
                            meeting=meeting,
                            person=term.person,
                            partner=seat.partner,
                            status="present" if self.rng.random() < 0.85 else "apologies",
                        )
                    )

    def board_agenda(
        self,
        meeting: Meeting,
        officers_meetings: list[Meeting],
        returning: list[tuple[Proposal, int, dict[str, str]]],
    ) -> list[tuple[Proposal, int, dict[str, str]]]:
        """One board meeting: standing items, the proposals returning from a dispute, new
        proposals (recommended by the officers' last meeting before it) and reports."""
        held = meeting.date < self.today
        total = self.rng.randint(8, 15)
        for title in ("Apologies and substitutes", "Declarations of interest"):
            self.item(meeting, title)
        self.item(meeting, "Minutes of the last meeting")
        casters = self.attend(meeting) if held else {}
        lead = self.team.holder(meeting.date)
        recommended = max(
            (m for m in officers_meetings if m.date < meeting.date),
            key=lambda m: m.date,
            default=None,
        )
        still: list[tuple[Proposal, int, dict[str, str]]] = []
        for proposal, round_number, dissent in returning:
            item = self.item(
                meeting,
                f"{proposal.title} (returning)",
                summary="Returns after the dispute at the last meeting.",
                proposal=proposal,
                lead_officer=lead.person if lead else None,
            )
            if not held:
                proposal.state = ProposalState.TABLED
                continue
            if self.ballot(proposal, item, casters, round_number=round_number, dissent=dissent):
                self.carried(proposal, meeting.date)
                item.minutes = "Carried at the second meeting."
            else:  # still split at the second meeting: the proposal is withdrawn
                proposal.state = ProposalState.WITHDRAWN
                self.add(
                    DisputeStep(
                        proposal=proposal,
                        kind=DisputeStepKind.WITHDRAW,
                        taken_on=meeting.date,
                        body=self.board,
                        note="Withdrawn by the lead officer after the second meeting.",
                    )
                )
        deciding = self.rng.randint(2, min(6, total - 5))
        for _ in range(deciding):
            kind, title = self.title(meeting)
            proposal = self.proposal(kind, title, meeting.date, recommended)
            exempt = kind == ProposalKind.TENDER_AWARD
            item = self.item(
                meeting,
                title,
                summary=proposal.summary,
                proposal=proposal,
                lead_officer=proposal.owner,
                **(EXEMPT if exempt else {}),
            )
            if not held:
                continue
            dissent = {}
            if self.rng.random() < NOT_UNANIMOUS:
                for partner in self.rng.sample(self.partner_list, self.rng.choice((1, 1, 2))):
                    dissent[partner.name] = self.rng.choice(
                        (VoteValue.AGAINST, VoteValue.AGAINST, VoteValue.ABSTAIN)
                    )
            if self.ballot(proposal, item, casters, round_number=1, dissent=dissent):
                self.carried(proposal, meeting.date)
                item.minutes = "Agreed unanimously."
                continue
            item.minutes = "Not carried; the constitution's conflict route applies."
            still.append(self.dispute(proposal, meeting, dissent))
        while len(meeting._items) < total - 1:  # type: ignore[attr-defined]
            title = self.rng.choice(REPORTS)
            exempt = title == "Contract monitoring exceptions"
            self.item(
                meeting,
                title,
                **(EXEMPT if exempt else {}),
                minutes="Noted." if held else "",
            )
        self.item(meeting, "Any other business")
        return still

    def dispute(
        self, proposal: Proposal, meeting: Meeting, dissent: dict[str, str]
    ) -> tuple[Proposal, int, dict[str, str]]:
        """The route after a split vote: a compromise (the amended proposal returns and is
        agreed by all), or an escalation to the chief executives, whose meeting finds no
        change, and a second meeting where the fallback majority decides."""
        proposal.state = ProposalState.DISPUTED
        if self.rng.random() < 0.6:
            self.add(
                DisputeStep(
                    proposal=proposal,
                    kind=DisputeStepKind.COMPROMISE,
                    taken_on=meeting.date,
                    body=self.board,
                    note="The lead officer to seek an amended proposal with the partners.",
                )
            )
            return proposal, 2, {}
        proposal.state = ProposalState.ESCALATED
        self.add(
            DisputeStep(
                proposal=proposal,
                kind=DisputeStepKind.ESCALATE,
                taken_on=meeting.date,
                body=self.chiefs,
                note="Referred to the Chief Executives' Group.",
            )
        )
        date = meeting.date + datetime.timedelta(days=14)
        if date < self.today:
            chiefs = self.meeting(self.chiefs, date, public=False)
            chiefs.status = MeetingStatus.HELD
            chiefs.title = "Chief Executives' Group (escalated dispute)"
            chiefs._items = []  # type: ignore[attr-defined]
            self.item(chiefs, f"Escalated: {proposal.title}", proposal=proposal)
            for seat in self.chief_seats:
                term = seat.holder(date)
                if term is not None:
                    self.add(
                        Attendance(
                            meeting=chiefs,
                            person=term.person,
                            partner=seat.partner,
                            status="present",
                        )
                    )
            self.add(
                DisputeStep(
                    proposal=proposal,
                    kind=DisputeStepKind.ESCALATION_RESULT,
                    taken_on=date,
                    body=self.chiefs,
                    result=EscalationResult.NO_CHANGE,
                    note="No change: the proposal returns to a second meeting as it was.",
                )
            )
            self.add(
                DisputeStep(
                    proposal=proposal,
                    kind=DisputeStepKind.SECOND_MEETING,
                    taken_on=date,
                    body=self.board,
                )
            )
        return proposal, 2, dissent

    def build(self) -> Built:
        self.register()
        self.meetings()
        return Built(self.partnership, self.tables, self.approvals)


def build(spec: Country) -> Built:
    """One partnership of the country, unsaved and deterministic for its seed."""
    return Builder(spec).build()


# ------------------------------------------------------------------ loading


def _finalise_keys(built: Built) -> None:
    """Once partners and people have ids, write the ids the ballots and votes refer to."""
    ids = {p.name: p.pk for p in built.tables[Partner]}  # type: ignore[attr-defined]
    for ballot in built.tables[Ballot]:
        for unit in ballot.units:  # type: ignore[attr-defined]
            unit["partner_id"] = ids[unit["label"]]
            unit["key"] = f"partner-{unit['partner_id']}"
            unit["representatives"] = [m.person.pk for m in unit["representatives"]]
            unit["substitutes"] = [m.person.pk for m in unit["substitutes"]]
    for vote in built.tables[Vote]:
        vote.unit = f"partner-{ids[vote.unit]}"  # type: ignore[attr-defined]


def insert(model: type[models.Model], objects: list[models.Model]) -> None:
    """Insert new rows, setting their ids: PostgreSQL's COPY with ids drawn from the table's
    sequence, elsewhere ``bulk_create`` in batches."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return
    meta = model._meta
    fields = meta.concrete_fields
    relations = [f for f in fields if f.is_relation]
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [meta.db_table, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(meta.db_table)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                for relation in relations:  # the ids of related rows inserted before
                    related = relation.get_cached_value(obj, None)  # type: ignore[attr-defined]
                    if related is not None and getattr(obj, relation.attname) is None:
                        setattr(obj, relation.attname, related.pk)
                row = []
                for f in fields:
                    value = f.pre_save(obj, add=True)  # auto_now(_add) stamps
                    row.append(Jsonb(value) if f.attname in json_fields else value)
                copy.write_row(row)
                obj._state.adding, obj._state.db = False, connection.alias


@transaction.atomic
def load(built: Built) -> Counter[str]:
    """Insert one partnership in one transaction, in batches, and audit the load."""
    built.partnership.save()
    rows: Counter[str] = Counter({"partnership": 1})
    for model, objects in built.tables.items():
        if model is Ballot:
            _finalise_keys(built)
        insert(model, objects)
        rows[model._meta.model_name or model.__name__] += len(objects)
    for meeting, approver in built.approvals:
        meeting.minutes_approved_at = approver
    Meeting.objects.bulk_update(
        [m for m, _ in built.approvals], ["minutes_approved_at"], batch_size=BATCH
    )
    audit_record(
        actor=None,
        action="demo.national_load",
        obj=built.partnership,
        changes={"rows": [None, dict(sorted(rows.items()))]},
    )
    rows["auditevent"] += 1
    return rows


def national_load(
    *,
    partnerships: int = NATIONAL,
    seed: int = 0,
    today: datetime.date,
    years: int = YEARS,
    progress: Callable[[int, Counter[str]], None] | None = None,
) -> LoadReport:
    """Build and insert the country, skipping partnerships already loaded. ``progress`` is
    called after each partnership with its number and the rows it added."""
    report = LoadReport()
    started = time.perf_counter()
    existing = set(
        Partnership.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
    )
    for spec in country(partnerships=partnerships, seed=seed, today=today, years=years):
        if spec.slug in existing:
            report.partnerships_skipped += 1
            if progress:
                progress(spec.index, Counter())
            continue
        rows = load(build(spec))
        report.rows.update(rows)
        if progress:
            progress(spec.index, rows)
    report.seconds = time.perf_counter() - started
    return report
