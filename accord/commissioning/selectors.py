"""Reads of the commissioning register."""

from django.db.models import Q, QuerySet

from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

from .models import Provider


def provider_list(partnership: Partnership, *, kind: str = "") -> QuerySet[Provider]:
    """The partnership's providers by name (of one kind, when ``kind`` is given)."""
    providers = Provider.objects.filter(partnership=partnership)
    if kind:
        providers = providers.filter(kind=kind)
    return providers.order_by("name", "pk")


def provider_get(partnership: Partnership, pk: object, *, field: str | None = None) -> Provider:
    return get_in(partnership, Provider, pk, field=field)


def provider_elsewhere(provider: Provider) -> QuerySet[Provider]:
    """The same organisation in the installation's other partnerships: their providers
    with the same Companies House or charity number (the shared identifier), for
    benchmarking across partnerships. None when the provider has neither number. The
    provider register is public in every partnership, so this shows nothing private."""
    same = Q()
    if provider.company_number:
        same |= Q(company_number=provider.company_number)
    if provider.charity_number:
        same |= Q(charity_number=provider.charity_number)
    if not same:
        return Provider.objects.none()
    return (
        Provider.objects.filter(same)
        .exclude(partnership_id=provider.partnership_id)
        .select_related("partnership")
        .order_by("partnership__name", "name")
    )
