"""Oxfordshire's meetings and decisions, 2004-2009: the three disputes of the officers'
report of 11 December 2009 (paragraph 12) and the meetings of late 2009 that considered
the rules.

What the report says is recorded as it says it, cited in a human form. Where it gives no
date, place, time or vote, the demo invents one so that the record is whole, and the
loader marks that value illustrative in the data (accord/demo/illustrative.py): pages,
PDFs and exports then say "Illustrative: not from the source documents" beside it.
"""

import datetime
from typing import Any

from . import oxfordshire as oxon

# Illustrative: the report does not say where or when in the day the bodies met.
PLACE = "County Hall, New Road, Oxford"
START_TIME = datetime.time(10)

COMPROMISE = "compromise"
ESCALATE = "escalate"


def cited(paragraphs: str) -> str:
    """A citation of the officers' report, in words a reader can follow."""
    return f"(Oxfordshire Supporting People report to the Commissioning Body, {paragraphs})"


# Each dispute: the documents decided together, their rounds of votes at the Commissioning
# Body, what happened after a round that did not carry, and (2008) the decision taken
# outside the constitution. A round's date is sourced unless ``date_illustrative``; the
# dissenting partner is sourced, the other partners' votes are not (``against`` only).
DISPUTES: list[dict[str, Any]] = [
    {
        # Report, paragraphs 12-14: 24 November 2004, West Oxfordshire District Council.
        "documents": [
            {
                "title": "Strategy 2004-09",
                "kind": "strategy",
                "summary": (
                    "The five-year Supporting People strategy 2004-09, including the future "
                    "of resident wardens in sheltered housing."
                ),
                "amended": (
                    "The strategy 2004-09, amended on resident wardens in sheltered housing "
                    "after all partners sought a compromise."
                ),
            }
        ],
        "rounds": [
            {
                "date": datetime.date(2004, 11, 24),
                "against": [oxon.WEST],
                "after": [
                    {
                        "step": COMPROMISE,
                        "on": datetime.date(2004, 12, 1),  # illustrative
                        "note": "All partners actively sought a compromise "
                        + cited("paragraph 13")
                        + ".",
                        "amended": True,
                    }
                ],
            },
            # Report, paragraph 14: "a unanimous vote at a subsequent meeting ... on an
            # amended proposal"; the meeting's date is not given.
            {"date": datetime.date(2005, 1, 26), "date_illustrative": True, "against": []},
        ],
    },
    {
        # Report, paragraphs 12-14: 6 October 2005, Cherwell District Council. All partners
        # sought a compromise first; it was found by escalating to the chief executives.
        "documents": [
            {
                "title": "Amendment of Strategy 2004-09: services for young people",
                "kind": "strategy",
                "summary": (
                    "An amendment of the strategy 2004-09 on services for young people, "
                    "including teenage parents."
                ),
                "amended": (
                    "The amendment on services for young people (including teenage "
                    "parents), with the compromise the chief executives found."
                ),
            }
        ],
        "rounds": [
            {
                "date": datetime.date(2005, 10, 6),
                "against": [oxon.CHERWELL],
                "after": [
                    {
                        "step": COMPROMISE,
                        "on": datetime.date(2005, 10, 10),  # illustrative
                        "note": "All partners actively sought a compromise "
                        + cited("paragraph 13")
                        + ".",
                        "amended": False,
                    },
                    {
                        "step": ESCALATE,
                        "on": datetime.date(2005, 10, 13),  # illustrative
                        "note": "Escalated to the local authority chief executives under the "
                        "procedure in the Memorandum of Understanding "
                        + cited("paragraph 13")
                        + ".",
                        "result": "compromise_found",
                        "result_on": datetime.date(2005, 11, 3),  # illustrative
                        "result_note": "The chief executives found an acceptable compromise "
                        + cited("paragraph 13")
                        + ".",
                    },
                ],
            },
            {"date": datetime.date(2005, 12, 7), "date_illustrative": True, "against": []},
        ],
    },
    {
        # Report, paragraphs 12, 16-17: 11 July 2008, West Oxfordshire District Council; two
        # documents, "the majority decisions" approved by the county's chief executive.
        "documents": [
            {
                "title": "Strategy 2008-11",
                "kind": "strategy",
                "summary": (
                    "The Supporting People strategy 2008-11, including resident wardens in "
                    "sheltered housing."
                ),
            },
            {
                "title": "Annual Plan 2008-09",
                "kind": "annual_plan",
                "summary": (
                    "The Supporting People annual plan 2008-09, including resident wardens in "
                    "sheltered housing."
                ),
            },
        ],
        "rounds": [
            {
                "date": datetime.date(2008, 7, 11),
                "against": [oxon.WEST],
                "after": [
                    {
                        "step": ESCALATE,
                        "on": datetime.date(2008, 7, 18),  # illustrative
                        "note": (
                            "West Oxfordshire District Council and the other commissioning "
                            "partners saw no scope for a compromise; the dispute was escalated "
                            "to the Oxfordshire local authority chief executives "
                            + cited("paragraph 16")
                            + "."
                        ),
                        "result": "no_change",
                        "result_on": datetime.date(2008, 8, 1),  # illustrative
                        "result_note": "There was no change in positions "
                        + cited("paragraph 16")
                        + ".",
                    }
                ],
            },
        ],
        "outside": {
            "on": datetime.date(2008, 8, 8),  # illustrative
            "note": (
                "With the agreement of the other local authority chief executives, the County "
                "Council's Chief Executive approved the majority decisions of the Commissioning "
                "Body. There was no unanimous vote at a subsequent meeting of the Commissioning "
                "Body, nor did the usual call-in processes take place "
                + cited("paragraph 17")
                + ". The decisions were on the Strategy 2008-11 and the Annual Plan 2008-09 "
                + cited("paragraph 12")
                + "."
            ),
        },
    },
]

# The report to the Commissioning Body of 11 December 2009, kept in the demo's papers
# folder as Markdown and tabled as a PDF.
REPORT_FILE = "future-governance-2009-12-11.md"
REPORT_TITLE = "Future governance for commissioning of housing related services (officers' report)"
REPORT_SUMMARY = (
    "The officers' report to the Commissioning Body: service user involvement, conflict "
    "resolution and the partners' current positions."
)
GOVERNANCE_PROPOSAL: dict[str, Any] = {
    "title": "Future governance: conflict resolution and service user involvement",
    "kind": "constitutional_amendment",
    "summary": (
        "Amend the Memorandum of Understanding: strive for unanimity, but if at a second "
        "meeting the Commissioning Body is again unable to reach a unanimous decision, allow "
        "a majority decision " + cited("paragraph 19") + "; involve service user "
        "representatives in decision making " + cited("paragraphs 8 to 10") + "."
    ),
}
ITEMS_2009 = [
    (
        "Future governance: involvement of service users in decision making",
        "Service user representatives on the Core Strategy Group since 2 September 2009, and "
        "whether they should take part in the Commissioning Body's decisions "
        + cited("paragraphs 8 to 10")
        + ".",
    ),
    (
        "Future governance: conflict resolution",
        "The three disputes since 2004 and the officers' recommendation of a majority "
        "decision at a second meeting " + cited("paragraphs 11 to 21") + ".",
    ),
]

# The written contributions of the Core Strategy Group's two service user representatives
# (seated from 2 September 2009, seed 000, para 10) on the items of its late November 2009
# meeting: (item index in ITEMS_2009, representative index, text). The report records none:
# each text is illustrative, and so is the day it was submitted.
CONTRIBUTIONS_2009 = [
    (
        0,
        0,
        "We would like the papers a week before each meeting, with a briefing from the "
        "Supporting People team beforehand, so that we can read them with the people we "
        "represent and take part fully. Contributing without a vote is a good start.",
    ),
    (
        1,
        1,
        "Whichever rule the partners choose, we ask that a dispute does not hold up services: "
        "people waiting for support feel every month a decision is delayed.",
    ),
]
# The day before the meeting, at noon: when the contributions were submitted (illustrative).
CONTRIBUTIONS_SUBMITTED = datetime.datetime(2009, 11, 25, 12, tzinfo=datetime.UTC)
