"""Gloucestershire Supporting People, as Cheltenham's appendix describes it
(shared/seeds/004, "Supporting People Programme")."""

from accord.governance.models import BodyKind, PartnerKind

COUNTY = "Gloucestershire County Council"
PCT = "NHS Gloucestershire"
PROBATION = "Gloucestershire Probation"
DISTRICTS = [
    "Cheltenham Borough Council",
    "Cotswold District Council",
    "Forest of Dean District Council",
    "Gloucester City Council",
    "Stroud District Council",
    "Tewkesbury Borough Council",
]
# The appendix names Cheltenham Borough Council ("CBC") but no other partner: the other
# names are illustrative.
ILLUSTRATIVE_NAMES = frozenset({*DISTRICTS[1:], COUNTY, PCT, PROBATION})
# "a partnership of councils, health and probation services"
PARTNERS = [
    (COUNTY, PartnerKind.COUNTY_COUNCIL),
    *[(name, PartnerKind.DISTRICT_COUNCIL) for name in DISTRICTS],
    (PCT, PartnerKind.HEALTH),
    (PROBATION, PartnerKind.PROBATION),
]

BOARD = "Supporting People Partnership Board"
CORE_STRATEGY_GROUP = "Core Strategy Group"
BODIES = [
    (BOARD, BodyKind.DECIDING_BOARD,
     "Strategic leadership; approves the annual financial plan and the five-year strategy, "
     "decides which services to commission, approves tendering strategies and tenders, and "
     "instructs the administering authority to contract."),
    (CORE_STRATEGY_GROUP, BodyKind.OFFICERS_GROUP,
     "Develops policy proposals, monitors the administering authority and providers, and "
     "recommends commissioning decisions to the board."),
]  # fmt: skip

# "Each partner appoints two representatives ... a Lead Member or Non Executive Board Member
# and a Chief Officer or Director."
SEATS = ("Lead Member", "Chief Officer")


def representative_title(seat: str, partner: str) -> str:
    if partner == PCT and seat == "Lead Member":
        return f"Non-Executive Board Member, {partner}"
    return f"{seat}, {partner}"


# "the co-option into its membership of the two non-voting members"
ADVISERS = [
    "Supporting People Independent Professional Advisor",
    "Financial Manager, Gloucestershire County Council (administering authority)",
]
# "An appropriate officer from each partner agency/commissioning function": the PCT and the
# county have several (learning disabilities, older people, children and young people,
# mental health, drugs and alcohol).
COMMISSIONING_FUNCTIONS = [
    "Learning Disabilities",
    "Older People",
    "Children and Young People",
    "Mental Health",
    "Drugs and Alcohol",
]
