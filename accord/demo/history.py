"""Oxfordshire's meetings and decisions, 2004-2009: the three disputes of seed 000 (para 12)
and the meetings of late 2009 that considered the rules.

Where the seed gives no date or place, the value is assumed and marked ``# assumed``.
"""

import datetime
from typing import Any

from . import oxfordshire as oxon

PLACE = "County Hall, New Road, Oxford"  # assumed: the seeds do not say where they met

COMPROMISE = "compromise"
ESCALATE = "escalate"

# Each dispute: the proposal, its rounds of votes at the Commissioning Body, what happened
# after a round that did not carry, and (2008) the decision taken outside the constitution.
DISPUTES: list[dict[str, Any]] = [
    {
        # seed 000, paras 12-14: 24 November 2004, West Oxfordshire District Council.
        "title": "Strategy 2004-09",
        "kind": "strategy",
        "summary": (
            "The five-year Supporting People strategy 2004-09, including the future of "
            "resident wardens in sheltered housing."
        ),
        "rounds": [
            {
                "date": datetime.date(2004, 11, 24),
                "against": [oxon.WEST],
                "after": {
                    "step": COMPROMISE,
                    "on": datetime.date(2004, 12, 1),  # assumed
                    "note": "All partners actively sought a compromise (seed 000, para 13).",
                    "amended": (
                        "The strategy 2004-09, amended on resident wardens in sheltered housing "
                        "after all partners sought a compromise."
                    ),
                },
            },
            # seed 000, para 14: "a unanimous vote at a subsequent meeting ... on an amended
            # proposal"; the meeting's date is not given.
            {"date": datetime.date(2005, 1, 26), "against": []},  # assumed date
        ],
    },
    {
        # seed 000, paras 12-14: 6 October 2005, Cherwell District Council.
        "title": "Amendment of Strategy 2004-09: services for young people",
        "kind": "strategy",
        "summary": (
            "An amendment of the strategy 2004-09 on services for young people, including "
            "teenage parents."
        ),
        "rounds": [
            {
                "date": datetime.date(2005, 10, 6),
                "against": [oxon.CHERWELL],
                "after": {
                    "step": ESCALATE,
                    "on": datetime.date(2005, 10, 13),  # assumed
                    "note": "Escalated under the Memorandum of Understanding (seed 000, para 13).",
                    "result": "compromise_found",
                    "result_on": datetime.date(2005, 11, 3),  # assumed
                    "result_note": "The chief executives found an acceptable compromise.",
                    "amended": (
                        "The amendment on services for young people (including teenage "
                        "parents), with the compromise the chief executives found."
                    ),
                },
            },
            {"date": datetime.date(2005, 12, 7), "against": []},  # assumed date
        ],
    },
    {
        # seed 000, paras 12, 16-17: 11 July 2008, West Oxfordshire District Council.
        "title": "Strategy 2008-11 and Annual Plan 2008-09",
        "kind": "annual_plan",
        "summary": (
            "The strategy 2008-11 and the annual plan 2008-09, including resident wardens in "
            "sheltered housing."
        ),
        "rounds": [
            {
                "date": datetime.date(2008, 7, 11),
                "against": [oxon.WEST],
                "after": {
                    "step": ESCALATE,
                    "on": datetime.date(2008, 7, 18),  # assumed
                    "note": (
                        "West Oxfordshire District Council and the other partners saw no "
                        "scope for a compromise (seed 000, para 16)."
                    ),
                    "result": "no_change",
                    "result_on": datetime.date(2008, 8, 1),  # assumed
                    "result_note": "There was no change in positions (seed 000, para 16).",
                },
            },
        ],
        "outside": {
            "on": datetime.date(2008, 8, 8),  # assumed
            "note": (
                "With the agreement of the other local authority chief executives, the County "
                "Council's Chief Executive approved the majority decision of the Commissioning "
                "Body. There was no unanimous vote at a subsequent meeting of the Commissioning "
                "Body, nor did the usual call-in processes take place (seed 000, para 17)."
            ),
        },
    },
]

# seed 000: the report to the Commissioning Body of 11 December 2009, kept in the demo's
# papers folder and tabled as a PDF.
REPORT_FILE = "future-governance-2009-12-11.md"
REPORT_TITLE = "Future governance for commissioning of housing related services (officers' report)"
GOVERNANCE_PROPOSAL = {
    "title": "Future governance: conflict resolution and service user involvement",
    "kind": "constitutional_amendment",
    "summary": (
        "Amend the Memorandum of Understanding: strive for unanimity, but if at a second "
        "meeting the Commissioning Body is again unable to reach a unanimous decision, allow "
        "a majority decision (seed 000, para 19); involve service user representatives in "
        "decision making (paras 8-10)."
    ),
}
ITEMS_2009 = [
    (
        "Future governance: involvement of service users in decision making",
        "Service user representatives on the Core Strategy Group since 2 September 2009, and "
        "whether they should take part in the Commissioning Body's decisions (seed 000, "
        "paras 8-10).",
    ),
    (
        "Future governance: conflict resolution",
        "The three disputes since 2004 and the officers' recommendation of a majority "
        "decision at a second meeting (seed 000, paras 11-21).",
    ),
]
