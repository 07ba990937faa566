"""The Open Contracting feeds in the JSON API, as the public pages offer them for download
(ocds_views.py): the same bytes, open to anyone. Amounts are JSON numbers here, as the
standard says (exact: ``ocds.amount``), not the strings of the rest of the API."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema

from accord.core.errors import AccordError
from accord.partnerships.endpoints import Router, partnership_from, replies

from . import ocds

router = Router(tags=["procurement"])

RELEASE = "an OCDS 1.1.5 release (https://standard.open-contracting.org/1.1/en/schema/release/)"


class PublisherOut(Schema):
    name: str


class PackageOut(Schema):
    uri: str = Field(description="Where this package is published")
    version: str = Field(description='The OCDS version: "1.1"')
    publishedDate: str = Field(description="As new as its newest release (ISO 8601, UTC)")
    publisher: PublisherOut


class ReleasePackageOut(PackageOut):
    """An OCDS 1.1.5 release package (release-package-schema.json)."""

    releases: list[dict[str, Any]] = Field(description=f"Each {RELEASE}")


class RecordOut(Schema):
    ocid: str
    releases: list[dict[str, Any]] = Field(description=f"Each {RELEASE}")
    compiledRelease: dict[str, Any] = Field(
        description="The releases merged by ocdsmerge, by the standard's merge rules"
    )


class RecordPackageOut(PackageOut):
    """An OCDS 1.1.5 record package (record-package-schema.json)."""

    packages: list[str]
    records: list[RecordOut]


def published(slug: str, request: HttpRequest, *, records: bool) -> HttpResponse:
    partnership = partnership_from(request, slug, "procurement.view_published")
    try:
        data = ocds.feed(partnership, records=records)
    except ocds.Incoherent as refused:
        raise AccordError(
            "The releases fail the coherence checks, so the feed is not published: "
            + "; ".join(refused.problems)
        ) from None
    return HttpResponse(ocds.as_json(data), content_type="application/json; charset=utf-8")


@router.get(
    "/partnerships/{slug}/ocds/releases",
    response=replies({200: ReleasePackageOut}, (403, 404, 409)),
    summary="Every published release of the partnership's procurements, as an OCDS 1.1.5 "
    "release package (public)",
)
def ocds_release_package(request: HttpRequest, slug: str) -> HttpResponse:
    return published(slug, request, records=False)


@router.get(
    "/partnerships/{slug}/ocds/records",
    response=replies({200: RecordPackageOut}, (403, 404, 409)),
    summary="Each procurement's releases and compiled release, as an OCDS 1.1.5 record "
    "package (public)",
)
def ocds_record_package(request: HttpRequest, slug: str) -> HttpResponse:
    return published(slug, request, records=True)
