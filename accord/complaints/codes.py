"""Which ombudsman and which complaint handling code a complaint follows: data, chosen by
what the complaint is about and the date it was received (reference.md §8).

- Housing complaints about a landlord (an ALMO's landlord services) go to the Housing
  Ombudsman from 1 April 2013; its Complaint Handling Code is statutory from 1 April 2024
  (Social Housing (Regulation) Act 2023).
- Before 1 April 2013, and for the council's and the programme's own services (the
  administering authority, a provider of a Supporting People service), the Local
  Government (and Social Care) Ombudsman; its complaint handling code applies from
  1 April 2026 where there is no statutory process.

Before a code applies, the partnership's own procedure does (``code_for`` gives None). A
new ombudsman or code is a new row here, not a change of the complaints' records, which
keep the key they were given when received.
"""

import datetime
from dataclasses import dataclass

HOUSING_OMBUDSMAN = "housing"
LGSCO = "lgsco"

OMBUDSMEN = {
    HOUSING_OMBUDSMAN: (
        "Housing Ombudsman",
        "https://www.housing-ombudsman.org.uk/",
    ),
    LGSCO: (
        "Local Government and Social Care Ombudsman",
        "https://www.lgo.org.uk/",
    ),
}

# What a complaint can be about (Complaint.subject_kind).
PROVIDER = "provider"
AUTHORITY = "authority"
ALMO = "almo"

HOUSING_OMBUDSMAN_FROM = datetime.date(2013, 4, 1)


@dataclass(frozen=True)
class Route:
    """Complaints about ``kinds`` received from ``starts`` (None: always) until ``ends``
    (inclusive; None: still) go to ``ombudsman``."""

    kinds: frozenset[str]
    starts: datetime.date | None
    ends: datetime.date | None
    ombudsman: str

    def covers(self, kind: str, received: datetime.date) -> bool:
        return (
            kind in self.kinds
            and (self.starts is None or received >= self.starts)
            and (self.ends is None or received <= self.ends)
        )


ROUTES = (
    Route(frozenset({ALMO}), None, HOUSING_OMBUDSMAN_FROM - datetime.timedelta(days=1), LGSCO),
    Route(frozenset({ALMO}), HOUSING_OMBUDSMAN_FROM, None, HOUSING_OMBUDSMAN),
    Route(frozenset({PROVIDER, AUTHORITY}), None, None, LGSCO),
)


@dataclass(frozen=True)
class Code:
    key: str
    name: str
    ombudsman: str
    applies_from: datetime.date
    statutory: bool
    source: str


CODES = (
    Code(
        "hos-2024",
        "Housing Ombudsman Complaint Handling Code",
        HOUSING_OMBUDSMAN,
        datetime.date(2024, 4, 1),
        True,
        "https://housing-ombudsman.org.uk/landlords-info/complaint-handling-code/the-code-2024",
    ),
    Code(
        "lgsco-2026",
        "Local Government and Social Care Ombudsman Complaint Handling Code",
        LGSCO,
        datetime.date(2026, 4, 1),
        False,
        "https://llg.org.uk/news/the-lgsco-release-the-complaint-handling-code",
    ),
)
CODE_KEYS = {code.key: code for code in CODES}


def ombudsman_for(kind: str, received: datetime.date) -> str:
    for route in ROUTES:
        if route.covers(kind, received):
            return route.ombudsman
    raise KeyError(f"no ombudsman for a complaint about {kind!r} received on {received}")


def code_for(kind: str, received: datetime.date) -> Code | None:
    """The code a complaint follows, or None where only the partnership's procedure applies."""
    ombudsman = ombudsman_for(kind, received)
    applying = [c for c in CODES if c.ombudsman == ombudsman and c.applies_from <= received]
    return max(applying, key=lambda c: c.applies_from) if applying else None


def ombudsman_name(key: str) -> str:
    return OMBUDSMEN[key][0]


def ombudsman_address(key: str) -> str:
    return OMBUDSMEN[key][1]
