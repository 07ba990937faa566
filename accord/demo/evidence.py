"""The demo's needs evidence (issue 15 item 4): for Gloucestershire and Oxfordshire, the
usage of services by client group, statutory homelessness acceptances (by district, and
by priority need), and a projection, each financial year from 2003/04 to 2010/11.

The seeds say only what the evidence was (seed 004: "current patterns of usage of housing
related support services, analysis of statutory homelessness figures, and national
projections of future needs"); ../shared/reference.md gives no local figure. Every figure
here is therefore invented, and imported as illustrative (each figure's value marked, and
each dataset's source and description): pages, charts and CSV files say so. The figures
are made by rule, not typed, so they hold together: each year's acceptances by priority
need add up to the districts' acceptances that year; usage is each client group's county
figure shared among the districts.

The priority needs are the statute's categories (Housing Act 1996 s189(1); the
Homelessness (Priority Need for Accommodation) (England) Order 2002), grouped as councils'
returns grouped them; only their names are from a source.
"""

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from accord.commissioning.models import ClientGroup, DatasetKind, DatasetUnit

from . import oxfordshire as oxon

FIRST_YEAR = 2003  # 2003/04: the programme's first year
LAST_YEAR = 2010  # 2010/11: the Area Based Grant's one year before Formula Grant
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)

# Each district's share of its county's figures (invented; they add up to 1).
SHARES = {
    "gloucestershire": {
        "Cheltenham Borough Council": Decimal("0.20"),
        "Cotswold District Council": Decimal("0.12"),
        "Forest of Dean District Council": Decimal("0.14"),
        "Gloucester City Council": Decimal("0.25"),
        "Stroud District Council": Decimal("0.17"),
        "Tewkesbury Borough Council": Decimal("0.12"),
    },
    "oxfordshire": {
        oxon.CHERWELL: Decimal("0.23"),
        oxon.CITY: Decimal("0.31"),
        oxon.SOUTH: Decimal("0.17"),
        oxon.VALE: Decimal("0.15"),
        oxon.WEST: Decimal("0.14"),
    },
}

# People supported in 2003/04 in each client group (county), and the change a year: older
# people's services shrink as wardens are remodelled into floating support; floating
# support for young people, offenders and people at risk of domestic violence grows.
USAGE = {
    ClientGroup.OLDER_PEOPLE: (Decimal(4200), Decimal("-0.03")),
    ClientGroup.FRAIL_ELDERLY: (Decimal(600), Decimal("-0.02")),
    ClientGroup.MENTAL_HEALTH: (Decimal(520), Decimal("0.04")),
    ClientGroup.LEARNING_DISABILITIES: (Decimal(380), Decimal("0.01")),
    ClientGroup.PHYSICAL_SENSORY: (Decimal(150), Decimal("0.02")),
    ClientGroup.SINGLE_HOMELESS: (Decimal(640), Decimal("0.05")),
    ClientGroup.DRUGS: (Decimal(160), Decimal("0.06")),
    ClientGroup.OFFENDERS: (Decimal(210), Decimal("0.07")),
    ClientGroup.YOUNG_PEOPLE_AT_RISK: (Decimal(330), Decimal("0.06")),
    ClientGroup.CARE_LEAVERS: (Decimal(90), Decimal("0.05")),
    ClientGroup.DOMESTIC_VIOLENCE: (Decimal(240), Decimal("0.08")),
    ClientGroup.HOMELESS_FAMILIES: (Decimal(200), Decimal("0.03")),
    ClientGroup.TEENAGE_PARENTS: (Decimal(70), Decimal("0.04")),
}
# How large each county's programme is beside these (Oxfordshire's is the larger).
SCALE = {"gloucestershire": Decimal("1.00"), "oxfordshire": Decimal("1.15")}

# Households accepted as homeless and in priority need, each year (county): high in the
# programme's first years, falling as prevention took hold, rising again in 2010/11.
ACCEPTANCES = {
    "gloucestershire": (1180, 1090, 930, 720, 560, 470, 420, 455),
    "oxfordshire": (1320, 1240, 1010, 790, 640, 520, 470, 500),
}
# The statute's priority needs, as returns grouped them, and each one's share.
PRIORITY_NEEDS = (
    ("Dependent children", Decimal("0.55")),
    ("Pregnant", Decimal("0.10")),
    ("Vulnerable: old age", Decimal("0.03")),
    ("Vulnerable: mental illness or disability", Decimal("0.13")),
    ("Aged 16 or 17", Decimal("0.07")),
    ("Care leaver aged 18 to 20", Decimal("0.02")),
    ("Fleeing violence or threats of violence", Decimal("0.06")),
    ("Other priority need", Decimal("0.04")),
)

# Older people (65 and over) who would need housing-related support, as a projection made
# for the 2004-09 strategy might put it: three scenarios from one 2003/04 figure.
PROJECTION_BASE = {"gloucestershire": Decimal(5200), "oxfordshire": Decimal(5600)}
PROJECTION_GROWTH = (
    ("Low", Decimal("0.010")),
    ("Central", Decimal("0.020")),
    ("High", Decimal("0.032")),
)


@dataclass(frozen=True)
class DemoDataset:
    key: str
    kind: str
    title: str
    source: str
    unit: str
    description: str
    is_public: bool
    rows: tuple[tuple[str, str, str, str, str], ...]

    def values(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "title": self.title,
            "source": self.source,
            "unit": self.unit,
            "description": self.description,
            "is_public": self.is_public,
        }

    def csv(self) -> bytes:
        """The rows as the import reads them."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["financial_year", "district", "client_group", "category", "value"])
        writer.writerows(self.rows)
        return out.getvalue().encode()


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def shared(total: int, shares: list[Decimal]) -> list[int]:
    """``total`` split in these shares, in whole numbers that add up to it (the largest
    remainders get the odd ones)."""
    exact = [total * share for share in shares]
    parts = [int(value) for value in exact]
    left = total - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: exact[i] - parts[i], reverse=True)
    for index in order[:left]:
        parts[index] += 1
    return parts


def usage(slug: str) -> DemoDataset:
    districts = SHARES[slug]
    rows = []
    for year in YEARS:
        step = year - FIRST_YEAR
        for group, (base, change) in USAGE.items():
            county = whole(base * SCALE[slug] * (1 + change) ** step)
            for name, part in zip(districts, shared(county, list(districts.values())), strict=True):
                rows.append((year_label(year), name, str(int(group)), "", str(part)))
    return DemoDataset(
        "usage",
        DatasetKind.USAGE,
        "People supported by client group",
        "Client Record and providers' quarterly returns",
        DatasetUnit.PEOPLE,
        "People supported by the programme's services in each financial year, by primary "
        "client group and the district they live in.",
        False,
        tuple(rows),
    )


def acceptances(slug: str) -> DemoDataset:
    districts = SHARES[slug]
    rows = []
    for year, total in zip(YEARS, ACCEPTANCES[slug], strict=True):
        for name, part in zip(districts, shared(total, list(districts.values())), strict=True):
            rows.append((year_label(year), name, "", "Acceptances", str(part)))
    return DemoDataset(
        "acceptances",
        DatasetKind.HOMELESSNESS,
        "Statutory homelessness acceptances",
        "The district councils' P1E returns",
        DatasetUnit.HOUSEHOLDS,
        "Households each district council accepted as homeless, eligible for assistance, "
        "unintentionally homeless and in priority need.",
        True,
        tuple(rows),
    )


def priority_need(slug: str) -> DemoDataset:
    rows = []
    for year, total in zip(YEARS, ACCEPTANCES[slug], strict=True):
        parts = shared(total, [share for _, share in PRIORITY_NEEDS])
        for (need, _), part in zip(PRIORITY_NEEDS, parts, strict=True):
            rows.append((year_label(year), "", "", need, str(part)))
    return DemoDataset(
        "priority-need",
        DatasetKind.HOMELESSNESS,
        "Homelessness acceptances by priority need",
        "The district councils' P1E returns, added up for the county",
        DatasetUnit.HOUSEHOLDS,
        "The same acceptances for the whole county, by the priority need that made each "
        "household's case (Housing Act 1996 s189; the Priority Need Order 2002).",
        True,
        tuple(rows),
    )


def projection(slug: str) -> DemoDataset:
    rows = []
    for year in YEARS:
        step = year - FIRST_YEAR
        for scenario, growth in PROJECTION_GROWTH:
            value = whole(PROJECTION_BASE[slug] * (1 + growth) ** step)
            rows.append((year_label(year), "", "", scenario, str(value)))
    return DemoDataset(
        "projection",
        DatasetKind.PROJECTION,
        "Older people needing support, projected",
        "Population projections applied to the programme's 2003/04 rate of support",
        DatasetUnit.PEOPLE,
        "Older people aged 65 and over who would need housing-related support, projected "
        "from 2003/04 under three scenarios of growth, for the 2004-09 strategy.",
        True,
        tuple(rows),
    )


def evidence_for(slug: str) -> list[DemoDataset]:
    return [usage(slug), acceptances(slug), priority_need(slug), projection(slug)]


# The datasets' invented values, marked on each (the figures are marked as imported).
ILLUSTRATIVE_FIELDS = ("source", "description")
