"""Loading the demo data: idempotent, and never overwriting what users have changed.

Everything is written through the governance services, so the demo is validated and
audited like any other data. A row is looked up by its natural key and created only
when missing. Values the seeds do not give are marked illustrative (accord/demo/illustrative.py);
marking again changes nothing.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from accord.audit.services import audit_record, created
from accord.commissioning import services as commissioning
from accord.commissioning.models import Dataset, Provider, ProviderStaff
from accord.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accord.governance import services as governance
from accord.governance.models import (
    Amendment,
    Body,
    ConstitutionVersion,
    Membership,
    MembershipRole,
    Partner,
    Person,
    Position,
    Question,
)
from accord.notifications.signals import silenced
from accord.partnerships.models import Partnership, ProgrammeOfficer

from . import gloucestershire as glos
from . import oxfordshire as oxon
from .budget_data import PROGRAMME, load_budget
from .complaints import load_complaints
from .contracts_data import load_contracts
from .data import PARTNERSHIPS
from .evidence import ILLUSTRATIVE_FIELDS, DemoDataset, evidence_for
from .illustrative import illustrative_mark
from .ledger_data import load_ledger
from .load_history import load_history
from .providers import KEYSTONE, PROVIDERS, DemoProvider
from .returns import load_returns
from .reviews import load_reviews
from .services_data import load_services
from .standards import load_standards
from .strategies import load_strategies

# People's titles the seeds do not give (they name roles, not these seats' holders).
ILLUSTRATIVE_TITLES = frozenset(oxon.ILLUSTRATIVE_TITLES)


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, *, was_created: bool) -> None:
        tally = self.created if was_created else self.present
        tally[kind] = tally.get(kind, 0) + 1


class Loader:
    """Creates what is missing, counting what it created and what it found."""

    def __init__(self) -> None:
        self.report = DemoReport()

    def ensure(self, kind: str, existing: Any, make: Any) -> Any:
        if existing is not None:
            self.report.count(kind, was_created=False)
            return existing
        self.report.count(kind, was_created=True)
        return make()

    def partnership(self, data: dict[str, str]) -> Partnership:
        return self.ensure(
            "partnerships",
            Partnership.objects.filter(slug=data["slug"]).first(),
            lambda: governance.partnership_create(
                actor=None, slug=data["slug"], name=data["name"], description=data["description"]
            ),
        )

    def partner(
        self, partnership: Partnership, name: str, kind: str, illustrative: tuple[str, ...] = ()
    ) -> Partner:
        partner = self.ensure(
            "partners",
            Partner.objects.filter(partnership=partnership, name=name).first(),
            lambda: governance.partner_create(
                actor=None, partnership=partnership, name=name, kind=kind
            ),
        )
        return illustrative_mark(actor=None, row=partner, fields=illustrative)

    def body(self, partnership: Partnership, name: str, kind: str, purpose: str) -> Body:
        return self.ensure(
            "bodies",
            Body.objects.filter(partnership=partnership, name=name).first(),
            lambda: governance.body_create(
                actor=None, partnership=partnership, name=name, kind=kind, purpose=purpose
            ),
        )

    def person(
        self,
        partnership: Partnership,
        name: str,
        user: User | None = None,
        illustrative: tuple[str, ...] = (),
    ) -> Person:
        person = self.ensure(
            "people",
            Person.objects.filter(partnership=partnership, name=name).first(),
            lambda: governance.person_create(
                actor=None, partnership=partnership, name=name, user=user
            ),
        )
        titles = ("name",) if name in ILLUSTRATIVE_TITLES else ()
        return illustrative_mark(actor=None, row=person, fields=(*illustrative, *titles))

    def seat(
        self,
        body: Body,
        name: str,
        role: str,
        start: datetime.date,
        partner: Partner | None = None,
        seat: str = "",
        illustrative: tuple[str, ...] = ("start_date",),
    ) -> Membership:
        """A seat; its start date is illustrative unless the seed gives it."""
        person = self.person(body.partnership, name)
        membership = self.ensure(
            "memberships",
            Membership.objects.filter(
                body=body, person=person, partner=partner, role=role, seat=seat, start_date=start
            ).first(),
            lambda: governance.membership_create(
                actor=None,
                partnership=body.partnership,
                body=body,
                person=person,
                partner=partner,
                role=role,
                seat=seat,
                start_date=start,
            ),
        )
        return illustrative_mark(actor=None, row=membership, fields=illustrative)

    def provider(self, partnership: Partnership, data: DemoProvider) -> Provider:
        """A provider, found by its name in the partnership; its invented values marked."""
        provider = self.ensure(
            "providers",
            Provider.objects.filter(partnership=partnership, name=data.name).first(),
            lambda: commissioning.provider_create(
                actor=None, partnership=partnership, **data.values()
            ),
        )
        return illustrative_mark(actor=None, row=provider, fields=data.illustrative())

    def dataset(self, partnership: Partnership, data: DemoDataset) -> Dataset:
        """A dataset of needs evidence, found by its title; its figures imported once
        (through the import, as an officer's file would be), every one illustrative."""
        dataset = self.ensure(
            "datasets of needs evidence",
            Dataset.objects.filter(partnership=partnership, title=data.title).first(),
            lambda: commissioning.dataset_create(
                actor=None,
                partnership=partnership,
                **data.values(),  # type: ignore[arg-type]
            ),
        )
        if not dataset.figures.exists():
            commissioning.dataset_import(
                actor=None,
                dataset=dataset,
                content=data.csv(),
                name=f"{data.key}.csv",
                illustrative=True,
            )
        return illustrative_mark(actor=None, row=dataset, fields=ILLUSTRATIVE_FIELDS)


def load_accounts(loader: Loader) -> dict[str, User]:
    users = get_user_model().objects
    existing = {
        user.username: user
        for user in users.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
    }
    accounts = {}
    for account in DEMO_ACCOUNTS:

        def make(account: Any = account) -> User:
            user = users.model(
                username=account.username,
                first_name=account.title,
                # A reserved domain (RFC 2606): the console shows what each would be sent.
                email=f"{account.username}@accord.example",
                is_staff=account.is_superuser,
                is_superuser=account.is_superuser,
            )
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            audit_record(actor=None, action="user.create", obj=user, changes=created(user))
            return user

        accounts[account.username] = loader.ensure(
            "demo accounts", existing.get(account.username), make
        )
    return accounts


def load_oxfordshire(loader: Loader, partnership: Partnership, users: dict[str, User]) -> None:
    start = oxon.PROGRAMME_START
    partners = {
        name: loader.partner(
            partnership, name, kind, ("name",) if name in oxon.ILLUSTRATIVE_NAMES else ()
        )
        for name, kind in oxon.PARTNERS
    }
    bodies = {
        name: loader.body(partnership, name, kind, purpose) for name, kind, purpose in oxon.BODIES
    }
    for username, title in oxon.DEMO_PEOPLE.items():
        loader.person(partnership, title, users[username])

    deciding = bodies[oxon.COMMISSIONING_BODY]
    for partner_name, title in oxon.REPRESENTATIVES.items():
        seat = loader.seat(
            deciding, title, MembershipRole.VOTING_REPRESENTATIVE, start, partners[partner_name]
        )
        limit = oxon.DELEGATED_LIMITS.get(partner_name)
        if limit is not None and seat.delegated_limit != limit:
            seat = governance.membership_limit_set(
                actor=None, membership=seat, delegated_limit=limit
            )
        illustrative_mark(actor=None, row=seat, fields=["delegated_limit"])

    strategy = bodies[oxon.CORE_STRATEGY_GROUP]
    for title, partner_name in oxon.STRATEGY_OFFICERS:
        loader.seat(strategy, title, MembershipRole.OFFICER, start, partners[partner_name])
    for title in oxon.PROVIDER_REPRESENTATIVES:
        loader.seat(strategy, title, MembershipRole.PROVIDER_REPRESENTATIVE, start)
    for title in oxon.SERVICE_USER_REPRESENTATIVES:
        loader.seat(  # the report gives the date: "beginning with the meeting on 2 September"
            strategy,
            title,
            MembershipRole.SERVICE_USER_REPRESENTATIVE,
            oxon.SERVICE_USERS_JOIN,
            illustrative=(),
        )
        loader.seat(
            bodies[oxon.SERVICE_USER_GROUP],
            title,
            MembershipRole.OBSERVER,
            datetime.date(2008, 4, 1),
        )

    chief_executives = bodies[oxon.CHIEF_EXECUTIVES]
    for name in oxon.COUNCILS:
        loader.seat(
            chief_executives,
            f"Chief Executive, {name}",
            MembershipRole.VOTING_REPRESENTATIVE,
            start,
            partners[name],
        )

    for version in oxon.CONSTITUTIONS:
        load_constitution(loader, partnership, deciding, chief_executives, version)

    drafts = ConstitutionVersion.objects.filter(
        partnership=partnership, title=oxon.CONSTITUTIONS[1]["title"]
    )
    for draft in drafts:
        loader.ensure(
            "amendments",
            Amendment.objects.filter(version=draft).first(),
            lambda draft=draft: governance.amendment_propose(
                actor=None, version=draft, proposed_on=oxon.COMMISSIONING_BODY_MEETING
            ),
        )

    for title, positions in oxon.POSITIONS.items():
        question = loader.ensure(
            "questions",
            Question.objects.filter(partnership=partnership, title=title).first(),
            lambda title=title: governance.question_create(
                actor=None, partnership=partnership, title=title, asked_on=oxon.QUESTIONS_ASKED
            ),
        )
        # "in March 2009" and "the late November meeting": the days are illustrative
        illustrative_mark(actor=None, row=question, fields=["asked_on"])
        for partner_name, (stance, reasons) in positions.items():
            partner = partners[partner_name]
            position = loader.ensure(
                "positions",
                Position.objects.filter(question=question, partner=partner).first(),
                lambda question=question, partner=partner, stance=stance, reasons=reasons: (
                    governance.position_record(
                        actor=None,
                        question=question,
                        partner=partner,
                        stance=stance,
                        reasons=reasons,
                        recorded_on=oxon.LATE_NOVEMBER_2009,
                    )
                ),
            )
            illustrative_mark(actor=None, row=position, fields=["recorded_on"])


def load_constitution(
    loader: Loader,
    partnership: Partnership,
    deciding: Body,
    escalation: Body,
    data: dict[str, Any],
) -> None:
    existing = ConstitutionVersion.objects.filter(
        partnership=partnership, title=data["title"]
    ).first()
    if existing is not None:
        loader.report.count("constitution versions", was_created=False)
        return
    # A version in force before Accord kept the register is recorded with its rules set
    # as a draft first, then marked adopted from its start date.
    version = governance.constitution_version_create(
        actor=None, partnership=partnership, title=data["title"], summary=data["summary"]
    )
    governance.body_rule_set(
        actor=None,
        version=version,
        body=deciding,
        decision_rule=data["rule"],
        fallback_rule=data["fallback"],
        conflict_route=[str(step) for step in data["route"]],
        escalation_body=escalation,
    )
    if data["adopted_on"] is not None:
        version = governance.constitution_record_founding(
            actor=None, version=version, start_date=data["adopted_on"]
        )
        # the report does not say when the Memorandum took effect
        illustrative_mark(actor=None, row=version, fields=["start_date"])
    loader.report.count("constitution versions", was_created=True)


def load_gloucestershire(loader: Loader, partnership: Partnership) -> None:
    start = oxon.PROGRAMME_START
    partners = {
        name: loader.partner(
            partnership, name, kind, ("name",) if name in glos.ILLUSTRATIVE_NAMES else ()
        )
        for name, kind in glos.PARTNERS
    }
    bodies = {
        name: loader.body(partnership, name, kind, purpose) for name, kind, purpose in glos.BODIES
    }
    board = bodies[glos.BOARD]
    for partner_name, partner in partners.items():
        for seat in glos.SEATS:
            title = glos.representative_title(seat, partner_name)
            loader.seat(board, title, MembershipRole.VOTING_REPRESENTATIVE, start, partner, seat)
    for title in glos.ADVISERS:
        loader.seat(board, title, MembershipRole.ADVISER, start)
    strategy = bodies[glos.CORE_STRATEGY_GROUP]
    for partner_name, partner in partners.items():
        if partner_name in (glos.COUNTY, glos.PCT):
            for function in glos.COMMISSIONING_FUNCTIONS:
                loader.seat(
                    strategy,
                    f"Commissioner for {function}, {partner_name}",
                    MembershipRole.OFFICER,
                    start,
                    partner,
                )
        else:
            loader.seat(
                strategy,
                f"Supporting People Officer, {partner_name}",
                MembershipRole.OFFICER,
                start,
                partner,
            )


def load_provider_staff(loader: Loader, partnership: Partnership, users: dict[str, User]) -> None:
    """Issue 18: the demo's provider account signs in for Keystone in Gloucestershire (not
    in Oxfordshire, where Keystone is a provider too: each partnership keeps its own)."""
    keystone = Provider.objects.get(partnership=partnership, name=KEYSTONE.name)
    loader.ensure(
        "people who sign in for a provider",
        ProviderStaff.objects.filter(user=users["keystone"], provider=keystone).first(),
        lambda: commissioning.provider_staff_add(
            actor=None,
            provider=keystone,
            username=users["keystone"].get_username(),
            start_date=oxon.PROGRAMME_START,
        ),
    )


def demo_load() -> DemoReport:
    """Create whatever demo rows are missing; leave existing rows exactly as they are.

    Running it again loses nothing: a demo user who changed a password, or an officer
    who edited a partnership, keeps the change. Nobody is e-mailed about the demo's
    history (its agendas, votes and decisions are years old).
    """
    with silenced(), transaction.atomic():
        return _demo_load()


def _demo_load() -> DemoReport:
    loader = Loader()
    partnerships = {data["slug"]: loader.partnership(data) for data in PARTNERSHIPS}
    users = load_accounts(loader)

    oxfordshire = partnerships["oxfordshire"]
    loader.ensure(
        "programme officers",
        ProgrammeOfficer.objects.filter(user=users["officer"], partnership=oxfordshire).first(),
        lambda: governance.programme_officer_appoint(
            actor=None,
            partnership=oxfordshire,
            user=users["officer"],
            start_date=oxon.PROGRAMME_START,
        ),
    )
    load_oxfordshire(loader, oxfordshire, users)
    loader.report.count(
        "meetings and decisions (Oxfordshire)", was_created=load_history(oxfordshire)
    )
    load_gloucestershire(loader, partnerships["gloucestershire"])
    for slug, providers in PROVIDERS.items():
        for data in providers:
            loader.provider(partnerships[slug], data)
    for slug in PROVIDERS:
        load_services(partnerships[slug], loader.report)
    load_provider_staff(loader, partnerships["gloucestershire"], users)
    for slug in ("gloucestershire", "oxfordshire"):
        for dataset in evidence_for(slug):
            loader.dataset(partnerships[slug], dataset)
    for slug in PROVIDERS:
        load_contracts(partnerships[slug], loader.report)
    for slug in PROVIDERS:  # after the services and decisions their plans link to
        load_strategies(partnerships[slug], loader.report)
    for slug in PROGRAMME:
        load_budget(partnerships[slug], loader.report)
        load_ledger(partnerships[slug], loader.report)
    for slug in PROVIDERS:
        loader.report.count(f"complaints ({slug})", was_created=load_complaints(partnerships[slug]))
    for slug in PROVIDERS:
        loader.report.count(
            f"quarterly returns ({slug})", was_created=load_returns(partnerships[slug])
        )
    # Service quality reviews (issue 18): Gloucestershire's, after its services and board.
    loader.report.count(
        "quality reviews (gloucestershire)",
        was_created=load_reviews(partnerships["gloucestershire"]),
    )
    # Partnership governance standards: Oxfordshire's handbook, self-assessment and audit.
    loader.report.count(
        "governance standards (oxfordshire)",
        was_created=load_standards(partnerships["oxfordshire"]),
    )
    return loader.report
