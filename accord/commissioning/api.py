"""The commissioning register in the JSON API: what its pages show and do.

The provider register is public (no sign-in needed to read it); a provider's contact is
shown only to callers who may see it (members of the partnership and its programme team),
``null`` otherwise; the programme team adds and changes providers. Lists are paged
(``limit``, ``offset``; ``accord.partnerships.endpoints``).
"""

from typing import Annotated, Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Schema, Status
from ninja.files import UploadedFile

from accord import policy
from accord.core.errors import error_body
from accord.core.money import financial_year_label
from accord.core.schemas import Text
from accord.core.text import NAME, NOTE, TITLE
from accord.partnerships.endpoints import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    SIGNED_IN,
    VERSIONED_CHANGE,
    VERSIONED_READ,
    IllustrativeFields,
    Router,
    example,
    illustrative_in,
    partnership_from,
    replies,
    require_version,
    send_version,
)
from accord.partnerships.models import Partnership

from . import selectors, services
from .evidence import MAX_BYTES, FileRefused, Problem
from .models import Dataset, DatasetKind, DatasetUnit, Figure, Provider, ProviderKind
from .registration import CHARITY_NUMBER_HELP, COMPANY_NUMBER_HELP

router = Router(tags=["commissioning"])


class ProviderIn(Schema):
    model_config = example(
        {
            "name": "Cotswold Housing Support Trust",
            "trading_names": "Cotswold Floating Support",
            "kind": "voluntary",
            "company_number": "04123456",
            "charity_number": "1087654",
            "address_line_1": "12 Sheep Street",
            "town": "Cirencester",
            "postcode": "GL7 1QW",
            "contact_name": "Services Manager",
            "contact_email": "services@cotswold-support.example",
        }
    )
    name: Annotated[str, Text(200, blank=False)] = Field(description="The legal name")
    trading_names: Annotated[str, Text(500)] = Field("", description="Other names, one a line")
    kind: ProviderKind
    company_number: Annotated[str, Text(8)] = Field(
        "", description=f"Companies House number: {COMPANY_NUMBER_HELP}"
    )
    charity_number: Annotated[str, Text(11)] = Field(
        "", description=f"Charity number: {CHARITY_NUMBER_HELP}"
    )
    address_line_1: Annotated[str, Text(200, blank=False)]
    address_line_2: Annotated[str, Text(200)] = ""
    town: Annotated[str, Text(100, blank=False)]
    postcode: Annotated[str, Text(8, blank=False)] = Field(
        description="A UK postcode, e.g. GL7 1QW"
    )
    contact_name: Annotated[str, Text(200)] = ""
    contact_job_title: Annotated[str, Text(200)] = ""
    contact_email: Annotated[str, Text(254)] = ""
    contact_phone: Annotated[str, Text(30)] = ""


class ContactOut(Schema):
    name: str
    job_title: str
    email: str
    phone: str


class ProviderOut(Schema):
    id: int
    name: str
    trading_names: list[str]
    kind: ProviderKind
    company_number: str
    charity_number: str
    org_id: str = Field(
        description="The organisation's identifier (org-id.guide: GB-COH, GB-CHC, GB-SC, "
        "GB-NIC) from its registration number: the same organisation in another "
        "partnership has the same one; empty when it has no registration number"
    )
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    contact: ContactOut | None = Field(
        description="The main contact, for members of the partnership and its programme "
        "team; null for everyone else"
    )
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_trading_names(provider: Provider) -> list[str]:
        return provider.trading_name_list

    @staticmethod
    def resolve_contact(provider: Provider, context: dict[str, Any]) -> ContactOut | None:
        if not policy.may(context["request"].user, "provider.view_contacts", provider):
            return None
        return ContactOut(
            name=provider.contact_name,
            job_title=provider.contact_job_title,
            email=provider.contact_email,
            phone=provider.contact_phone,
        )

    @staticmethod
    def resolve_illustrative(provider: Provider, context: dict[str, Any]) -> list[str]:
        """Its illustrative fields; a contact's (``contact_*``) as ``contact``, for those
        who see it."""
        marked = provider.illustrative or []
        names = [name for name in marked if not name.startswith("contact_")]
        if any(name.startswith("contact_") for name in marked) and policy.may(
            context["request"].user, "provider.view_contacts", provider
        ):
            names.append("contact")
        shown = ProviderOut.model_fields
        return [name for name in shown if name in names]


class ElsewhereOut(Schema):
    partnership: str = Field(description="The other partnership's slug")
    partnership_name: str
    provider_id: int
    name: str


@router.get(
    "/partnerships/{slug}/providers",
    response=replies({200: list[ProviderOut]}),
    summary="The partnership's providers (public; filter by kind)",
)
def provider_list(
    request: HttpRequest, slug: str, kind: ProviderKind | None = None
) -> QuerySet[Provider]:
    partnership = partnership_from(request, slug, "provider.view")
    return selectors.provider_list(partnership, kind=kind.value if kind else "")


@router.post(
    "/partnerships/{slug}/providers",
    response=replies({201: ProviderOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a provider",
)
def provider_create(request: HttpRequest, slug: str, payload: ProviderIn) -> Status[Provider]:
    partnership = partnership_from(request, slug, "provider.change")
    provider = services.provider_create(
        actor=request.user, partnership=partnership, **payload.model_dump()
    )
    return Status(201, provider)


@router.get(
    "/partnerships/{slug}/providers/{provider_id}",
    response=replies({200: ProviderOut}),
    openapi_extra=VERSIONED_READ,
    summary="One provider (public), with its version (ETag)",
)
def provider_detail(
    request: HttpRequest, response: HttpResponse, slug: str, provider_id: int
) -> Provider:
    partnership = partnership_from(request, slug, "provider.view")
    provider = selectors.provider_get(partnership, provider_id)
    send_version(response, provider)
    return provider


@router.put(
    "/partnerships/{slug}/providers/{provider_id}",
    response=replies({200: ProviderOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change a provider's record (every field, as read)",
)
def provider_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    provider_id: int,
    payload: ProviderIn,
) -> Provider:
    partnership = partnership_from(request, slug, "provider.change")
    provider = selectors.provider_get(partnership, provider_id)
    with transaction.atomic():
        provider = require_version(request, provider)
        provider = services.provider_update(
            actor=request.user, provider=provider, **payload.model_dump()
        )
    send_version(response, provider)
    return provider


@router.get(
    "/partnerships/{slug}/providers/{provider_id}/elsewhere",
    response=replies({200: list[ElsewhereOut]}),
    summary="The same organisation (by registration number) in the installation's other "
    "partnerships, for benchmarking (public)",
)
def provider_elsewhere(request: HttpRequest, slug: str, provider_id: int) -> list[ElsewhereOut]:
    partnership = partnership_from(request, slug, "provider.view")
    provider = selectors.provider_get(partnership, provider_id)
    return [
        ElsewhereOut(
            partnership=other.partnership.slug,
            partnership_name=other.partnership.name,
            provider_id=other.pk,
            name=other.name,
        )
        for other in selectors.provider_elsewhere(provider)
    ]


# ---------------------------------------------------------------------------------------
# Needs evidence (issue 15 item 4): datasets, their figures (paged), the CSV import.


class DatasetIn(Schema):
    model_config = example(
        {
            "kind": "homelessness",
            "title": "Statutory homelessness acceptances",
            "source": "The districts' P1E returns",
            "unit": "households",
            "description": "Households accepted as homeless and in priority need, by district",
            "is_public": True,
        }
    )
    kind: DatasetKind
    title: Annotated[str, Text(TITLE, blank=False)]
    source: Annotated[str, Text(NAME, blank=False)] = Field(
        description="Where the figures come from"
    )
    unit: DatasetUnit = Field(description="What the figures count (people, households and "
                              "units are whole numbers)")  # fmt: skip
    description: Annotated[str, Text(NOTE)] = ""
    is_public: bool = Field(
        False, description="Anyone may read it; otherwise members and the programme team"
    )


class DatasetOut(Schema):
    id: int
    kind: DatasetKind
    title: str
    source: str
    unit: DatasetUnit
    description: str
    is_public: bool
    figure_count: int = Field(description="Figures the dataset holds")
    first_year: str | None = Field(description="The first financial year it covers (2004/05)")
    last_year: str | None = Field(description="The last financial year it covers")
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_first_year(dataset: Dataset) -> str | None:
        year = getattr(dataset, "first_year", None)
        return financial_year_label(year) if year is not None else None

    @staticmethod
    def resolve_last_year(dataset: Dataset) -> str | None:
        year = getattr(dataset, "last_year", None)
        return financial_year_label(year) if year is not None else None

    @staticmethod
    def resolve_illustrative(dataset: Dataset) -> list[str]:
        return illustrative_in(DatasetOut, dataset)


# A figure, exactly, as a string: digits with at most two decimal places.
FigureValue = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{1,12}(\.[0-9]{1,2})?$",
        max_length=15,
        description='The figure, exact, as a string (e.g. "1200.00"), never negative',
    ),
]


class FigureOut(Schema):
    id: int
    financial_year: str = Field(description="The financial year, e.g. 2004/05")
    district_id: int | None = Field(description="The district council partner; null for the "
                                    "whole area")  # fmt: skip
    district: str | None = Field(description="The district's name; null for the whole area")
    client_group: int | None = Field(
        ge=1, le=21, description="The Client Record's client-group code (1 to 21), or null"
    )
    category: str
    value: FigureValue
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_financial_year(figure: Figure) -> str:
        return financial_year_label(figure.financial_year)

    @staticmethod
    def resolve_district(figure: Figure) -> str | None:
        return figure.district.name if figure.district else None

    @staticmethod
    def resolve_value(figure: Figure) -> str:
        return f"{figure.value:.2f}"

    @staticmethod
    def resolve_illustrative(figure: Figure) -> list[str]:
        return illustrative_in(FigureOut, figure)


class ImportOut(Schema):
    dataset_id: int
    figures: int = Field(description="Figures stored from the file")
    years: list[str] = Field(description="The financial years the file covered, whose "
                             "figures it replaced")  # fmt: skip
    replaced: int = Field(description="Figures the dataset held for those years before")


def dataset_readable(request: HttpRequest, slug: str, dataset_id: int, action: str) -> Dataset:
    """The dataset, once the policy lets the caller read it (404 otherwise: a private
    dataset does not exist for the public) and do ``action`` to it."""
    partnership = partnership_from(request, slug, None)
    dataset = selectors.dataset_get(partnership, dataset_id)
    policy.require(request.user, "evidence.view", dataset, not_found="No such dataset")
    if action != "evidence.view":
        policy.require(request.user, action, dataset)
    return dataset


@router.get(
    "/partnerships/{slug}/evidence",
    response=replies({200: list[DatasetOut]}),
    summary="The partnership's datasets of needs evidence (the public ones for the public)",
)
def dataset_list(request: HttpRequest, slug: str) -> QuerySet[Dataset]:
    partnership = partnership_from(request, slug, "partnership.view")
    sees_all = policy.may(request.user, "evidence.view", partnership)
    return selectors.dataset_list(partnership, public_only=not sees_all)


@router.post(
    "/partnerships/{slug}/evidence",
    response=replies({201: DatasetOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a dataset of needs evidence (empty until figures are imported)",
)
def dataset_create(request: HttpRequest, slug: str, payload: DatasetIn) -> Status[Dataset]:
    partnership = partnership_from(request, slug, "evidence.change")
    dataset = services.dataset_create(
        actor=request.user, partnership=partnership, **payload.model_dump()
    )
    return Status(201, dataset_annotated(partnership, dataset.pk))


def dataset_annotated(partnership: Partnership, pk: int) -> Dataset:
    return selectors.dataset_list(partnership, public_only=False).get(pk=pk)


@router.get(
    "/partnerships/{slug}/evidence/{dataset_id}",
    response=replies({200: DatasetOut}),
    openapi_extra=VERSIONED_READ,
    summary="One dataset, with its version (ETag)",
)
def dataset_detail(
    request: HttpRequest, response: HttpResponse, slug: str, dataset_id: int
) -> Dataset:
    dataset = dataset_readable(request, slug, dataset_id, "evidence.view")
    send_version(response, dataset)
    return dataset_annotated(dataset.partnership, dataset.pk)


@router.put(
    "/partnerships/{slug}/evidence/{dataset_id}",
    response=replies({200: DatasetOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change what a dataset says of itself (every field, as read)",
)
def dataset_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    dataset_id: int,
    payload: DatasetIn,
) -> Dataset:
    dataset = dataset_readable(request, slug, dataset_id, "evidence.change")
    with transaction.atomic():
        dataset = require_version(request, dataset)
        dataset = services.dataset_update(
            actor=request.user, dataset=dataset, **payload.model_dump()
        )
    send_version(response, dataset)
    return dataset_annotated(dataset.partnership, dataset.pk)


@router.get(
    "/partnerships/{slug}/evidence/{dataset_id}/figures",
    response=replies({200: list[FigureOut]}),
    summary="A dataset's figures, by year, district, client group and category (paged)",
)
def figure_list(request: HttpRequest, slug: str, dataset_id: int) -> QuerySet[Figure]:
    dataset = dataset_readable(request, slug, dataset_id, "evidence.view")
    return selectors.dataset_figures(dataset)


@router.post(
    "/partnerships/{slug}/evidence/{dataset_id}/figures",
    response=replies({200: ImportOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Import a CSV file of figures (multipart/form-data: file), all or nothing",
    description="The file's columns are financial_year, district, client_group, category "
    f"and value (the page's template); UTF-8, at most {MAX_BYTES // 1_000_000} MB. Every row "
    "is checked first: a file with any problem stores nothing and answers 422 with each "
    "problem's row and column in `error.problems`. A good file's years replace the figures "
    "the dataset held for those years.",
)
def dataset_import(
    request: HttpRequest, slug: str, dataset_id: int, file: File[UploadedFile]
) -> Status[Any]:
    dataset = dataset_readable(request, slug, dataset_id, "evidence.import")
    if (file.size or 0) > MAX_BYTES:
        refusal = FileRefused([Problem(f"The file is larger than {MAX_BYTES // 1_000_000} MB")])
    else:
        try:
            imported = services.dataset_import(
                actor=request.user, dataset=dataset, content=file.read(), name=file.name or ""
            )
        except FileRefused as error:
            refusal = error
        else:
            return Status(
                200,
                ImportOut(
                    dataset_id=dataset.pk,
                    figures=imported.figures,
                    years=[financial_year_label(year) for year in imported.years],
                    replaced=imported.replaced,
                ),
            )
    body = error_body(refusal.code, refusal.message, refusal.field)
    body["error"]["problems"] = [  # type: ignore[index]
        {"row": problem.row, "column": problem.column, "message": problem.message}
        for problem in refusal.problems
    ]
    return Status(422, body)
