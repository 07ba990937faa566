"""The demo's services directory (issue 15 item 2): 25 to 40 services in each partnership,
across more than ten client groups and every delivery model, on the demo's providers
(accord/demo/providers.py).

What the seeds give:

- Seed 000 (Oxfordshire, report of 11 December 2009, paragraph 12): the Strategy 2004-09
  (24 November 2004) and the Strategy 2008-11 and Annual Plan 2008-09 (11 July 2008) were
  disputed "in relation to resident wardens in sheltered housing"; the Amendment of the
  Strategy 2004-09 (6 October 2005) "in relation to services for young people (including
  teenage parents)". The services below carry those decisions in their history (OXON-0001,
  OXON-0002, OXON-0010, OXON-0011). What each decision changed in the service is invented.
- Seed 004 (Gloucestershire): services were redesigned towards "floating support services,
  thereby enabling people to remain in the home of their choice with support coming to
  them, as opposed to people having to move to alternative accommodation": the demo's
  floating support grows, year by year, as accommodation-based services shrink (the
  dates and figures of those changes are invented).

Everything else (references, names, capacities, dates, districts, addresses, the content of
each change) is invented and marked illustrative. References are stable (GLOS-0001,
OXON-0001...): the demo's contracts find their services by them.
"""

import datetime
from dataclasses import dataclass
from typing import Any, Protocol

from accord.commissioning import services as commissioning
from accord.commissioning.models import (
    CapacityUnit,
    ClientGroup,
    DeliveryModel,
    Provider,
    Service,
    ServiceChange,
    ServiceStatus,
    ServiceTerm,
    ServiceType,
)
from accord.decisions.models import Proposal
from accord.governance.models import Partner
from accord.partnerships.models import Partnership

from . import gloucestershire as glos
from . import oxfordshire as oxon
from .history import DISPUTES
from .illustrative import illustrative_mark

CG = ClientGroup
ST = ServiceType
ACC, FLT, OUT, ALM = (
    DeliveryModel.ACCOMMODATION,
    DeliveryModel.FLOATING,
    DeliveryModel.OUTREACH,
    DeliveryModel.ALARM,
)
SHORT, LONG = ServiceTerm.SHORT, ServiceTerm.LONG
UNITS, HOURS, PLACES = CapacityUnit.UNITS, CapacityUnit.HOURS, CapacityUnit.PLACES
START = oxon.PROGRAMME_START  # Supporting People began on 1 April 2003

# The seed's decisions, by the titles the demo's history gives them.
STRATEGY_2004 = DISPUTES[0]["documents"][0]["title"]
YOUNG_PEOPLE_2005 = DISPUTES[1]["documents"][0]["title"]
STRATEGY_2008 = DISPUTES[2]["documents"][0]["title"]
ANNUAL_PLAN_2008 = DISPUTES[2]["documents"][1]["title"]


@dataclass(frozen=True)
class DemoLocation:
    name: str
    address_line_1: str
    town: str
    postcode: str
    units: int | None = None

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "address_line_1": self.address_line_1,
            "town": self.town,
            "postcode": self.postcode,
            "units": self.units,
        }


@dataclass(frozen=True)
class DemoChange:
    """One entry of a service's history after its entry in the directory."""

    on: datetime.date
    summary: str
    values: dict[str, Any]
    decision: str = ""  # a carried decision's title (Oxfordshire's disputes)
    # True when the seed gives the date (the decision's meeting); otherwise invented.
    date_sourced: bool = False


@dataclass(frozen=True)
class DemoService:
    reference: str
    provider: str
    name: str
    service_type: str
    delivery_model: str
    term: str
    primary: int
    capacity: int
    unit: str
    districts: tuple[str, ...]
    secondary: tuple[int, ...] = ()
    start: datetime.date = START
    status: str = ServiceStatus.COMMISSIONED
    decision: str = ""  # the carried decision behind its entry, when there is one
    locations: tuple[DemoLocation, ...] = ()
    history: tuple[DemoChange, ...] = ()
    description: str = ""
    # Fields whose values the seeds give (the rest are illustrative).
    sourced: tuple[str, ...] = ()

    def values(self) -> dict[str, Any]:
        group = ClientGroup(self.primary).label
        eligibility = f"{group} living in the area it covers."
        route = (
            "Referral by the district council's housing options team, or by the person "
            "themselves through the provider."
        )
        return {
            "reference": self.reference,
            "name": self.name,
            "description": self.description
            or f"{ServiceType(self.service_type).label} for {group.lower()}.",
            "service_type": self.service_type,
            "term": self.term,
            "delivery_model": self.delivery_model,
            "primary_client_group": int(self.primary),
            "secondary_client_groups": [int(code) for code in self.secondary],
            "capacity": self.capacity,
            "capacity_unit": self.unit,
            "eligibility": eligibility,
            "referral_route": route,
            "start_date": self.start,
            "status": self.status,
        }

    def illustrative(self) -> tuple[str, ...]:
        """Every value it has but those the seeds give (a service's districts and
        secondary groups are relations, not fields: the page marks the whole record)."""
        fields = [
            "reference", "provider", "name", "description", "service_type", "term",
            "delivery_model", "primary_client_group", "capacity", "capacity_unit",
            "eligibility", "referral_route", "start_date", "end_date", "status",
        ]  # fmt: skip
        return tuple(name for name in fields if name not in self.sourced)


def loc(name: str, street: str, town: str, postcode: str, units: int) -> DemoLocation:
    return DemoLocation(name, street, town, postcode, units)


G = glos.DISTRICTS
CHELTENHAM, COTSWOLD, FOREST, GLOUCESTER, STROUD, TEWKESBURY = G
ALL_GLOS = tuple(G)
ALL_OXON = (oxon.CHERWELL, oxon.CITY, oxon.SOUTH, oxon.VALE, oxon.WEST)


def grows(reference_year: int, *steps: tuple[int, int]) -> tuple[DemoChange, ...]:
    """Floating support growing (seed 004): its capacity on 1 April of each year given."""
    return tuple(
        DemoChange(
            datetime.date(year, 4, 1),
            "Capacity increased as support moved to people's own homes (floating support "
            "replacing accommodation-based services; the figure is illustrative)",
            {"capacity": capacity},
        )
        for year, capacity in steps
        if year >= reference_year
    )


def shrinks(*steps: tuple[int, int]) -> tuple[DemoChange, ...]:
    """Accommodation-based support shrinking (seed 004): its capacity from each year."""
    return tuple(
        DemoChange(
            datetime.date(year, 4, 1),
            "Capacity reduced as floating support replaced accommodation-based support "
            "(the figure is illustrative)",
            {"capacity": capacity},
        )
        for year, capacity in steps
    )


GLOUCESTERSHIRE: list[DemoService] = [
    DemoService(
        "GLOS-0001", "Cheltenham Borough Homes",
        "Cheltenham sheltered housing with resident wardens",
        ST.SHELTERED, ACC, LONG, CG.OLDER_PEOPLE, 620, UNITS, (CHELTENHAM,), (CG.FRAIL_ELDERLY,),
        locations=(
            loc("St Margaret's Court", "St Margaret's Road", "Cheltenham", "GL50 4DY", 42),
            loc("Hesters Way sheltered scheme", "Hesters Way Road", "Cheltenham", "GL51 0DF", 36),
        ),
        history=shrinks((2006, 560), (2008, 480), (2009, 420)),
    ),
    DemoService(
        "GLOS-0002", "Stroud District Council", "Stroud sheltered housing: scheme managers",
        ST.SHELTERED, ACC, LONG, CG.OLDER_PEOPLE, 410, UNITS, (STROUD,),
        locations=(loc("Bisley Court", "Bisley Old Road", "Stroud", "GL5 1LT", 30),),
        history=shrinks((2007, 360), (2009, 300)),
    ),
    DemoService(
        "GLOS-0003", "Lifeline Community Alarms Ltd", "Gloucestershire community alarm service",
        ST.ALARM, ALM, LONG, CG.OLDER_PEOPLE, 3200, UNITS, ALL_GLOS,
        (CG.FRAIL_ELDERLY, CG.PHYSICAL_SENSORY),
        history=grows(2005, (2005, 3600), (2007, 4100), (2009, 4600)),
    ),
    DemoService(
        "GLOS-0004", "Cotswold Floating Support Trust", "Cotswold generic floating support",
        ST.FLOATING, FLT, SHORT, CG.GENERIC, 90, PLACES, (COTSWOLD,),
        (CG.MENTAL_HEALTH, CG.SINGLE_HOMELESS),
        history=grows(2005, (2005, 130), (2007, 180), (2009, 240)),
    ),
    DemoService(
        "GLOS-0005", "Severn Vale Housing Society", "Tewkesbury floating support",
        ST.FLOATING, FLT, SHORT, CG.GENERIC, 60, PLACES, (TEWKESBURY,),
        history=grows(2006, (2006, 95), (2008, 140)),
    ),
    DemoService(
        "GLOS-0006", "Hearthstone Housing Association", "Older people's floating support",
        ST.FLOATING, FLT, LONG, CG.OLDER_PEOPLE, 150, PLACES, ALL_GLOS,
        (CG.OLDER_PEOPLE_MENTAL_HEALTH,), start=datetime.date(2005, 4, 1),
        history=grows(2006, (2007, 260), (2009, 380)),
    ),
    DemoService(
        "GLOS-0007", "Gloucestershire Young People's Foyer", "Gloucester Foyer",
        ST.ACCOMMODATION, ACC, SHORT, CG.YOUNG_PEOPLE_AT_RISK, 64, UNITS, (GLOUCESTER,),
        (CG.CARE_LEAVERS,),
        locations=(loc("The Foyer", "1 Bruton Way", "Gloucester", "GL1 1DQ", 64),),
        history=shrinks((2008, 52)),
    ),
    DemoService(
        "GLOS-0008", "Gloucestershire Young People's Foyer", "Teenage Parents Project",
        ST.ACCOMMODATION_WITH_FLOATING, ACC, SHORT, CG.TEENAGE_PARENTS, 18, UNITS,
        (GLOUCESTER, CHELTENHAM), (CG.YOUNG_PEOPLE_AT_RISK,),
        locations=(loc("Bruton House", "3 Bruton Way", "Gloucester", "GL1 1DQ", 18),),
    ),
    DemoService(
        "GLOS-0009", "Gloucestershire Young People's Foyer", "Young people's floating support",
        ST.FLOATING, FLT, SHORT, CG.YOUNG_PEOPLE_AT_RISK, 40, PLACES, ALL_GLOS,
        (CG.CARE_LEAVERS, CG.TEENAGE_PARENTS), start=datetime.date(2006, 4, 1),
        history=grows(2007, (2008, 70), (2009, 95)),
    ),
    DemoService(
        "GLOS-0010", "Forest of Dean Women's Refuge", "Forest of Dean refuge",
        ST.ACCOMMODATION, ACC, SHORT, CG.DOMESTIC_VIOLENCE, 8, UNITS, (FOREST,),
        locations=(loc("The Refuge", "Confidential address", "Cinderford", "GL14 2YD", 8),),
    ),
    DemoService(
        "GLOS-0011", "Forest of Dean Women's Refuge", "Domestic abuse floating support",
        ST.FLOATING, FLT, SHORT, CG.DOMESTIC_VIOLENCE, 35, PLACES, (FOREST, GLOUCESTER, STROUD),
        start=datetime.date(2006, 10, 1), history=grows(2008, (2008, 55)),
    ),
    DemoService(
        "GLOS-0012", "Open Door Recovery", "Drug and alcohol floating support",
        ST.FLOATING, FLT, SHORT, CG.DRUGS, 70, PLACES, ALL_GLOS, (CG.ALCOHOL,),
        history=grows(2006, (2006, 90), (2009, 120)),
    ),
    DemoService(
        "GLOS-0013", "Open Door Recovery", "Brunswick Road dry house",
        ST.ACCOMMODATION, ACC, SHORT, CG.ALCOHOL, 14, UNITS, (GLOUCESTER,), (CG.DRUGS,),
        locations=(loc("Brunswick House", "22 Brunswick Road", "Gloucester", "GL1 1HG", 14),),
        history=shrinks((2009, 10)),
    ),
    DemoService(
        "GLOS-0014", "Gloucester City Council", "Gloucester homeless families hostel",
        ST.ACCOMMODATION, ACC, SHORT, CG.HOMELESS_FAMILIES, 30, UNITS, (GLOUCESTER,),
        locations=(loc("Westgate family centre", "Westgate Street", "Gloucester", "GL1 2NW", 30),),
        history=shrinks((2007, 24), (2009, 18)),
    ),
    DemoService(
        "GLOS-0015", "Gloucester City Council", "Homeless families resettlement",
        ST.RESETTLEMENT, FLT, SHORT, CG.HOMELESS_FAMILIES, 45, PLACES, (GLOUCESTER,),
        start=datetime.date(2007, 4, 1), history=grows(2008, (2009, 70)),
    ),
    DemoService(
        "GLOS-0016", "Hearthstone Housing Association", "Cheltenham direct access hostel",
        ST.ACCOMMODATION, ACC, SHORT, CG.SINGLE_HOMELESS, 38, UNITS, (CHELTENHAM,),
        (CG.ROUGH_SLEEPERS, CG.ALCOHOL),
        locations=(loc("Lansdown hostel", "4 Lansdown Walk", "Cheltenham", "GL50 2JA", 38),),
        history=shrinks((2008, 30)),
    ),
    DemoService(
        "GLOS-0017", "Hearthstone Housing Association", "Rough sleepers outreach",
        ST.OUTREACH, OUT, SHORT, CG.ROUGH_SLEEPERS, 25, PLACES, (CHELTENHAM, GLOUCESTER),
        (CG.SINGLE_HOMELESS,),
    ),
    DemoService(
        "GLOS-0018", "Keystone Care and Support Ltd", "Mental health supported housing",
        ST.ACCOMMODATION, ACC, LONG, CG.MENTAL_HEALTH, 26, UNITS, (GLOUCESTER, STROUD),
        locations=(
            loc("Quedgeley House", "Waterwells Drive", "Quedgeley", "GL2 2AT", 12),
            loc("Cainscross flats", "Cainscross Road", "Stroud", "GL5 4HA", 14),
        ),
        history=shrinks((2009, 20)),
    ),
    DemoService(
        "GLOS-0019", "Keystone Care and Support Ltd", "Mental health floating support",
        ST.FLOATING, FLT, LONG, CG.MENTAL_HEALTH, 800, HOURS, ALL_GLOS,
        (CG.MENTALLY_DISORDERED_OFFENDERS,), history=grows(2006, (2006, 950), (2008, 1200)),
    ),
    DemoService(
        "GLOS-0020", "Brightwell Care Ltd", "Learning disabilities supported living",
        ST.ACCOMMODATION, ACC, LONG, CG.LEARNING_DISABILITIES, 40, UNITS, (STROUD, COTSWOLD),
        locations=(loc("Brightwell House", "London Road", "Stroud", "GL5 2AT", 40),),
    ),
    DemoService(
        "GLOS-0021", "Brightwell Care Ltd", "Physical disability floating support",
        ST.FLOATING, FLT, LONG, CG.PHYSICAL_SENSORY, 300, HOURS, (STROUD, COTSWOLD, FOREST),
    ),
    DemoService(
        "GLOS-0022", "Gloucestershire Home Improvement Agency", "Care and Repair",
        ST.HOME_IMPROVEMENT, FLT, LONG, CG.OLDER_PEOPLE, 900, PLACES, ALL_GLOS,
        (CG.PHYSICAL_SENSORY,),
    ),
    DemoService(
        "GLOS-0023", "Tewkesbury Traveller Support Project", "Traveller support",
        ST.FLOATING, FLT, LONG, CG.TRAVELLERS, 20, PLACES, (TEWKESBURY, GLOUCESTER),
    ),
    DemoService(
        "GLOS-0024", "Severn Vale Housing Society", "Offenders' supported housing",
        ST.ACCOMMODATION_WITH_FLOATING, ACC, SHORT, CG.OFFENDERS, 16, UNITS, (TEWKESBURY,),
        locations=(loc("Shannon House", "Shannon Way", "Tewkesbury", "GL20 8ND", 16),),
    ),
    DemoService(
        "GLOS-0025", "Open Door Recovery", "HIV support",
        ST.FLOATING, FLT, LONG, CG.HIV_AIDS, 12, PLACES, ALL_GLOS,
    ),
    DemoService(
        "GLOS-0026", "Cotswold Floating Support Trust", "Refugee resettlement",
        ST.RESETTLEMENT, FLT, SHORT, CG.REFUGEES, 15, PLACES, (GLOUCESTER, CHELTENHAM),
        start=datetime.date(2009, 10, 1), status=ServiceStatus.PLANNED,
    ),
    DemoService(
        "GLOS-0027", "Cheltenham Borough Homes", "Cheltenham older people's floating support",
        ST.FLOATING, FLT, LONG, CG.OLDER_PEOPLE, 120, PLACES, (CHELTENHAM,),
        start=datetime.date(2006, 4, 1), history=grows(2007, (2008, 200), (2009, 260)),
    ),
]  # fmt: skip


WARDENS_2004 = (
    "Resident wardens in sheltered housing, under the Strategy 2004-09 as amended after "
    "all partners sought a compromise; that the service was "
    "remodelled, and how, is illustrative"
)
WARDENS_2008 = (
    "Resident wardens in sheltered housing, under the Strategy 2008-11 and Annual Plan "
    "2008-09: the majority decisions the County Council's Chief Executive approved over "
    "West Oxfordshire District Council's dissent; that "
    "the resident wardens end, and when, is illustrative"
)
YOUNG_PEOPLE = (
    "Services for young people (including teenage parents), under the Amendment of the "
    "Strategy 2004-09 with the compromise the chief executives found; what changed in the "
    "service is illustrative"
)

OXFORDSHIRE: list[DemoService] = [
    DemoService(
        "OXON-0001", oxon.WEST, "West Oxfordshire resident wardens in sheltered housing",
        ST.SHELTERED, ACC, LONG, CG.OLDER_PEOPLE, 480, UNITS, (oxon.WEST,), (CG.FRAIL_ELDERLY,),
        locations=(
            loc("Marriotts Close", "Marriotts Close", "Witney", "OX28 6DL", 34),
            loc("Thorney Leys", "Thorney Leys", "Witney", "OX28 5JR", 28),
            loc("Chipping Norton court", "Albion Street", "Chipping Norton", "OX7 5BJ", 30),
        ),
        history=(
            DemoChange(datetime.date(2005, 1, 26), WARDENS_2004,
                       {"status": ServiceStatus.REMODELLING}, decision=STRATEGY_2004),
            DemoChange(datetime.date(2008, 8, 8), WARDENS_2008,
                       {"status": ServiceStatus.DECOMMISSIONED,
                        "end_date": datetime.date(2009, 3, 31)}, decision=STRATEGY_2008),
        ),
        sourced=("service_type",),
    ),
    DemoService(
        "OXON-0002", "Oxfordshire Homes Management Ltd",
        "West Oxfordshire sheltered housing: visiting scheme managers and alarms",
        ST.SHELTERED, ACC, LONG, CG.OLDER_PEOPLE, 480, UNITS, (oxon.WEST,),
        (CG.FRAIL_ELDERLY,), start=datetime.date(2009, 4, 1), decision=ANNUAL_PLAN_2008,
        locations=(loc("Marriotts Close", "Marriotts Close", "Witney", "OX28 6DL", 34),),
        sourced=("service_type",),
    ),
    DemoService(
        "OXON-0003", "Ock Valley Housing Society", "Vale sheltered housing",
        ST.SHELTERED, ACC, LONG, CG.OLDER_PEOPLE, 350, UNITS, (oxon.VALE,),
        locations=(loc("Ock Mill Close", "Ock Street", "Abingdon", "OX14 5DH", 40),),
        history=shrinks((2007, 300), (2009, 260)),
    ),
    DemoService(
        "OXON-0004", "Cornerstone Community Alarms Ltd", "Oxfordshire community alarms",
        ST.ALARM, ALM, LONG, CG.OLDER_PEOPLE, 2800, UNITS, ALL_OXON,
        (CG.FRAIL_ELDERLY, CG.PHYSICAL_SENSORY),
        history=grows(2005, (2006, 3300), (2009, 3900)),
    ),
    DemoService(
        "OXON-0005", "Isis Floating Support", "Oxford generic floating support",
        ST.FLOATING, FLT, SHORT, CG.GENERIC, 140, PLACES, (oxon.CITY,),
        (CG.SINGLE_HOMELESS, CG.MENTAL_HEALTH),
        history=grows(2005, (2005, 190), (2007, 250), (2009, 320)),
    ),
    DemoService(
        "OXON-0006", "Isis Floating Support", "South and Vale floating support",
        ST.FLOATING, FLT, SHORT, CG.GENERIC, 80, PLACES, (oxon.SOUTH, oxon.VALE),
        history=grows(2006, (2006, 120), (2008, 170)),
    ),
    DemoService(
        "OXON-0007", "Hearthstone Housing Association", "Older people's floating support",
        ST.FLOATING, FLT, LONG, CG.OLDER_PEOPLE, 200, PLACES, ALL_OXON,
        (CG.OLDER_PEOPLE_MENTAL_HEALTH,), start=datetime.date(2005, 4, 1),
        history=grows(2006, (2007, 300), (2009, 420)),
    ),
    DemoService(
        "OXON-0008", "Oxford Night Shelter Trust", "Luther Street direct access hostel",
        ST.ACCOMMODATION, ACC, SHORT, CG.SINGLE_HOMELESS, 56, UNITS, (oxon.CITY,),
        (CG.ROUGH_SLEEPERS, CG.ALCOHOL),
        locations=(loc("Luther Street hostel", "Luther Street", "Oxford", "OX1 1TD", 56),),
        history=shrinks((2007, 48), (2009, 40)),
    ),
    DemoService(
        "OXON-0009", "Oxford Night Shelter Trust", "Oxford street outreach",
        ST.OUTREACH, OUT, SHORT, CG.ROUGH_SLEEPERS, 40, PLACES, (oxon.CITY,),
        (CG.SINGLE_HOMELESS,),
    ),
    DemoService(
        "OXON-0010", "Cherwell Young People's Housing Trust", "Banbury Teenage Parents Project",
        ST.ACCOMMODATION_WITH_FLOATING, ACC, SHORT, CG.TEENAGE_PARENTS, 14, UNITS,
        (oxon.CHERWELL,), (CG.YOUNG_PEOPLE_AT_RISK,),
        locations=(loc("Broad Street flats", "31 Broad Street", "Banbury", "OX16 5BQ", 14),),
        history=(
            DemoChange(datetime.date(2005, 12, 7), YOUNG_PEOPLE,
                       {"capacity": 20, "secondary_client_groups": [CG.YOUNG_PEOPLE_AT_RISK,
                                                                    CG.CARE_LEAVERS]},
                       decision=YOUNG_PEOPLE_2005),
        ),
        sourced=("primary_client_group",),
    ),
    DemoService(
        "OXON-0011", "Cherwell Young People's Housing Trust", "Young people's floating support",
        ST.FLOATING, FLT, SHORT, CG.YOUNG_PEOPLE_AT_RISK, 30, PLACES, ALL_OXON,
        (CG.CARE_LEAVERS, CG.TEENAGE_PARENTS), start=datetime.date(2006, 4, 1),
        decision=YOUNG_PEOPLE_2005, history=grows(2007, (2008, 55), (2009, 75)),
        sourced=("primary_client_group",),
    ),
    DemoService(
        "OXON-0012", "Cherwell Young People's Housing Trust", "Banbury young people's hostel",
        ST.ACCOMMODATION, ACC, SHORT, CG.YOUNG_PEOPLE_AT_RISK, 24, UNITS, (oxon.CHERWELL,),
        (CG.CARE_LEAVERS,),
        locations=(loc("Horse Fair house", "2 Horse Fair", "Banbury", "OX16 0AA", 24),),
        history=shrinks((2008, 18)),
    ),
    DemoService(
        "OXON-0013", "Thames Valley Women's Aid", "Oxfordshire refuges",
        ST.ACCOMMODATION, ACC, SHORT, CG.DOMESTIC_VIOLENCE, 22, UNITS, ALL_OXON,
        locations=(loc("Oxford refuge", "Confidential address", "Oxford", "OX4 9FH", 22),),
    ),
    DemoService(
        "OXON-0014", "Thames Valley Women's Aid", "Domestic abuse floating support",
        ST.FLOATING, FLT, SHORT, CG.DOMESTIC_VIOLENCE, 40, PLACES, ALL_OXON,
        start=datetime.date(2006, 4, 1), history=grows(2007, (2008, 65)),
    ),
    DemoService(
        "OXON-0015", "Open Door Recovery", "Drug and alcohol floating support",
        ST.FLOATING, FLT, SHORT, CG.DRUGS, 60, PLACES, ALL_OXON, (CG.ALCOHOL,),
        history=grows(2006, (2007, 85)),
    ),
    DemoService(
        "OXON-0016", "Open Door Recovery", "Cowley Road recovery house",
        ST.ACCOMMODATION, ACC, SHORT, CG.ALCOHOL, 12, UNITS, (oxon.CITY,), (CG.DRUGS,),
        locations=(loc("Cowley Road house", "14 Cowley Road", "Oxford", "OX4 1HZ", 12),),
    ),
    DemoService(
        "OXON-0017", "Banbury Mental Health Support Ltd", "Mental health supported housing",
        ST.ACCOMMODATION, ACC, LONG, CG.MENTAL_HEALTH, 30, UNITS, (oxon.CHERWELL,),
        locations=(loc("Horse Fair flats", "9 Horse Fair", "Banbury", "OX16 0AA", 30),),
        history=shrinks((2008, 24)),
    ),
    DemoService(
        "OXON-0018", "Banbury Mental Health Support Ltd", "Mental health floating support",
        ST.FLOATING, FLT, LONG, CG.MENTAL_HEALTH, 700, HOURS, (oxon.CHERWELL, oxon.WEST),
        (CG.MENTALLY_DISORDERED_OFFENDERS,), history=grows(2006, (2007, 900), (2009, 1100)),
    ),
    DemoService(
        "OXON-0019", "Keystone Care and Support Ltd", "Learning disabilities supported living",
        ST.ACCOMMODATION, ACC, LONG, CG.LEARNING_DISABILITIES, 36, UNITS,
        (oxon.VALE, oxon.SOUTH),
        locations=(loc("Milton Park homes", "3 Milton Park", "Abingdon", "OX14 4RN", 36),),
    ),
    DemoService(
        "OXON-0020", "Keystone Care and Support Ltd", "Sensory impairment floating support",
        ST.FLOATING, FLT, LONG, CG.PHYSICAL_SENSORY, 250, HOURS, ALL_OXON,
    ),
    DemoService(
        "OXON-0021", "Oxfordshire Home Improvement Agency", "Oxfordshire Care and Repair",
        ST.HOME_IMPROVEMENT, FLT, LONG, CG.OLDER_PEOPLE, 1000, PLACES, ALL_OXON,
        (CG.PHYSICAL_SENSORY,),
    ),
    DemoService(
        "OXON-0022", oxon.CITY, "Oxford homeless families service",
        ST.ACCOMMODATION, ACC, SHORT, CG.HOMELESS_FAMILIES, 40, UNITS, (oxon.CITY,),
        locations=(loc("St Aldate's family flats", "109 St Aldate's", "Oxford", "OX1 1DS", 40),),
        history=shrinks((2007, 32), (2009, 26)),
    ),
    DemoService(
        "OXON-0023", oxon.CITY, "Refugee resettlement", ST.RESETTLEMENT, FLT, SHORT,
        CG.REFUGEES, 20, PLACES, (oxon.CITY,),
    ),
    DemoService(
        "OXON-0024", "Hearthstone Housing Association", "Offenders' supported housing",
        ST.ACCOMMODATION_WITH_FLOATING, ACC, SHORT, CG.OFFENDERS, 18, UNITS, (oxon.CITY,),
        locations=(loc("Banbury Road house", "60 Banbury Road", "Oxford", "OX2 6PN", 18),),
    ),
    DemoService(
        "OXON-0025", "Isis Floating Support", "HIV support", ST.FLOATING, FLT, LONG,
        CG.HIV_AIDS, 10, PLACES, ALL_OXON,
    ),
    DemoService(
        "OXON-0026", "Ock Valley Housing Society", "Traveller site support",
        ST.FLOATING, FLT, LONG, CG.TRAVELLERS, 16, PLACES, (oxon.VALE, oxon.SOUTH),
        start=datetime.date(2010, 4, 1), status=ServiceStatus.PLANNED,
    ),
]  # fmt: skip

SERVICES = {"gloucestershire": GLOUCESTERSHIRE, "oxfordshire": OXFORDSHIRE}


# ---------------------------------------------------------------------------------------
# Loading them (through the services, audited; idempotent)

ENTRY_MARKED = ("changed_on", "changes")
LOCATION_MARKED = ("name", "address_line_1", "town", "postcode", "units")


class Counter(Protocol):
    def count(self, kind: str, *, was_created: bool) -> None: ...


def _decision(partnership: Partnership, title: str) -> Proposal | None:
    if not title:
        return None
    return Proposal.objects.get(partnership=partnership, title=title)


def load_service(partnership: Partnership, data: DemoService, report: Counter) -> Service:
    """One demo service, found by its reference; when missing, entered with its
    locations and then changed step by step as its history says (each step an entry of
    its history, dated). A service already there is left exactly as it is."""
    existing = Service.objects.filter(reference=data.reference).first()
    if existing is not None:
        report.count("services", was_created=False)
        return existing
    report.count("services", was_created=True)
    providers = {p.name: p for p in Provider.objects.filter(partnership=partnership)}
    partners = {p.name: p for p in Partner.objects.filter(partnership=partnership)}
    service = commissioning.service_create(
        actor=None,
        partnership=partnership,
        provider=providers[data.provider],
        districts=[partners[name] for name in data.districts],
        decision=_decision(partnership, data.decision),
        changed_on=data.start,
        **data.values(),
    )
    marked = set(data.illustrative())
    for place in data.locations:
        location = commissioning.location_add(
            actor=None, service=service, changed_on=data.start, **place.values()
        )
        illustrative_mark(actor=None, row=location, fields=LOCATION_MARKED)
    for step in data.history:
        service = commissioning.service_update(
            actor=None,
            service=service,
            decision=_decision(partnership, step.decision),
            changed_on=step.on,
            summary=step.summary,
            **step.values,
        )
        marked |= {
            name for name in step.values if name in data.illustrative() or name == "end_date"
        }
    for entry in ServiceChange.objects.filter(service=service):
        illustrative_mark(actor=None, row=entry, fields=ENTRY_MARKED)
    return illustrative_mark(actor=None, row=service, fields=sorted(marked))


def load_services(partnership: Partnership, report: Counter) -> list[Service]:
    """The partnership's demo services (after its providers); other demo steps (contracts)
    call it first, or find the services by ``reference`` once it has run."""
    return [load_service(partnership, data, report) for data in SERVICES.get(partnership.slug, [])]
