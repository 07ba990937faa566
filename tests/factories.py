"""Test data factories (factory_boy), one per model a test arranges.

A factory makes a row directly, without its service: quick, and without audit events, for
arranging what a test needs. What a test asserts about goes through the services. Every
tenant row takes its partnership from the row it hangs on, so a whole world hangs together
from one partnership. A new app adds its factories here (docs/adding-an-app.md).
"""

import datetime
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from accord.budget.models import Contribution, PlanLine, Pool
from accord.commissioning.models import (
    AnnualPlanAction,
    CommissioningIntention,
    Contract,
    ContractValue,
    Dataset,
    Figure,
    Provider,
    Service,
    ServiceLocation,
    Strategy,
    TargetOutcome,
)
from accord.decisions.models import Proposal
from accord.governance.models import (
    Body,
    BodyRule,
    ConstitutionVersion,
    Membership,
    Partner,
    Person,
)
from accord.meetings.models import AgendaItem, Meeting
from accord.partnerships.models import Partnership, ProgrammeOfficer
from accord.performance.models import QuarterlyReturn
from accord.procurement.models import (
    Bid,
    Challenge,
    Conflict,
    Criterion,
    Evaluator,
    Moderation,
    Procurement,
)

START = datetime.date(2003, 4, 1)  # seed 004: the programme began on 1 April 2003


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user-{n}")
    password = factory.django.Password("correct horse battery staple")


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = Partnership

    slug = factory.Sequence(lambda n: f"partnership-{n}")
    name = factory.Sequence(lambda n: f"Partnership {n} Supporting People")


class ProgrammeOfficerFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeOfficer

    partnership = factory.SubFactory(PartnershipFactory)
    user = factory.SubFactory(UserFactory)
    start_date = START


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"District Council {n}")
    kind = "district_council"


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Board {n}")
    kind = "deciding_board"


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Lead Member {n}")


class MembershipFactory(DjangoModelFactory):
    """A voting representative's seat for a partner, from the programme's start."""

    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    partnership = factory.SelfAttribute("body.partnership")
    person = factory.SubFactory(PersonFactory, partnership=factory.SelfAttribute("..partnership"))
    partner = factory.SubFactory(PartnerFactory, partnership=factory.SelfAttribute("..partnership"))
    role = "voting_representative"
    start_date = START


class ConstitutionVersionFactory(DjangoModelFactory):
    """An adopted version of the partnership agreement, in force from the programme's start."""

    class Meta:
        model = ConstitutionVersion

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Memorandum of Understanding {n}")
    status = "adopted"
    start_date = START


class BodyRuleFactory(DjangoModelFactory):
    """Unanimity, with the route the officers recommended in December 2009 (seed 000)."""

    class Meta:
        model = BodyRule

    version = factory.SubFactory(ConstitutionVersionFactory)
    partnership = factory.SelfAttribute("version.partnership")
    body = factory.SubFactory(BodyFactory, partnership=factory.SelfAttribute("..partnership"))
    decision_rule: Any = factory.LazyFunction(lambda: {"kind": "unanimity"})
    conflict_route: Any = factory.LazyFunction(
        lambda: ["compromise", "escalate", "second_meeting", "call_in"]
    )


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    partnership = factory.SelfAttribute("body.partnership")
    date = datetime.date(2010, 2, 5)
    place = "County Hall"


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    partnership = factory.SelfAttribute("meeting.partnership")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    deciding_body = factory.SubFactory(BodyFactory)
    partnership = factory.SelfAttribute("deciding_body.partnership")
    title = factory.Sequence(lambda n: f"Proposal {n}")
    kind = "policy"


class ProviderFactory(DjangoModelFactory):
    class Meta:
        model = Provider

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Provider {n} Housing Support")
    kind = "voluntary"
    address_line_1 = factory.Sequence(lambda n: f"{n + 1} High Street")
    town = "Witney"
    postcode = "OX28 6AA"


class DatasetFactory(DjangoModelFactory):
    class Meta:
        model = Dataset

    partnership = factory.SubFactory(PartnershipFactory)
    kind = "homelessness"
    title = factory.Sequence(lambda n: f"Dataset {n}")
    source = "The districts' P1E returns"
    unit = "households"


class FigureFactory(DjangoModelFactory):
    class Meta:
        model = Figure

    dataset = factory.SubFactory(DatasetFactory)
    partnership = factory.SelfAttribute("dataset.partnership")
    financial_year = factory.Sequence(lambda n: 2003 + n % 8)
    category = factory.Sequence(lambda n: f"Category {n}")
    value = 100


class ServiceFactory(DjangoModelFactory):
    """A commissioned service of the provider's partnership (accommodation-based)."""

    class Meta:
        model = Service

    provider = factory.SubFactory(ProviderFactory)
    partnership = factory.SelfAttribute("provider.partnership")
    reference = factory.Sequence(lambda n: f"TEST-{n + 1:04d}")
    name = factory.Sequence(lambda n: f"Sheltered scheme {n}")
    service_type = "sheltered"
    term = "long"
    delivery_model = "accommodation"
    primary_client_group = 1
    capacity = 30
    capacity_unit = "units"
    start_date = datetime.date(2003, 4, 1)
    status = "commissioned"


class ServiceLocationFactory(DjangoModelFactory):
    class Meta:
        model = ServiceLocation

    service = factory.SubFactory(ServiceFactory)
    partnership = factory.SelfAttribute("service.partnership")
    name = factory.Sequence(lambda n: f"Court {n}")
    address_line_1 = "1 Church Green"
    town = "Witney"
    postcode = "OX28 4AZ"
    units = 20


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = Contract

    provider = factory.SubFactory(ProviderFactory)
    partnership = factory.SelfAttribute("provider.partnership")
    reference = factory.Sequence(lambda n: f"C-{n:04d}")
    title = factory.Sequence(lambda n: f"Housing support contract {n}")
    form = "block"
    route = "tender"
    department = "Supporting People Team"
    start_date = datetime.date(2004, 4, 1)
    end_date = datetime.date(2009, 3, 31)
    status = "planned"

    class Params:
        # A contract let without a tender on a (factory-made) carried instruction to contract.
        let = factory.Trait(
            status="let",
            route="direct",
            decision=factory.SubFactory(
                ProposalFactory,
                deciding_body__partnership=factory.SelfAttribute("...partnership"),
                kind="instruction_to_contract",
                state="carried",
            ),
        )


class ContractValueFactory(DjangoModelFactory):
    class Meta:
        model = ContractValue

    contract = factory.SubFactory(ContractFactory)
    partnership = factory.SelfAttribute("contract.partnership")
    financial_year = 2004
    amount = Decimal("100000.00")


class StrategyFactory(DjangoModelFactory):
    """A draft strategy 2004-09 (2004/05 to 2008/09)."""

    class Meta:
        model = Strategy

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Strategy {n}")
    first_year = 2004
    last_year = 2008
    status = "draft"


class TargetOutcomeFactory(DjangoModelFactory):
    class Meta:
        model = TargetOutcome

    strategy = factory.SubFactory(StrategyFactory)
    partnership = factory.SelfAttribute("strategy.partnership")
    title = factory.Sequence(lambda n: f"Outcome {n}")
    measure = "services"
    target_figure = 10
    target_date = datetime.date(2009, 3, 31)
    baseline_date = datetime.date(2004, 4, 1)


class CommissioningIntentionFactory(DjangoModelFactory):
    class Meta:
        model = CommissioningIntention

    strategy = factory.SubFactory(StrategyFactory)
    partnership = factory.SelfAttribute("strategy.partnership")
    client_group = factory.Sequence(lambda n: n % 21 + 1)
    direction = "maintain"
    rationale = "As the strategy says."


class AnnualPlanActionFactory(DjangoModelFactory):
    class Meta:
        model = AnnualPlanAction

    strategy = factory.SubFactory(StrategyFactory)
    partnership = factory.SelfAttribute("strategy.partnership")
    financial_year = 2005
    text = factory.Sequence(lambda n: f"Action {n}")
    due_date = datetime.date(2006, 3, 31)


def pdf_bytes(pages: int = 1) -> bytes:
    """A real PDF of blank A4 pages, as an uploaded paper is (uploads are read through)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class PoolFactory(DjangoModelFactory):
    class Meta:
        model = Pool

    partnership = factory.SubFactory(PartnershipFactory)
    financial_year = factory.Sequence(lambda n: 2004 + n % 90)
    grant = Decimal("18000000.00")


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = Contribution

    pool = factory.SubFactory(PoolFactory)
    partnership = factory.SelfAttribute("pool.partnership")
    partner = factory.SubFactory(PartnerFactory, partnership=factory.SelfAttribute("..partnership"))
    amount = Decimal("1000000.00")
    risk_share = Decimal("25")


class PlanLineFactory(DjangoModelFactory):
    class Meta:
        model = PlanLine

    pool = factory.SubFactory(PoolFactory)
    partnership = factory.SelfAttribute("pool.partnership")
    kind = "reserve"
    description = factory.Sequence(lambda n: f"Line {n}")
    amount = Decimal("1000.00")


class ComplaintFactory(DjangoModelFactory):
    """A complaint about the administering authority (LGSCO), without its stages."""

    class Meta:
        model = "complaints.Complaint"

    partnership = factory.SubFactory(PartnershipFactory)
    subject_kind = "authority"
    received_on = datetime.date(2025, 3, 3)
    channel = "letter"
    ombudsman = "lgsco"
    complainant_name = "Ada Example"
    complainant_email = "ada@example.org"
    summary = "An invented complaint"


class QuarterlyReturnFactory(DjangoModelFactory):
    """A validated return of a long-term service with units for 2009/10 Q2: SPI 1, SPI 2
    and KPI 1 given, KPI 2 blank."""

    class Meta:
        model = QuarterlyReturn

    service = factory.SubFactory(ServiceFactory)
    partnership = factory.SelfAttribute("service.partnership")
    financial_year = 2009
    quarter = 2
    status = "validated"
    unit_days_contracted = 2760
    unit_days_available = 2738
    support_days_contracted = 2760
    support_days_used = 2590
    kpi1_numerator = 27
    kpi1_denominator = 28
    submitted_on = datetime.date(2009, 10, 15)
    validated_on = datetime.date(2009, 10, 20)


class ProcurementFactory(DjangoModelFactory):
    """A tendering strategy being planned (Procurement Act 2023, open procedure)."""

    class Meta:
        model = Procurement

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: f"P-{n:04d}")
    title = factory.Sequence(lambda n: f"Floating support tender {n}")
    estimated_value = Decimal("1200000.00")
    term_months = 36
    procedure = "open"
    regime = "pa2023"
    deadline = datetime.datetime(2025, 11, 28, 12, 0, tzinfo=datetime.UTC)


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    procurement = factory.SubFactory(ProcurementFactory)
    partnership = factory.SelfAttribute("procurement.partnership")
    name = factory.Sequence(lambda n: f"Criterion {n}")
    kind = "quality"
    weight = 60
    max_score = 10


class BidFactory(DjangoModelFactory):
    class Meta:
        model = Bid

    procurement = factory.SubFactory(ProcurementFactory)
    partnership = factory.SelfAttribute("procurement.partnership")
    provider = factory.SubFactory(
        ProviderFactory, partnership=factory.SelfAttribute("..partnership")
    )
    price = Decimal("100000.00")
    received_at = datetime.datetime(2025, 11, 27, 12, 0, tzinfo=datetime.UTC)


class EvaluatorFactory(DjangoModelFactory):
    class Meta:
        model = Evaluator

    procurement = factory.SubFactory(ProcurementFactory)
    partnership = factory.SelfAttribute("procurement.partnership")
    user = factory.SubFactory(UserFactory)


class ModerationFactory(DjangoModelFactory):
    class Meta:
        model = Moderation

    bid = factory.SubFactory(BidFactory)
    partnership = factory.SelfAttribute("bid.partnership")
    criterion = factory.SubFactory(
        CriterionFactory, procurement=factory.SelfAttribute("..bid.procurement")
    )
    score = 7
    rationale = "Agreed by the panel"


class ChallengeFactory(DjangoModelFactory):
    class Meta:
        model = Challenge

    procurement = factory.SubFactory(ProcurementFactory)
    partnership = factory.SelfAttribute("procurement.partnership")
    bid = factory.SubFactory(BidFactory, procurement=factory.SelfAttribute("..procurement"))
    received_on = datetime.date(2025, 12, 23)
    grounds = "The price formula was misapplied"


class ConflictFactory(DjangoModelFactory):
    class Meta:
        model = Conflict

    evaluator = factory.SubFactory(EvaluatorFactory)
    partnership = factory.SelfAttribute("evaluator.partnership")
    bid = factory.SubFactory(
        BidFactory, procurement=factory.SelfAttribute("..evaluator.procurement")
    )
    interest = "A trustee of the bidder"
