"""Risk share: a variance shared between partners by the agreement's ratio (issue 17 item 4).

Plain Python (the standard library only), so the pages, the API and the console command
``accord budget share`` compute the same pennies. Amounts are integer pence here; weights
are exact (``Decimal`` or ``int``) and only their ratio matters.

The rule, to the penny and with no penny lost or invented: each partner first gets its
exact share rounded down to the penny; the pennies left over then go one each to the
largest remainders, a tie going to the partner listed first. A negative amount is shared
as the negative of sharing its absolute value.
"""

import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

AMOUNT_PATTERN = re.compile(r"-?[0-9]+(\.[0-9]{1,2})?")
WEIGHT_PATTERN = re.compile(r"[0-9]+(\.[0-9]+)?")
PENNY = Decimal("0.01")


class ShareError(ValueError):
    """A share that cannot be computed: no partner, or a weight that is not positive."""


def share_pence(amount: int, weights: Sequence[Decimal | int]) -> list[int]:
    """``amount`` pence shared by ``weights``, in their order, summing exactly to it."""
    if not weights:
        raise ShareError("no partner to share between")
    ratios = [Fraction(weight) for weight in weights]
    if any(ratio <= 0 for ratio in ratios):
        raise ShareError("every weight must be more than 0")
    if amount < 0:
        return [-pence for pence in share_pence(-amount, weights)]
    total = sum(ratios, Fraction(0))
    exact = [amount * ratio / total for ratio in ratios]
    shares = [int(part.numerator // part.denominator) for part in exact]
    left = amount - sum(shares)
    # Largest remainder first; sorted() is stable, so a tie keeps the order given.
    order = sorted(range(len(exact)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in order[:left]:
        shares[i] += 1
    return shares


def share(amount: Decimal, weights: Sequence[Decimal | int]) -> list[Decimal]:
    """``amount`` pounds (to the penny) shared by ``weights``: pounds with two places each."""
    pence = amount * 100
    if pence != pence.to_integral_value():
        raise ShareError("the amount must be in whole pence")
    return [to_pounds(part) for part in share_pence(int(pence), weights)]


def to_pounds(pence: int) -> Decimal:
    """Integer pence as pounds with two places; zero is always 0.00, never -0.00."""
    return (Decimal(pence) / 100).quantize(PENNY) if pence else Decimal("0.00")


def parse_amount(text: str) -> Decimal:
    """An amount as the command takes it: ``-?[0-9]+(\\.[0-9]{1,2})?`` and nothing else."""
    if not AMOUNT_PATTERN.fullmatch(text):
        raise ShareError(
            f"amount {text!r} must be pounds like 1000, -250 or 1234.56 "
            "(digits, at most two decimals, no commas or symbols)"
        )
    return Decimal(text)


def parse_partners(arguments: Sequence[str]) -> list[tuple[str, Decimal]]:
    """``PARTNER=WEIGHT`` arguments as (name, weight), refusing any other form."""
    if not arguments:
        raise ShareError("no partner: give at least one PARTNER=WEIGHT")
    partners: list[tuple[str, Decimal]] = []
    seen: set[str] = set()
    for argument in arguments:
        name, equals, weight = argument.partition("=")
        if not equals:
            raise ShareError(f"{argument!r} must be PARTNER=WEIGHT")
        if not name:
            raise ShareError(f"{argument!r} has no partner name before '='")
        if "=" in weight:
            raise ShareError(f"{argument!r}: a partner name must not contain '='")
        if any(character.isspace() for character in name):
            raise ShareError(f"partner {name!r}: a partner name must not contain spaces")
        if not WEIGHT_PATTERN.fullmatch(weight):
            raise ShareError(
                f"partner {name}: weight {weight!r} must be a positive whole or decimal "
                "number such as 3 or 12.5"
            )
        value = Decimal(weight)
        if value <= 0:
            raise ShareError(f"partner {name}: weight {weight!r} must be more than 0")
        if name in seen:
            raise ShareError(f"partner {name} is named twice")
        seen.add(name)
        partners.append((name, value))
    return partners


def plain(value: Decimal) -> str:
    """A decimal as people write it, without trailing zeros or an exponent: 12.5000 ->
    "12.5", 50.0000 -> "50"."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
