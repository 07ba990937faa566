"""``{% notices procurement %}``: the table of a procurement's published notices, each
linked to its public page, for the procurement's pages (kept out of their views, which
other work changes). One query."""

from typing import Any

from django import template

from accord.procurement.models import Procurement
from accord.procurement.notice_selectors import notices_of

register = template.Library()


@register.inclusion_tag("procurement/notices/_notices.html")
def notices(procurement: Procurement) -> dict[str, Any]:
    return {
        "procurement": procurement,
        "partnership_slug": procurement.partnership.slug,
        "notices": list(notices_of(procurement)),
    }
