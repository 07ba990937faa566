"""The demo's strategies and annual plans (issue 15 item 5).

What the seeds give:

- Seed 000 (Oxfordshire, report of 11 December 2009, paragraph 12): the Commissioning Body
  decided the Strategy 2004-09 (disputed 24 November 2004 "in relation to resident wardens
  in sheltered housing", carried on an amended proposal), an Amendment of the Strategy
  2004-09 "in relation to services for young people (including teenage parents)" (6
  October 2005), and the Strategy 2008-11 and Annual Plan 2008-09 (11 July 2008, resident
  wardens again). The demo's history (accord/demo/history.py) carries those decisions;
  the strategies below are adopted by them, and the annual plan actions are carried out
  by them. Their titles, years and adopting decisions are the seed's.
- Seed 004 (Gloucestershire): the Partnership Board "approves the 5 year strategy"; the
  partnership "has defined target outcomes based on a range of evidence of needs" and
  redesigned services towards "floating support services ... as opposed to people having
  to move to alternative accommodation". The seed names no strategy's years: the demo's
  Gloucestershire strategies take seed 000's periods (2004-09, 2008-11), and the Board's
  decisions adopting them (their meetings, dates and votes) are invented. The demo records
  no constitution for Gloucestershire elsewhere; one is recorded here (a unanimity rule,
  invented) only when Gloucestershire has none, so that its decisions can be voted on.

Everything else (each target's figure and date, each baseline date, each intention and its
reasons, each action and its date and status, each summary) is invented and marked
illustrative. No target's current value is typed: each is read from the demo's services
directory as its history says it stood (accord/commissioning/measures.py), so the figures
the pages show follow from the demo services' invented capacities.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any, Protocol

from accord.commissioning import services as commissioning
from accord.commissioning.models import ClientGroup, Service, Strategy
from accord.decisions import services as decisions
from accord.decisions.models import Proposal
from accord.governance import services as governance
from accord.governance.models import Body, ConstitutionVersion
from accord.meetings import services as meetings
from accord.meetings.models import Meeting, MeetingStatus
from accord.partnerships.models import Partnership

from . import gloucestershire as glos
from . import oxfordshire as oxon
from .history import DISPUTES
from .illustrative import illustrative_mark
from .load_history import representatives

D = datetime.date
CG = ClientGroup

# The seed's decisions in Oxfordshire, by the titles the demo's history gives them.
OXON_STRATEGY_2004 = DISPUTES[0]["documents"][0]["title"]
OXON_YOUNG_PEOPLE_2005 = DISPUTES[1]["documents"][0]["title"]
OXON_STRATEGY_2008 = DISPUTES[2]["documents"][0]["title"]
OXON_ANNUAL_PLAN_2008 = DISPUTES[2]["documents"][1]["title"]

# Gloucestershire's Board decisions, invented (seed 004 says only that the Board approves
# the five-year strategy): title, meeting date.
GLOS_STRATEGY_2004 = "Supporting People Strategy 2004-09"
GLOS_STRATEGY_2008 = "Supporting People Strategy 2008-11"
GLOS_DECISIONS = [
    (GLOS_STRATEGY_2004, D(2004, 11, 17)),
    (GLOS_STRATEGY_2008, D(2008, 7, 16)),
]
GLOS_PLACE = "Shire Hall, Westgate Street, Gloucester"  # illustrative
GLOS_CONSTITUTION: dict[str, Any] = {
    "title": "Partnership Board terms of reference",
    "summary": "Cheltenham's account of the programme describes the Board's functions, not "
    "its decision rule: this one is invented so that the Board's decisions can be voted on.",
    "rule": {"kind": "unanimity", "base": "all"},
}


@dataclass(frozen=True)
class DemoOutcome:
    title: str
    measure: str
    filters: dict[str, Any]
    baseline_date: datetime.date
    target_figure: int
    target_date: datetime.date

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "measure": self.measure,
            **self.filters,
            "baseline_date": self.baseline_date,
            "target_figure": self.target_figure,
            "target_date": self.target_date,
        }


@dataclass(frozen=True)
class DemoAction:
    year: int
    text: str
    due: datetime.date
    status: str
    proposals: tuple[str, ...] = ()
    services: tuple[str, ...] = ()  # service references


@dataclass(frozen=True)
class DemoStrategy:
    title: str
    first_year: int
    last_year: int
    status: str
    decision: str
    summary: str
    outcomes: tuple[DemoOutcome, ...]
    intentions: tuple[tuple[int, str, str], ...]  # client group, direction, why
    actions: tuple[DemoAction, ...]
    invented: frozenset[str] = field(default_factory=frozenset)  # the strategy's own fields


FLOATING_PLACES = {"delivery_model": "floating", "capacity_unit": "places"}
FLOATING_HOURS = {"delivery_model": "floating", "capacity_unit": "hours"}
ACCOMMODATION_UNITS = {"delivery_model": "accommodation", "capacity_unit": "units"}
SHELTERED_UNITS = {"service_type": "sheltered", "capacity_unit": "units"}
END_2004 = D(2009, 3, 31)
END_2008 = D(2011, 3, 31)

OXFORDSHIRE = [
    DemoStrategy(
        OXON_STRATEGY_2004, 2004, 2008, "superseded", OXON_STRATEGY_2004,
        "The first five-year Supporting People strategy, amended on resident wardens in "
        "sheltered housing (2005) and on services for young people, including teenage "
        "parents (amended December 2005).",
        outcomes=(
            DemoOutcome("More people supported in their own homes by floating support",
                        "capacity", FLOATING_PLACES, D(2004, 4, 1), 1900, END_2004),
            DemoOutcome("Fewer units of accommodation-based support",
                        "capacity", ACCOMMODATION_UNITS, D(2004, 4, 1), 1000, END_2004),
            DemoOutcome("More services for young people at risk",
                        "services", {"client_group": CG.YOUNG_PEOPLE_AT_RISK}, D(2004, 4, 1),
                        2, END_2004),
        ),
        intentions=(
            (CG.OLDER_PEOPLE, "remodel", "Resident wardens in sheltered housing to become "
             "support that comes to older people wherever they live."),
            (CG.FRAIL_ELDERLY, "maintain", "Extra care and alarms kept as they are while "
             "sheltered housing is remodelled."),
            (CG.YOUNG_PEOPLE_AT_RISK, "increase", "More floating support and supported "
             "housing for young people (the amendment of 2005)."),
            (CG.TEENAGE_PARENTS, "increase", "Supported housing for teenage parents in "
             "Banbury and Oxford (the amendment of 2005)."),
            (CG.SINGLE_HOMELESS, "maintain", "Direct access hostel places held while move-on "
             "improves."),
            (CG.DOMESTIC_VIOLENCE, "increase", "Floating support beside the refuges."),
            (CG.MENTAL_HEALTH, "remodel", "Supported housing remodelled towards floating "
             "support."),
        ),
        actions=(
            DemoAction(2004, "Review resident warden services in sheltered housing with "
                       "each district council", D(2005, 3, 31), "done",
                       (OXON_STRATEGY_2004,), ("OXON-0001", "OXON-0002")),
            DemoAction(2005, "Commission services for young people, including teenage "
                       "parents, as the amendment of the strategy sets out", D(2006, 3, 31),
                       "done", (OXON_YOUNG_PEOPLE_2005,), ("OXON-0010", "OXON-0011")),
            DemoAction(2006, "Grow floating support for older people in their own homes",
                       D(2007, 3, 31), "done", (), ("OXON-0007",)),
        ),
    ),
    DemoStrategy(
        OXON_STRATEGY_2008, 2008, 2010, "adopted", OXON_STRATEGY_2008,
        "The Supporting People strategy 2008-11, including resident wardens in sheltered "
        "housing: adopted by the majority decision the County Council's Chief Executive "
        "approved (report of 11 December 2009, paragraph 17).",
        outcomes=(
            DemoOutcome("More people supported in their own homes by floating support",
                        "capacity", FLOATING_PLACES, D(2008, 4, 1), 2150, END_2008),
            DemoOutcome("More hours of floating support", "capacity", FLOATING_HOURS,
                        D(2008, 4, 1), 1400, END_2008),
            DemoOutcome("Fewer sheltered housing units with a resident warden",
                        "capacity", SHELTERED_UNITS, D(2008, 4, 1), 740, END_2008),
        ),
        intentions=(
            (CG.OLDER_PEOPLE, "remodel", "Resident wardens replaced by visiting support "
             "and alarms across the county."),
            (CG.YOUNG_PEOPLE_AT_RISK, "maintain", "Services grown under the 2004-09 "
             "strategy held."),
            (CG.TEENAGE_PARENTS, "maintain", "Services grown under the 2004-09 strategy "
             "held."),
            (CG.OFFENDERS, "maintain", "Supported housing with the probation service."),
            (CG.DRUGS, "remodel", "Dry houses remodelled towards floating support."),
            (CG.ROUGH_SLEEPERS, "increase", "More street outreach in Oxford."),
        ),
        actions=(
            DemoAction(2008, "Remodel resident warden services in sheltered housing",
                       D(2009, 3, 31), "done", (OXON_STRATEGY_2008, OXON_ANNUAL_PLAN_2008),
                       ("OXON-0001", "OXON-0002")),
            DemoAction(2009, "Extend street outreach to rough sleepers in Oxford",
                       D(2010, 3, 31), "in_progress", (), ("OXON-0009",)),
        ),
    ),
]  # fmt: skip

# Seed 004 names no years nor title for Gloucestershire's strategies.
GLOS_INVENTED = frozenset({"title", "first_year", "last_year"})

GLOUCESTERSHIRE = [
    DemoStrategy(
        GLOS_STRATEGY_2004, 2004, 2008, "superseded", GLOS_STRATEGY_2004,
        "The first five-year Supporting People strategy, with target outcomes "
        "based on the evidence of need: usage of services, statutory homelessness and "
        "projections.",
        outcomes=(
            DemoOutcome("More people supported in their own homes by floating support",
                        "capacity", FLOATING_PLACES, D(2004, 4, 1), 1900, END_2004),
            DemoOutcome("Fewer units of accommodation-based support",
                        "capacity", ACCOMMODATION_UNITS, D(2004, 4, 1), 1100, END_2004),
        ),
        intentions=(
            (CG.OLDER_PEOPLE, "remodel", "Sheltered housing wardens towards floating "
             "support to older people in their own homes."),
            (CG.YOUNG_PEOPLE_AT_RISK, "increase", "Floating support for young people "
             "beside the Foyer."),
            (CG.TEENAGE_PARENTS, "maintain", "The Teenage Parents Project kept."),
            (CG.DOMESTIC_VIOLENCE, "increase", "Floating support beside the refuge."),
            (CG.HOMELESS_FAMILIES, "remodel", "Hostel places towards resettlement "
             "support."),
            (CG.MENTAL_HEALTH, "remodel", "Supported housing towards floating support."),
        ),
        actions=(
            DemoAction(2004, "Tender floating support for older people", D(2005, 3, 31),
                       "done", (GLOS_STRATEGY_2004,), ("GLOS-0006",)),
            DemoAction(2005, "Reduce homeless families hostel places as resettlement "
                       "support grows", D(2006, 3, 31), "done", (), ("GLOS-0014", "GLOS-0015")),
        ),
        invented=GLOS_INVENTED,
    ),
    DemoStrategy(
        GLOS_STRATEGY_2008, 2008, 2010, "adopted", GLOS_STRATEGY_2008,
        "The strategy for a continually reducing budget: floating support in "
        "place of accommodation-based support, and efficiency through benchmarking and "
        "service quality reviews.",
        outcomes=(
            DemoOutcome("More people supported in their own homes by floating support",
                        "capacity", FLOATING_PLACES, D(2008, 4, 1), 2250, END_2008),
            DemoOutcome("Fewer sheltered housing units with a resident warden",
                        "capacity", SHELTERED_UNITS, D(2008, 4, 1), 700, END_2008),
        ),
        intentions=(
            (CG.OLDER_PEOPLE, "remodel", "Wardens replaced by floating support and alarms."),
            (CG.SINGLE_HOMELESS, "maintain", "Direct access hostel places held."),
            (CG.ROUGH_SLEEPERS, "maintain", "Outreach held."),
            (CG.ALCOHOL, "remodel", "Dry house towards floating support."),
            (CG.LEARNING_DISABILITIES, "maintain", "Supported living held."),
            (CG.REFUGEES, "decommission", "Resettlement support ends as need falls."),
        ),
        actions=(
            DemoAction(2008, "Remodel sheltered housing wardens in Cheltenham towards "
                       "floating support", D(2009, 3, 31), "done", (GLOS_STRATEGY_2008,),
                       ("GLOS-0001", "GLOS-0027")),
            DemoAction(2009, "Review the dry house against floating support for people "
                       "with alcohol problems", D(2010, 3, 31), "in_progress", (),
                       ("GLOS-0013",)),
        ),
        invented=GLOS_INVENTED,
    ),
]  # fmt: skip

STRATEGIES = {"oxfordshire": OXFORDSHIRE, "gloucestershire": GLOUCESTERSHIRE}


class Counter(Protocol):
    def count(self, kind: str, *, was_created: bool) -> None: ...


# ---------------------------------------------------------------- Gloucestershire's decisions


def glos_constitution(partnership: Partnership, board: Body) -> None:
    """A rule for the Board, when Gloucestershire has no constitution recorded."""
    if ConstitutionVersion.objects.filter(partnership=partnership).exists():
        return
    version = governance.constitution_version_create(
        actor=None,
        partnership=partnership,
        title=GLOS_CONSTITUTION["title"],
        summary=GLOS_CONSTITUTION["summary"],
    )
    governance.body_rule_set(
        actor=None, version=version, body=board, decision_rule=GLOS_CONSTITUTION["rule"]
    )
    version = governance.constitution_record_founding(
        actor=None, version=version, start_date=oxon.PROGRAMME_START
    )
    illustrative_mark(actor=None, row=version, fields=["title", "summary", "start_date"])


def glos_decision(partnership: Partnership, title: str, on: datetime.date) -> Proposal:
    """A strategy the Board carried unanimously at a meeting (all invented)."""
    existing = Proposal.objects.filter(partnership=partnership, title=title).first()
    if existing is not None:
        return existing
    board = Body.objects.filter(partnership=partnership).get(name=glos.BOARD)
    glos_constitution(partnership, board)
    meeting = Meeting.objects.filter(body=board, date=on).first()
    if meeting is None:
        meeting = meetings.meeting_schedule(
            actor=None, body=board, date=on, place=GLOS_PLACE, start_time=datetime.time(14)
        )
        illustrative_mark(actor=None, row=meeting, fields=["date", "place", "start_time"])
    proposal = decisions.proposal_create(
        actor=None,
        partnership=partnership,
        title=title,
        kind="strategy",
        summary="The Partnership Board approves the five-year strategy.",
        deciding_body=board,
        on=on,
    )
    decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting = meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    ballot = decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting)
    people = representatives(board, on)
    for unit in ballot.units:
        decisions.vote_cast(
            actor=None,
            ballot=ballot,
            unit=unit["key"],
            cast_by=people[unit["label"]],
            value="for",
            for_the_record=True,
        )
    ballot = decisions.ballot_close(actor=None, ballot=ballot)
    illustrative_mark(actor=None, row=ballot, fields=["votes_for", "abstentions", "absent"])
    for cast in ballot.votes.all():
        illustrative_mark(actor=None, row=cast, fields=["value"])
    if meeting.status == MeetingStatus.AGENDA_PUBLISHED:
        meetings.meeting_mark_held(actor=None, meeting=meeting, today=on)
    proposal.refresh_from_db()
    return illustrative_mark(
        actor=None, row=proposal, fields=["title", "summary", "decided_on", "takes_effect_on"]
    )


# ---------------------------------------------------------------- the strategies


def load_strategy(partnership: Partnership, data: DemoStrategy, report: Counter) -> Strategy:
    """One demo strategy, found by its title; when missing, entered with its outcomes,
    intentions and annual plan actions. A strategy already there is left as it is."""
    existing = Strategy.objects.filter(partnership=partnership, title=data.title).first()
    if existing is not None:
        report.count("strategies", was_created=False)
        return existing
    report.count("strategies", was_created=True)
    proposals = {p.title: p for p in Proposal.objects.filter(partnership=partnership)}
    strategy = commissioning.strategy_create(
        actor=None,
        partnership=partnership,
        title=data.title,
        summary=data.summary,
        first_year=data.first_year,
        last_year=data.last_year,
        status=data.status,
        decision=proposals[data.decision],
    )
    illustrative_mark(actor=None, row=strategy, fields=sorted({"summary", *data.invented}))
    for outcome in data.outcomes:
        made = commissioning.outcome_create(actor=None, strategy=strategy, **outcome.values())
        marked = ["title", "target_figure", "target_date", "baseline_date"]
        illustrative_mark(actor=None, row=made, fields=marked)
    for client_group, direction, why in data.intentions:
        intention = commissioning.intention_create(
            actor=None,
            strategy=strategy,
            client_group=client_group,
            direction=direction,
            rationale=why,
        )
        illustrative_mark(actor=None, row=intention, fields=["direction", "rationale"])
    services = {s.reference: s for s in Service.objects.filter(partnership=partnership)}
    for action in data.actions:
        made_action = commissioning.action_create(
            actor=None,
            strategy=strategy,
            financial_year=action.year,
            text=action.text,
            due_date=action.due,
            status=action.status,
            proposals=[proposals[title] for title in action.proposals],
            services=[services[ref] for ref in action.services if ref in services],
        )
        illustrative_mark(actor=None, row=made_action, fields=["text", "due_date", "status"])
    return strategy


def load_strategies(partnership: Partnership, report: Counter) -> list[Strategy]:
    """The partnership's demo strategies (after its services and decisions)."""
    if partnership.slug == "gloucestershire":
        for title, on in GLOS_DECISIONS:
            glos_decision(partnership, title, on)
    return [
        load_strategy(partnership, data, report) for data in STRATEGIES.get(partnership.slug, [])
    ]
