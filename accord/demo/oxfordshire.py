"""Oxfordshire Supporting People, as the Commissioning Body report of 11 December 2009
describes it (shared/seeds/000). Role titles, not personal names."""

import datetime
from decimal import Decimal
from typing import Any

from accord.governance.models import BodyKind, ConflictStep, PartnerKind, Stance

# seed 004: "Nationally, the Supporting People programme began on 1 April 2003"; that the
# partnership's seats began that day is illustrative.
PROGRAMME_START = datetime.date(2003, 4, 1)
# seed 000, para 10: service user representatives on the Core Strategy Group "beginning
# with the meeting on 2 September 2009".
SERVICE_USERS_JOIN = datetime.date(2009, 9, 2)
# seed 000, para 22: "the late November meeting" of the Core Strategy Group (the day is
# illustrative).
LATE_NOVEMBER_2009 = datetime.date(2009, 11, 26)
COMMISSIONING_BODY_MEETING = datetime.date(2009, 12, 11)
# seed 000, paras 1-2: the Core Strategy Group's special meeting "in March 2009" identified
# both questions (the day is illustrative).
QUESTIONS_ASKED = datetime.date(2009, 3, 1)

COUNTY = "Oxfordshire County Council"
CHERWELL = "Cherwell District Council"
CITY = "Oxford City Council"
SOUTH = "South Oxfordshire District Council"
VALE = "Vale of White Horse District Council"
WEST = "West Oxfordshire District Council"
PCT = "Oxfordshire Primary Care Trust"
PROBATION = "Thames Valley Probation"

# seed 000, para 7: "all eight commissioning partners"; seven are named in para 22, the
# eighth is the probation service (domain document).
PARTNERS = [
    (COUNTY, PartnerKind.COUNTY_COUNCIL),
    (CHERWELL, PartnerKind.DISTRICT_COUNCIL),
    (CITY, PartnerKind.DISTRICT_COUNCIL),
    (SOUTH, PartnerKind.DISTRICT_COUNCIL),
    (VALE, PartnerKind.DISTRICT_COUNCIL),
    (WEST, PartnerKind.DISTRICT_COUNCIL),
    (PCT, PartnerKind.HEALTH),
    (PROBATION, PartnerKind.PROBATION),
]
COUNCILS = [COUNTY, CHERWELL, CITY, SOUTH, VALE, WEST]
# The report does not name the probation service.
ILLUSTRATIVE_NAMES = frozenset({PROBATION})

COMMISSIONING_BODY = "Supporting People Commissioning Body"
CORE_STRATEGY_GROUP = "Core Strategy Group"
SERVICE_USER_GROUP = "Service User Working Group"
CHIEF_EXECUTIVES = "Oxfordshire Local Authority Chief Executives"
PUBLIC_SERVICE_BOARD = "Oxfordshire Public Service Board"
HEALTH_AND_WELLBEING = "Health and Wellbeing Partnership Board"

BODIES = [
    (COMMISSIONING_BODY, BodyKind.DECIDING_BOARD,
     "Decides the strategy, the annual plan and commissioning; each partner holds one vote."),
    (CORE_STRATEGY_GROUP, BodyKind.OFFICERS_GROUP,
     "Officers of the partners develop policy, monitor performance and recommend decisions."),
    (SERVICE_USER_GROUP, BodyKind.SERVICE_USER_GROUP,
     "Drawn on for the Core Strategy Group's service user representatives; supported by the "
     "Supporting People team since 2008."),
    (CHIEF_EXECUTIVES, BodyKind.ESCALATION_BODY,
     "The local authority chief executives, to whom disputes are escalated."),
    (PUBLIC_SERVICE_BOARD, BodyKind.OTHER,
     "Approved the Oxfordshire Partnership Governance Handbook in July 2009."),
    (HEALTH_AND_WELLBEING, BodyKind.OTHER,
     "The relevant thematic partnership; service users and providers serve on it."),
]  # fmt: skip

# The title of each partner's voting representative on the Commissioning Body.
REPRESENTATIVES = {
    COUNTY: "Cabinet Member for Adult Services, Oxfordshire County Council",
    CHERWELL: "Lead Member, Cherwell District Council",
    CITY: "Lead Member, Oxford City Council",
    SOUTH: "Lead Member, South Oxfordshire District Council",
    VALE: "Lead Member, Vale of White Horse District Council",
    WEST: "Lead Member, West Oxfordshire District Council",
    PCT: "Non-Executive Director, Oxfordshire Primary Care Trust",
    PROBATION: "Chief Officer, Thames Valley Probation",
}

# Core Strategy Group officers: one per partner, several where a partner has several
# commissioning functions (seed 004's footnote; seed 000, para 8 names Health and the
# Drug and Alcohol Action Team).
STRATEGY_OFFICERS = [
    ("Supporting People Lead Officer, Oxfordshire County Council", COUNTY),
    ("Commissioning Officer for Older People, Oxfordshire County Council", COUNTY),
    ("Commissioning Officer for Learning Disabilities, Oxfordshire County Council", COUNTY),
    ("Drug and Alcohol Action Team Commissioner, Oxfordshire County Council", COUNTY),
    ("Housing Strategy Officer, Cherwell District Council", CHERWELL),
    ("Housing Strategy Officer, Oxford City Council", CITY),
    ("Housing Strategy Officer, South Oxfordshire District Council", SOUTH),
    ("Housing Strategy Officer, Vale of White Horse District Council", VALE),
    ("Housing Strategy Officer, West Oxfordshire District Council", WEST),
    ("Mental Health Commissioner, Oxfordshire Primary Care Trust", PCT),
    ("Joint Commissioning Manager, Oxfordshire Primary Care Trust", PCT),
    ("Accommodation Manager, Thames Valley Probation", PROBATION),
]
PROVIDER_REPRESENTATIVES = [
    "Provider Representative, Core Strategy Group",
    "Provider Representative (second seat), Core Strategy Group",
]
SERVICE_USER_REPRESENTATIVES = [
    "Service User Representative, Service User Working Group",
    "Service User Representative (second seat), Service User Working Group",
]

# The report names roles, not these titles: each is illustrative.
ILLUSTRATIVE_TITLES = [*REPRESENTATIVES.values(), *(title for title, _ in STRATEGY_OFFICERS)]

# Which demo sign-in is which person of the register.
DEMO_PEOPLE = {
    "representative": REPRESENTATIVES[WEST],
    "strategy": "Housing Strategy Officer, Cherwell District Council",
    "serviceuser": SERVICE_USER_REPRESENTATIVES[0],
    "provider": PROVIDER_REPRESENTATIVES[0],
    "chiefexec": "Chief Executive, Oxfordshire County Council",
}

# ---------------------------------------------------------------- the constitution
ROUTE_2004 = [ConflictStep.COMPROMISE, ConflictStep.ESCALATE, ConflictStep.CALL_IN]
ROUTE_2009 = [
    ConflictStep.COMPROMISE,
    ConflictStep.ESCALATE,
    ConflictStep.SECOND_MEETING,
    ConflictStep.CALL_IN,
]
CONSTITUTIONS: list[dict[str, Any]] = [
    {
        "title": "Memorandum of Understanding",
        "adopted_on": PROGRAMME_START,
        "summary": (
            "All decisions require the active consent of all eight commissioning partners, "
            "in line with the Non-Excellent Authority Grant Conditions. Disputes are "
            "escalated to the local authority chief executives (Oxfordshire Supporting People "
            "report to the Commissioning Body, paragraphs 11 and 13)."
        ),
        "rule": {"kind": "unanimity", "base": "all"},
        "fallback": None,
        "route": ROUTE_2004,
    },
    {
        "title": "Draft amendment: officers' recommendation (December 2009)",
        "adopted_on": None,
        "summary": (
            "Strive for unanimity; if at a second meeting the Commissioning Body is again "
            "unable to reach a unanimous decision, a majority decision is allowed: more than "
            "half of all eight partners (Oxfordshire Supporting People report to the "
            "Commissioning Body, paragraph 19)."
        ),
        "rule": {"kind": "unanimity", "base": "all"},
        "fallback": {"kind": "majority", "base": "all", "threshold": "1/2", "strict": True},
        "route": ROUTE_2009,
    },
    {
        "title": "Draft amendment: county council's variant (December 2009)",
        "adopted_on": None,
        "summary": (
            "As the officers' recommendation, but a majority vote at the second meeting with "
            "the minority against limited to one vote: more than half of all eight partners "
            "must vote for, and no more than one may vote against (Oxfordshire County "
            "Council's suggestion: \"a majority voting could be considered, limiting the "
            'minority against to one vote", Oxfordshire Supporting People report to the '
            "Commissioning Body, paragraph 22)."
        ),
        "rule": {"kind": "unanimity", "base": "all"},
        "fallback": {
            "kind": "majority",
            "base": "all",
            "threshold": "1/2",
            "strict": True,
            "max_against": 1,
        },
        "route": ROUTE_2009,
    },
]

# ---------------------------------------------------------------- positions, late November 2009
# Each partner's position in the report's own words (paragraph 22), beside the category the
# register files it under. "Concerns were expressed" is not opposition: Oxford City Council's
# position on majority voting is filed as undecided, with its words.
SERVICE_USERS = "Involvement of service users in decision making"
MAJORITY_VOTING = "Majority voting as part of the conflict resolution process"
WEST_BOTH = (
    "\u201cThe council considered these matters at the Cabinet meeting on 19 November. The "
    "council's view was that the terms of the Memorandum of Understanding should remain "
    "unchanged with regard to both matters.\u201d"
)
POSITIONS = {
    SERVICE_USERS: {
        PCT: (Stance.CONDITIONAL, "\u201cThe trust's view was that processes can be put in "
              "place to ensure that providers and service users attend and contribute as and "
              "when they wish to.\u201d"),
        WEST: (Stance.OPPOSE, WEST_BOTH),
        SOUTH: (Stance.CONDITIONAL, "\u201cThe council would not wish to see the membership of "
                "the Commissioning Body to be expanded, although processes can be put in place "
                "to ensure that providers and service users attend and contribute as and when "
                "they wish to.\u201d"),
        VALE: (Stance.CONDITIONAL, "\u201cThe council was in principle in support of provider "
               "and service user' representation, but wished to have an opportunity to "
               "consider this matter fully at the Commissioning Body.\u201d"),
        CHERWELL: (Stance.CONDITIONAL, "\u201cThe council supported service users' involvement "
                   "in the decision making process, on a no vote basis.\u201d"),
        COUNTY: (Stance.CONDITIONAL, "\u201cViews of the Cabinet member and the Accountable "
                 "Officer are that mechanisms could be put in place to ensure meaningful "
                 "representation by service user representatives, on a no vote basis.\u201d"),
        CITY: (Stance.CONDITIONAL, "\u201cThe council's view was that processes can be put in "
               "place to ensure that providers and service users attend and contribute as and "
               "when they wish to.\u201d"),
    },
    MAJORITY_VOTING: {
        PCT: (Stance.SUPPORT, "\u201cThere was support for moving to a majority voting system "
              "as part of conflict resolution process.\u201d"),
        WEST: (Stance.OPPOSE, WEST_BOTH),
        SOUTH: (Stance.SUPPORT, "\u201cThe council is content to move to a majority voting "
                "system as part of conflict resolution process.\u201d"),
        VALE: (Stance.SUPPORT, "\u201cThe council is content to move to a majority voting "
               "system as part of conflict resolution process.\u201d"),
        CHERWELL: (Stance.OPPOSE, "\u201cThere was no support shown for moving to a majority "
                   "voting system as part of conflict resolution process.\u201d"),
        COUNTY: (Stance.CONDITIONAL, "\u201cSupport has also been expressed to making the "
                 "wording of the Memorandum of Understanding clearer with regards to the "
                 "conflict resolution process and a suggestion made that a majority voting "
                 "could be considered, limiting the minority against to one vote.\u201d"),
        CITY: (Stance.UNDECIDED, "\u201cConcerns were expressed about moving to a majority "
               "voting system as part of conflict resolution process. It was thought that "
               "limiting the minority against to just one would still leave the potential for "
               "some partners' views not been fully reflected in the decision.\u201d"),
    },
}  # fmt: skip
# Thames Valley Probation stated no position: the register shows "none recorded".


# Issue 17 item 6: the sum each partner's representative may commit alone, set by the
# partner's own organisation (seed 004: the board decides "in the context of each
# Partner's delegated level of authority"). The seeds give no figure: every limit here is
# illustrative, and marked so. Above it, the partner's vote for counts only subject to
# ratification by its own cabinet or board.
DELEGATED_LIMITS = {
    COUNTY: Decimal("1000000.00"),
    CHERWELL: Decimal("250000.00"),
    CITY: Decimal("250000.00"),
    SOUTH: Decimal("250000.00"),
    VALE: Decimal("250000.00"),
    WEST: Decimal("250000.00"),
    PCT: Decimal("500000.00"),
    PROBATION: Decimal("100000.00"),
}
