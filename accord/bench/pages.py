"""The pages measured against their floor: the same data fetched by hand-written SQL, run
directly on the same database through its driver, with nothing of Django in between.

Each page is requested through Django's whole stack in process (middleware, sign-in,
policy, selectors, templates), as a member of the partnership. Each floor fetches what that
page shows, in as few statements as SQL allows: the partnership or meeting, the rows, and
(for the register) the count that paginates them.
"""

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.audit.services import audit_record
from accord.budget.models import Pool
from accord.commissioning.models import Contract, Service
from accord.decisions.models import Proposal, ProposalState
from accord.governance.models import Body, BodyKind, Membership, MembershipRole
from accord.meetings.models import Meeting, MeetingStatus
from accord.partnerships.models import Partnership

from . import budget, contracts
from .measure import Result, interleaved

VIEWER = "bench-member"


@dataclass
class Page:
    name: str
    url: str
    floor_name: str
    floor: Callable[[psycopg.Connection[Any]], object]


@dataclass
class Target:
    """Where the pages are measured: the partnership whose board met most."""

    partnership: Partnership
    board: Body
    meeting: Meeting
    on: datetime.date


def target(today: datetime.date) -> Target:
    """The busiest deciding body of the country (most meetings), its partnership, and its
    held meeting with the longest agenda."""
    board = (
        Body.objects.filter(kind=BodyKind.DECIDING_BOARD, partnership__slug__startswith="national-")
        .annotate(meetings_count=Count("meetings"))
        .select_related("partnership")
        .order_by("-meetings_count", "pk")
        .first()
    )
    if board is None:
        raise LookupError("No national demo data: run accord demo --scale national first")
    meeting = (
        Meeting.objects.filter(body=board, status=MeetingStatus.MINUTES_APPROVED)
        .annotate(items_count=Count("items"))
        .order_by("-items_count", "-date")
        .first()
    )
    if meeting is None:
        raise LookupError(f"{board} has held no meeting yet")
    return Target(board.partnership, board, meeting, on=today - datetime.timedelta(days=4 * 365))


def viewer(partnership: Partnership, on: datetime.date) -> Any:
    """A signed-in member of the partnership: a voting representative in office today."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=VIEWER)
    seat = (
        Membership.objects.current(on=on)
        .filter(partnership=partnership, role=MembershipRole.VOTING_REPRESENTATIVE)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    if seat is None:
        raise LookupError(f"Nobody holds a voting seat in {partnership} today")
    if seat.person.user_id != user.pk:
        seat.person.user = user
        seat.person.save(update_fields=["user"])
        audit_record(
            actor=None,
            action="bench.viewer",
            obj=seat.person,
            changes={"user_id": [None, user.pk]},
        )
    return user


def pages(t: Target, today: datetime.date) -> list[Page]:
    slug = t.partnership.slug
    partnership_id, meeting_id, body_id = t.partnership.pk, t.meeting.pk, t.board.pk

    def register(db: psycopg.Connection[Any]) -> object:
        with db.cursor() as cur:
            cur.execute("SELECT id, name FROM partnerships_partnership WHERE slug = %s", [slug])
            cur.fetchall()
            cur.execute(
                "SELECT count(*) FROM decisions_proposal WHERE partnership_id = %s AND state = %s",
                [partnership_id, ProposalState.CARRIED],
            )
            cur.fetchall()
            cur.execute(
                """SELECT p.id, p.title, p.kind, p.state, p.decided_on, p.takes_effect_on,
                          p.outside_constitution, b.name
                   FROM decisions_proposal p JOIN governance_body b ON b.id = p.deciding_body_id
                   WHERE p.partnership_id = %s AND p.state = %s
                   ORDER BY p.decided_on DESC, p.created_at DESC LIMIT 50 OFFSET 50""",
                [partnership_id, ProposalState.CARRIED],
            )
            return cur.fetchall()

    def meeting(db: psycopg.Connection[Any]) -> object:
        with db.cursor() as cur:
            cur.execute(
                """SELECT m.id, m.title, m.date, m.start_time, m.end_time, m.place, m.status,
                          b.name, n.date
                   FROM meetings_meeting m JOIN governance_body b ON b.id = m.body_id
                   LEFT JOIN meetings_meeting n ON n.id = m.minutes_approved_at_id
                   WHERE m.id = %s""",
                [meeting_id],
            )
            cur.fetchall()
            cur.execute(  # the agenda with each item's proposal, lead officer and outcomes
                """SELECT i.number, i.title, i.summary, i.is_exempt, i.exempt_reason, i.minutes,
                          p.id, p.title, p.state, o.name, v.round, v.outcome, v.votes_for,
                          v.votes_against, v.abstentions, v.absent, v.required, v.reason,
                          v.audit_sequence, v.audit_hash
                   FROM meetings_agendaitem i
                   LEFT JOIN decisions_tabling t ON t.item_id = i.id
                   LEFT JOIN decisions_proposal p ON p.id = t.proposal_id
                   LEFT JOIN governance_person o ON o.id = i.lead_officer_id
                   LEFT JOIN decisions_ballot v ON v.agenda_item_id = i.id
                   WHERE i.meeting_id = %s ORDER BY i.number, v.round""",
                [meeting_id],
            )
            cur.fetchall()
            cur.execute(
                """SELECT x.item_id, x.interest, x.bars_participation, d.name
                   FROM meetings_declaration x
                   JOIN meetings_agendaitem i ON i.id = x.item_id
                   JOIN governance_person d ON d.id = x.person_id WHERE i.meeting_id = %s""",
                [meeting_id],
            )
            cur.fetchall()
            cur.execute(
                """SELECT a.status, pe.name, pa.name, s.name FROM meetings_attendance a
                   JOIN governance_person pe ON pe.id = a.person_id
                   LEFT JOIN governance_partner pa ON pa.id = a.partner_id
                   LEFT JOIN governance_person s ON s.id = a.substitute_for_id
                   WHERE a.meeting_id = %s ORDER BY pa.name, pe.name""",
                [meeting_id],
            )
            cur.fetchall()
            cur.execute(  # the voting seats that day, against which the quorum is measured
                """SELECT ms.role, ms.person_id, pa.name FROM governance_membership ms
                   JOIN meetings_meeting m ON m.body_id = ms.body_id
                   LEFT JOIN governance_partner pa ON pa.id = ms.partner_id
                   WHERE m.id = %s AND ms.start_date <= m.date
                     AND (ms.end_date IS NULL OR ms.end_date >= m.date)
                     AND ms.role IN ('voting_representative', 'substitute')""",
                [meeting_id],
            )
            return cur.fetchall()

    def forward_plan(db: psycopg.Connection[Any]) -> object:
        with db.cursor() as cur:
            cur.execute("SELECT id, name FROM partnerships_partnership WHERE slug = %s", [slug])
            cur.fetchall()
            cur.execute(
                """SELECT m.id, m.date, m.start_time, m.title, m.status, b.name,
                          i.number, i.title, i.is_exempt, p.id, p.title, p.kind
                   FROM meetings_meeting m JOIN governance_body b ON b.id = m.body_id
                   LEFT JOIN (meetings_agendaitem i
                              JOIN decisions_tabling t ON t.item_id = i.id
                              JOIN decisions_proposal p ON p.id = t.proposal_id)
                        ON i.meeting_id = m.id
                   WHERE m.partnership_id = %s AND m.date >= %s AND m.status <> 'cancelled'
                   ORDER BY m.date, m.start_time, i.number""",
                [partnership_id, today],
            )
            return cur.fetchall()

    def membership(db: psycopg.Connection[Any]) -> object:
        with db.cursor() as cur:
            cur.execute(
                "SELECT id, name, kind, purpose FROM governance_body WHERE id = %s", [body_id]
            )
            cur.fetchall()
            cur.execute(  # who sat on the body on the date
                """SELECT ms.role, ms.seat, ms.start_date, ms.end_date, pe.name, pa.name
                   FROM governance_membership ms
                   JOIN governance_person pe ON pe.id = ms.person_id
                   LEFT JOIN governance_partner pa ON pa.id = ms.partner_id
                   WHERE ms.body_id = %s AND ms.start_date <= %s
                     AND (ms.end_date IS NULL OR ms.end_date >= %s)
                   ORDER BY pa.name, ms.role, ms.seat, pe.name""",
                [body_id, t.on, t.on],
            )
            cur.fetchall()
            cur.execute(  # and everyone who ever held a term on it
                """SELECT ms.role, ms.start_date, ms.end_date, pe.name, pa.name
                   FROM governance_membership ms
                   JOIN governance_person pe ON pe.id = ms.person_id
                   LEFT JOIN governance_partner pa ON pa.id = ms.partner_id
                   WHERE ms.body_id = %s ORDER BY ms.start_date DESC, pa.name, pe.name""",
                [body_id],
            )
            return cur.fetchall()

    def services(db: psycopg.Connection[Any]) -> object:
        """The directory API's page 2 of 50: the partnership, the count, the rows with
        their provider and decision, their districts and secondary client groups."""
        with db.cursor() as cur:
            cur.execute("SELECT id, name FROM partnerships_partnership WHERE slug = %s", [slug])
            cur.fetchall()
            cur.execute(
                "SELECT count(*) FROM commissioning_service WHERE partnership_id = %s",
                [partnership_id],
            )
            cur.fetchall()
            cur.execute(
                """SELECT s.id, s.uuid, s.reference, s.name, s.description, s.service_type,
                          s.term, s.delivery_model, s.primary_client_group, s.capacity,
                          s.capacity_unit, s.eligibility, s.referral_route, s.start_date,
                          s.end_date, s.status, s.illustrative, p.id, p.name, d.id, d.title
                   FROM commissioning_service s
                   JOIN commissioning_provider p ON p.id = s.provider_id
                   LEFT JOIN decisions_proposal d ON d.id = s.status_decision_id
                   WHERE s.partnership_id = %s ORDER BY s.reference, s.id LIMIT 50 OFFSET 50""",
                [partnership_id],
            )
            ids = [row[0] for row in cur.fetchall()]
            cur.execute(
                """SELECT x.service_id, g.id, g.name FROM commissioning_service_districts x
                   JOIN governance_partner g ON g.id = x.partner_id
                   WHERE x.service_id = ANY(%s) ORDER BY g.name""",
                [ids],
            )
            cur.fetchall()
            cur.execute(
                """SELECT service_id, code FROM commissioning_serviceclientgroup
                   WHERE service_id = ANY(%s)""",
                [ids],
            )
            return cur.fetchall()

    def open_referral(db: psycopg.Connection[Any]) -> object:
        """Open Referral's page 2 of 50 of the whole country: the count, the rows with
        provider and partnership, districts, secondary groups and locations."""
        with db.cursor() as cur:
            cur.execute("SELECT count(*) FROM commissioning_service")
            cur.fetchall()
            cur.execute(
                """SELECT s.id, s.uuid, s.reference, s.name, s.description, s.service_type,
                          s.term, s.delivery_model, s.primary_client_group, s.capacity,
                          s.capacity_unit, s.eligibility, s.referral_route, s.status,
                          s.illustrative, s.updated_at, p.uuid, p.name, p.kind,
                          p.company_number, p.charity_number, p.address_line_1, p.town,
                          p.postcode, t.slug, t.name
                   FROM commissioning_service s
                   JOIN commissioning_provider p ON p.id = s.provider_id
                   JOIN partnerships_partnership t ON t.id = s.partnership_id
                   ORDER BY s.reference, s.id LIMIT 50 OFFSET 50"""
            )
            ids = [row[0] for row in cur.fetchall()]
            cur.execute(
                """SELECT x.service_id, g.id, g.name FROM commissioning_service_districts x
                   JOIN governance_partner g ON g.id = x.partner_id
                   WHERE x.service_id = ANY(%s) ORDER BY g.name""",
                [ids],
            )
            cur.fetchall()
            cur.execute(
                """SELECT service_id, code FROM commissioning_serviceclientgroup
                   WHERE service_id = ANY(%s)""",
                [ids],
            )
            cur.fetchall()
            cur.execute(
                """SELECT service_id, uuid, name, address_line_1, address_line_2, town,
                          postcode, units, updated_at
                   FROM commissioning_servicelocation WHERE service_id = ANY(%s)
                   ORDER BY name, id""",
                [ids],
            )
            return cur.fetchall()

    directory_size = Service.objects.filter(partnership=t.partnership).count()
    found = [
        Page(
            f"Services directory API ({directory_size} services, page 2 of 50 rows)",
            f"/api/commissioning/partnerships/{slug}/services?limit=50&offset=50",
            "count, 50 rows with provider and decision, their districts and client groups",
            services,
        ),
        Page(
            f"Open Referral services ({Service.objects.count()} in the country, page 2 of 50)",
            "/openreferral/services?per_page=50&page=2",
            "count, 50 rows with provider and partnership, districts, groups, locations",
            open_referral,
        ),
        Page(
            "Decisions register (carried, page 2 of 50 rows)",
            reverse("decisions:proposal-list", args=[slug]) + "?state=carried&page=2",
            "count and 50 rows, joined to the body",
            register,
        ),
        Page(
            f"Meeting page ({t.meeting.items.count()} items, attendance, outcomes)",
            reverse("meetings:meeting-detail", args=[slug, meeting_id]),
            "meeting, agenda with outcomes, declarations, attendance, seats",
            meeting,
        ),
        Page(
            f"Forward plan ({t.partnership.name})",
            reverse("meetings:forward-plan", args=[slug]),
            "future meetings with their expected decisions",
            forward_plan,
        ),
        Page(
            f"Body membership on {t.on:%-d %B %Y}",
            reverse("governance:body-detail", args=[slug, body_id]) + f"?on={t.on.isoformat()}",
            "seats on the date and the body's history",
            membership,
        ),
    ]
    registered = contracts.measured()
    if registered is not None:  # the Transparency Code's contracts register (public)
        urls = contracts.register_urls(registered)
        count = Contract.objects.filter(partnership=registered).count()
        found += [
            Page(
                f"Contracts register, Transparency Code (page 2; {count} contracts)",
                urls["page"],
                "count, 50 contracts with provider and totals, their services",
                contracts.register_floor(registered.pk, page=True),
            ),
            Page(
                f"Contracts register as CSV ({count} contracts)",
                urls["csv"],
                "every contract with provider and totals, their services",
                contracts.register_floor(registered.pk, page=False),
            ),
            Page(
                "Contracts register in the API (public; 50 from offset 50)",
                urls["api"],
                "count, 50 contracts with provider and totals, their services",
                contracts.register_floor(registered.pk, page=True),
            ),
        ]
    pool = budget.measured()
    if pool is not None:  # the pooled budget, its year-end share, its CSV and its API
        where = budget.urls(pool)
        lines = budget.lines_count(pool)
        pool_count = Pool.objects.filter(partnership_id=pool.partnership_id).count()
        found += [
            Page(
                f"Pooled budgets year by year ({pool_count} years)",
                where["list"],
                "the pools with their sources summed",
                budget.list_floor(pool.partnership_id),
            ),
            Page(
                f"Pooled budget {pool.year_label} with its year-end share ({lines} plan lines)",
                where["page"],
                "the pool, sources, plan lines, virements; commitments and spend by contract",
                budget.pool_floor(pool.partnership_id, pool.pk, pool.financial_year),
            ),
            Page(
                f"Pooled budget as CSV ({pool_count} years, each year-end share)",
                where["csv"],
                "the pools and their sources; each variance shared",
                budget.csv_floor(pool.partnership_id),
            ),
            Page(
                f"Pooled budget {pool.year_label} in the API ({lines} plan lines)",
                where["api"],
                "the pool, its sources, plan lines and virements; the variance shared",
                budget.pool_floor(pool.partnership_id, pool.pk, None),
            ),
        ]
    return found


class DatabaseClock:
    """Adds up the time the page's queries take, from the driver's call to its return."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def dsn() -> str:
    settings = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )


def signed_in(client: Client, user: Any) -> None:
    """Sign the client in as the user with the second factor given, as a voter's session is
    (those who cast votes must use two-factor sign-in): the bench measures pages and votes,
    not signing in."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Authenticator app", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def page_benchmarks(today: datetime.date, *, seconds: float) -> list[Result]:
    t = target(today)
    user = viewer(t.partnership, today)
    client = Client(HTTP_HOST="127.0.0.1")
    signed_in(client, user)
    results = []
    with psycopg.connect(dsn(), autocommit=True) as db:
        for page in pages(t, today):

            def get(url: str = page.url) -> None:
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
                if response.streaming:  # a download: its rows are read as they are sent
                    b"".join(response.streaming_content)  # type: ignore[attr-defined]

            counted = DatabaseClock()
            with connection.execute_wrapper(counted):
                get()
            in_database = DatabaseClock()
            with connection.execute_wrapper(in_database):

                def floor(p: Page = page) -> object:
                    return p.floor(db)

                runs: dict[str, Callable[[], object]] = {"page": get, "floor": floor}
                timings = interleaved(
                    runs,
                    seconds=seconds,
                    at_most=400,
                )
            page_t, floor_t = timings["page"], timings["floor"]
            # Warm-up runs are timed by the clock too: share its total over every run.
            database_ms = in_database.seconds / (len(page_t.samples) + 3) * 1000
            ratio = page_t.median / floor_t.median
            results.append(
                Result(
                    name=page.name,
                    unit="ms",
                    value=page_t.median * 1000,
                    p95=page_t.p95 * 1000,
                    floor_name=page.floor_name,
                    floor=floor_t.median * 1000,
                    floor_p95=floor_t.p95 * 1000,
                    target="median at most 3x the floor",
                    met=ratio <= 3,
                    runs=len(page_t.samples),
                    notes=[
                        f"{counted.queries} queries; {database_ms:.1f} ms of each request is spent "
                        "running them (the rest: Django, the policy, the ORM and the template)"
                    ],
                    extra={
                        "queries": counted.queries,
                        "url": page.url,
                        "database_ms": round(database_ms, 2),
                    },
                )
            )
    return results


def proposals_count() -> int:
    return Proposal.objects.count()
