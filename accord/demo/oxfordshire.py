"""Oxfordshire Supporting People, as the Commissioning Body report of 11 December 2009
describes it (shared/seeds/000). Role titles, not personal names."""

import datetime
from typing import Any

from accord.governance.models import BodyKind, ConflictStep, PartnerKind, Stance

PROGRAMME_START = datetime.date(2003, 4, 1)  # seed 004: the programme began on 1 April 2003
# seed 000, para 10: service user representatives on the Core Strategy Group "beginning
# with the meeting on 2 September 2009".
SERVICE_USERS_JOIN = datetime.date(2009, 9, 2)
# seed 000, para 22: "the late November meeting" of the Core Strategy Group (day not given).
LATE_NOVEMBER_2009 = datetime.date(2009, 11, 26)
COMMISSIONING_BODY_MEETING = datetime.date(2009, 12, 11)
# seed 000, paras 1-2: the Core Strategy Group's special meeting "in March 2009" identified
# both questions (day not given).
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
     "Supported by the Supporting People team since 2008 (seed 000, para 10)."),
    (CHIEF_EXECUTIVES, BodyKind.ESCALATION_BODY,
     "The local authority chief executives, to whom disputes are escalated."),
    (PUBLIC_SERVICE_BOARD, BodyKind.OTHER,
     "Approved the Partnership Governance Handbook in July 2009 (seed 000, paras 3-5)."),
    (HEALTH_AND_WELLBEING, BodyKind.OTHER,
     "The thematic partnership; service users and providers serve on it (seed 000, para 9)."),
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
            "escalated to the local authority chief executives (seed 000, paras 11 and 13)."
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
            "unable to reach a unanimous decision, a majority decision is allowed "
            "(seed 000, para 19)."
        ),
        "rule": {"kind": "unanimity", "base": "all"},
        "fallback": {"kind": "majority", "base": "all", "threshold": "1/2", "strict": True},
        "route": ROUTE_2009,
    },
    {
        "title": "Draft amendment: county council's variant (December 2009)",
        "adopted_on": None,
        "summary": (
            "As the officers' recommendation, but the majority at a second meeting limits "
            "the minority against to one vote (seed 000, para 22, Oxfordshire County Council)."
        ),
        "rule": {"kind": "unanimity", "base": "all"},
        "fallback": {"kind": "consensus", "max_against": 1},
        "route": ROUTE_2009,
    },
]

# ---------------------------------------------------------------- positions, late November 2009
SERVICE_USERS = "Involvement of service users in decision making"
MAJORITY_VOTING = "Majority voting as part of the conflict resolution process"
POSITIONS = {
    SERVICE_USERS: {
        PCT: (Stance.CONDITIONAL, "Processes can be put in place to ensure that providers and "
              "service users attend and contribute as and when they wish to."),
        WEST: (Stance.OPPOSE, "Cabinet, 19 November: the terms of the Memorandum of "
               "Understanding should remain unchanged."),
        SOUTH: (Stance.CONDITIONAL, "Would not wish to see the membership of the Commissioning "
                "Body expanded, although processes can be put in place to ensure that providers "
                "and service users attend and contribute as and when they wish to."),
        VALE: (Stance.CONDITIONAL, "In principle in support of provider and service user "
               "representation, but wished to consider this matter fully at the Commissioning "
               "Body."),
        CHERWELL: (Stance.CONDITIONAL, "Supported service users' involvement in the decision "
                   "making process, on a no vote basis."),
        COUNTY: (Stance.CONDITIONAL, "Cabinet member and Accountable Officer: mechanisms could "
                 "ensure meaningful representation by service user representatives, on a no "
                 "vote basis."),
        CITY: (Stance.CONDITIONAL, "Processes can be put in place to ensure that providers and "
               "service users attend and contribute as and when they wish to."),
    },
    MAJORITY_VOTING: {
        PCT: (Stance.SUPPORT, "Support for moving to a majority voting system as part of the "
              "conflict resolution process."),
        WEST: (Stance.OPPOSE, "Cabinet, 19 November: the terms of the Memorandum of "
               "Understanding should remain unchanged."),
        SOUTH: (Stance.SUPPORT, "Content to move to a majority voting system as part of the "
                "conflict resolution process."),
        VALE: (Stance.SUPPORT, "Content to move to a majority voting system as part of the "
               "conflict resolution process."),
        CHERWELL: (Stance.OPPOSE, "No support shown for moving to a majority voting system as "
                   "part of the conflict resolution process."),
        COUNTY: (Stance.CONDITIONAL, "Make the wording on conflict resolution clearer; majority "
                 "voting could be considered, limiting the minority against to one vote."),
        CITY: (Stance.OPPOSE, "Concerns about majority voting: limiting the minority against to "
               "one would still leave some partners' views not fully reflected in the decision."),
    },
}  # fmt: skip
# Thames Valley Probation stated no position: the register shows "none recorded".
