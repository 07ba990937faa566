"""The demo's providers (issue 15 item 1): 10 to 20 in each partnership, of every kind.

The seeds name one provider, Cheltenham Borough Homes (seed 004: the ALMO). Oxfordshire's
partners' names are the seeds' (seed 000), but that they provide services here is invented.
Every other name, and every kind, number, address and contact here, is invented and
marked illustrative (``Illustrative``, accord/core/models.py). The invented
registration numbers are well formed and name no organisation the demo knows of. Three
organisations work in both counties, with the same registration numbers, so each
partnership's page of them finds the other (the shared identifier).
"""

from dataclasses import dataclass, replace

from accord.commissioning.models import ProviderKind

from . import gloucestershire as glos
from . import oxfordshire as oxon


@dataclass(frozen=True)
class DemoProvider:
    name: str
    kind: str
    address_line_1: str
    town: str
    postcode: str
    trading_names: str = ""
    company_number: str = ""
    charity_number: str = ""
    contact_job_title: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    named_in_the_seeds: bool = False  # its name is the seeds' (a partner, the ALMO)
    kind_in_the_seeds: bool = False  # the seeds say it provides, as this kind

    def values(self) -> dict[str, str]:
        return {
            name: getattr(self, name)
            for name in (
                "name", "kind", "address_line_1", "town", "postcode", "trading_names",
                "company_number", "charity_number", "contact_job_title", "contact_email",
                "contact_phone",
            )
        }  # fmt: skip

    def illustrative(self) -> tuple[str, ...]:
        """Every value given, but a name and kind the seeds give."""
        source = {"name"} if self.named_in_the_seeds else set()
        source |= {"kind"} if self.kind_in_the_seeds else set()
        return tuple(sorted(k for k, v in self.values().items() if v and k not in source))


V, P, S = ProviderKind.VOLUNTARY, ProviderKind.PRIVATE, ProviderKind.STATUTORY
PARTNER, ALMO = ProviderKind.PARTNER, ProviderKind.ALMO

# In both counties: the same organisation, the same numbers (each county's office below).
HEARTHSTONE = DemoProvider(
    "Hearthstone Housing Association", V, "", "", "", company_number="IP029871",
    charity_number="1099873", trading_names="Hearthstone Support",
    contact_job_title="Head of supported housing", contact_email="support@hearthstone-ha.example",
)  # fmt: skip
KEYSTONE = DemoProvider(
    "Keystone Care and Support Ltd", P, "", "", "", company_number="05938217",
    contact_job_title="Contracts manager", contact_email="contracts@keystone-care.example",
)  # fmt: skip
OPEN_DOOR = DemoProvider(
    "Open Door Recovery", V, "", "", "", company_number="CE004512", charity_number="1150276",
    trading_names="Open Door Drug and Alcohol Services", contact_job_title="Services director",
    contact_email="referrals@opendoor-recovery.example",
)  # fmt: skip

GLOUCESTERSHIRE = [
    DemoProvider("Cheltenham Borough Homes", ALMO, "Cheltenham Borough Homes Offices",
                 "Cheltenham", "GL50 9SA", company_number="05224470",
                 contact_job_title="Supported housing manager",
                 contact_email="sheltered@cbh.example", named_in_the_seeds=True,
                 kind_in_the_seeds=True),
    DemoProvider(glos.DISTRICTS[4], PARTNER, "Ebley Mill, Westward Road", "Stroud", "GL5 4UB",
                 trading_names="Stroud Sheltered Housing Service",
                 contact_job_title="Sheltered housing manager",
                 contact_email="sheltered@stroud-dc.example"),
    DemoProvider(glos.DISTRICTS[3], PARTNER, "Herbert Warehouse, The Docks", "Gloucester",
                 "GL1 2EQ", trading_names="Gloucester Homeless Families Service",
                 contact_job_title="Housing options manager"),
    replace(HEARTHSTONE, address_line_1="4 Lansdown Walk", town="Cheltenham",
                 postcode="GL50 2JA"),
    replace(KEYSTONE, address_line_1="Unit 7, Waterwells Business Park",
                 town="Quedgeley", postcode="GL2 2AT"),
    replace(OPEN_DOOR, address_line_1="22 Brunswick Road", town="Gloucester",
                 postcode="GL1 1HG"),
    DemoProvider("Severn Vale Housing Society", V, "Shannon Way", "Tewkesbury", "GL20 8ND",
                 company_number="IP018342", charity_number="1042217",
                 contact_job_title="Floating support co-ordinator"),
    DemoProvider("Cotswold Floating Support Trust", V, "12 Sheep Street", "Cirencester",
                 "GL7 1QW", company_number="04123456", charity_number="1087654",
                 trading_names="Cotswold Floating Support",
                 contact_email="help@cotswold-fs.example", contact_phone="01285 640000"),
    DemoProvider("Forest of Dean Women's Refuge", V, "PO Box 118", "Cinderford", "GL14 2YD",
                 company_number="CE012877", charity_number="1162009",
                 contact_job_title="Refuge manager"),
    DemoProvider("Gloucestershire Young People's Foyer", V, "1 Bruton Way", "Gloucester",
                 "GL1 1DQ", company_number="03987121", charity_number="1079930",
                 trading_names="The Foyer\nTeenage Parents Project",
                 contact_job_title="Foyer manager"),
    DemoProvider("Lifeline Community Alarms Ltd", P, "Alarm Centre, Kingsditch Lane",
                 "Cheltenham", "GL51 9PL", company_number="06550213",
                 contact_job_title="Monitoring centre manager", contact_phone="01242 500000"),
    DemoProvider("Brightwell Care Ltd", P, "Brightwell House, London Road", "Stroud",
                 "GL5 2AT", company_number="07190346", contact_job_title="Registered manager"),
    DemoProvider("Gloucestershire Home Improvement Agency", S, "Shire Hall, Westgate Street",
                 "Gloucester", "GL1 2TG", trading_names="Care and Repair Gloucestershire",
                 contact_job_title="Agency manager"),
    DemoProvider("Tewkesbury Traveller Support Project", V, "The Roses Centre",
                 "Tewkesbury", "GL20 5NX", charity_number="1118345",
                 contact_job_title="Project worker"),
]  # fmt: skip

OXFORDSHIRE = [
    DemoProvider(oxon.WEST, PARTNER, "Elmfield, New Yatt Road", "Witney", "OX28 1PB",
                 trading_names="West Oxfordshire Resident Wardens Service",
                 contact_job_title="Sheltered housing manager",
                 contact_email="wardens@westoxon.example", named_in_the_seeds=True),
    DemoProvider(oxon.CITY, PARTNER, "St Aldate's Chambers, 109 St Aldate's", "Oxford",
                 "OX1 1DS", trading_names="Oxford Homelessness Services",
                 contact_job_title="Homelessness manager", named_in_the_seeds=True),
    replace(HEARTHSTONE, address_line_1="Hearthstone House, 60 Banbury Road",
                 town="Oxford", postcode="OX2 6PN"),
    replace(KEYSTONE, address_line_1="3 Milton Park", town="Abingdon",
                 postcode="OX14 4RN"),
    replace(OPEN_DOOR, address_line_1="14 Cowley Road", town="Oxford",
                 postcode="OX4 1HZ"),
    DemoProvider("Cherwell Young People's Housing Trust", V, "31 Broad Street", "Banbury",
                 "OX16 5BQ", company_number="04511876", charity_number="1097112",
                 trading_names="Banbury Teenage Parents Project",
                 contact_job_title="Young people's services manager"),
    DemoProvider("Isis Floating Support", V, "Ferry Centre, Diamond Place", "Oxford",
                 "OX2 7DP", company_number="05012345", charity_number="1102345",
                 contact_email="referrals@isis-fs.example", contact_phone="01865 700000"),
    DemoProvider("Thames Valley Women's Aid", V, "PO Box 245", "Oxford", "OX4 9FH",
                 company_number="CE007731", charity_number="1153320",
                 trading_names="Oxfordshire Refuges", contact_job_title="Refuge co-ordinator"),
    DemoProvider("Oxford Night Shelter Trust", V, "Luther Street", "Oxford", "OX1 1TD",
                 charity_number="202918", contact_job_title="Outreach team leader"),
    DemoProvider("Ock Valley Housing Society", V, "Ock Street", "Abingdon", "OX14 5DH",
                 company_number="IP027654", contact_job_title="Sheltered schemes manager"),
    DemoProvider("Cornerstone Community Alarms Ltd", P, "2 Wantage Road", "Didcot",
                 "OX11 0BT", company_number="06321987", contact_phone="01235 500000"),
    DemoProvider("Banbury Mental Health Support Ltd", P, "9 Horse Fair", "Banbury",
                 "OX16 0AA", company_number="08123987", contact_job_title="Service manager"),
    DemoProvider("Oxfordshire Home Improvement Agency", S, "County Hall, New Road", "Oxford",
                 "OX1 1ND", trading_names="Oxfordshire Care and Repair",
                 contact_job_title="Agency manager"),
    # An arm's-length management organisation for Oxfordshire is invented: the seeds name
    # only Cheltenham's.
    DemoProvider("Oxfordshire Homes Management Ltd", ALMO, "Abbey House, Abbey Close",
                 "Abingdon", "OX14 3JE", company_number="05777312",
                 contact_job_title="Supported housing lead"),
]  # fmt: skip

PROVIDERS = {"gloucestershire": GLOUCESTERSHIRE, "oxfordshire": OXFORDSHIRE}
