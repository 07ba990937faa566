"""The formats of the numbers a provider is registered under, and its UK postcode.

What was checked (issue 15: "format-checked: neither has a check digit"):

- A Companies House number is 8 characters: 8 digits (companies of England and Wales,
  written with leading zeros, e.g. 01234567), or 2 letters naming the register followed by
  6 digits (SC012345 a Scottish company, OC123456 an LLP of England and Wales, CE000123 a
  charitable incorporated organisation...). ``COMPANY_PREFIXES`` lists the prefixes
  accepted. Companies House numbers carry no check digit, so a well-formed number may
  still name no company: there is no register offline to ask.
- A Charity Commission number (England and Wales) is 6 to 8 digits (older charities have 6,
  newer 7), optionally with ``-N`` for a subsidiary or linked charity (e.g. 1123456-1); a
  Scottish charity (OSCR) is SC followed by 6 digits; a Northern Irish one (Charity
  Commission for Northern Ireland) is NIC followed by 6 digits. None has a check digit.
- A UK postcode is checked, and written in its standard form (upper case, one space before
  the inward code), by django-localflavor's ``GBPostcodeField`` (BS7666's pattern). Whether
  the postcode exists cannot be checked offline (there is no postcode directory here).
"""

import re

from django.core.exceptions import ValidationError
from localflavor.gb.forms import GBPostcodeField

# Companies House prefixes (2 letters, or R0): the kinds of body on its registers.
COMPANY_PREFIXES = frozenset(
    {
        "SC",  # company registered in Scotland
        "NI",  # company registered in Northern Ireland
        "R0",  # Northern Ireland company registered before partition
        "OC",  # limited liability partnership, England and Wales
        "SO",  # limited liability partnership, Scotland
        "NC",  # limited liability partnership, Northern Ireland
        "LP",  # limited partnership, England and Wales
        "SL",  # limited partnership, Scotland
        "NL",  # limited partnership, Northern Ireland
        "IP",  # industrial and provident (registered) society, England and Wales
        "SP",  # industrial and provident society, Scotland
        "NP",  # industrial and provident society, Northern Ireland
        "RS",  # registered society
        "CE",  # charitable incorporated organisation, England and Wales
        "CS",  # Scottish charitable incorporated organisation
        "RC",  # royal charter body, England and Wales
        "SR",  # royal charter body, Scotland
        "NR",  # royal charter body, Northern Ireland
        "FC",  # overseas company, England and Wales
        "SF",  # overseas company, Scotland
        "NF",  # overseas company, Northern Ireland
        "GE",  # European economic interest grouping, England and Wales
        "GS",  # European economic interest grouping, Scotland
        "GN",  # European economic interest grouping, Northern Ireland
        "ZC",  # unregistered company, England and Wales
        "SZ",  # unregistered company, Scotland
        "NZ",  # unregistered company, Northern Ireland
        "IC",  # investment company with variable capital, England and Wales
        "SI",  # investment company with variable capital, Scotland
        "NV",  # investment company with variable capital, Northern Ireland
        "AC",  # assurance company, England and Wales
        "SA",  # assurance company, Scotland
        "NA",  # assurance company, Northern Ireland
        "SE",  # European public limited-liability company (Societas Europaea)
        # Not in Companies House's URI customer guide, but on its register (e.g.
        # SG000001 onwards, as commercial glossaries of the prefixes list it):
        "SG",  # Scottish qualifying partnership
    }
)
COMPANY_NUMBER = re.compile(r"(?P<prefix>[0-9]{2}|[A-Z]{2}|R0)[0-9]{6}")
CHARITY_NUMBER = re.compile(r"[0-9]{6,8}(-[0-9]{1,2})?|SC[0-9]{6}|NIC[0-9]{6}")

COMPANY_NUMBER_HELP = (
    "8 characters: 8 digits (for example 01234567), or 2 letters and 6 digits (SC012345)"
)
CHARITY_NUMBER_HELP = (
    "6 to 8 digits, with -1 for a linked charity (for example 1123456); SC and 6 digits "
    "for a Scottish charity"
)


def company_number_normalise(value: str) -> str:
    """Upper case, without spaces: how Companies House writes the number."""
    return re.sub(r"\s+", "", value).upper()


def charity_number_normalise(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def validate_company_number(value: str) -> None:
    """A Companies House number's format (see the module's note): no check digit."""
    match = COMPANY_NUMBER.fullmatch(company_number_normalise(value))
    if match is None:
        raise ValidationError(
            f"Enter a Companies House number of 8 characters: {COMPANY_NUMBER_HELP}",
            code="invalid",
        )
    prefix = match["prefix"]
    if not prefix.isdigit() and prefix not in COMPANY_PREFIXES:
        raise ValidationError(
            f"{prefix} is not a prefix Companies House uses: {COMPANY_NUMBER_HELP}",
            code="invalid",
        )


def validate_charity_number(value: str) -> None:
    """A charity number's format (see the module's note): no check digit."""
    if not CHARITY_NUMBER.fullmatch(charity_number_normalise(value)):
        raise ValidationError(f"Enter a charity number: {CHARITY_NUMBER_HELP}", code="invalid")


_POSTCODE = GBPostcodeField(required=False)


def postcode_normalise(value: str) -> str:
    """The postcode in its standard form (``ox1 1bx`` becomes ``OX1 1BX``), or the value as
    typed when it is not a postcode (the validator then refuses it)."""
    try:
        return str(_POSTCODE.clean(value))
    except ValidationError:
        return value.strip()


def validate_postcode(value: str) -> None:
    """A UK postcode, by django-localflavor's pattern; it need not exist (no directory)."""
    try:
        _POSTCODE.clean(value)
    except ValidationError:
        raise ValidationError(
            "Enter a real UK postcode, for example OX1 1ND", code="invalid"
        ) from None
