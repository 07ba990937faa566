"""What every JSON API operation of a partnership is made with: the partnership from the
address with the policy asked, lists paged the same way everywhere, records versioned
(``ETag``, ``If-Match``), and the one error shape described for every status an operation
answers. docs/api.md states the conventions.

A tenant app's router is an ``accord.partnerships.endpoints.Router``: every operation
whose response is a list is paged with ``limit`` and ``offset`` and answers
``{"items": [...], "count": ..., "limit": ..., "offset": ..., "max_limit": ...,
"notice": ...}``. Rows named in the input are fetched with
``accord.partnerships.selectors.get_in(partnership, Model, pk, field="..._id")``, which
refuses another partnership's row with a 422 naming the field.
"""

import datetime
import hashlib
import json
import re
from typing import Annotated, Any, TypeVar

import ninja
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.pagination import PaginationBase, paginate
from ninja.security import HttpBearer, django_auth
from ninja.signature.details import is_collection_type
from pydantic import BeforeValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from accord import policy
from accord.core.errors import PreconditionFailed, PreconditionRequired
from accord.core.models import Illustrative

from .models import Partnership
from .selectors import partnership_get

M = TypeVar("M", bound=models.Model)
SLUG = re.compile(r"[-a-zA-Z0-9_]+")

# A time of day on the partnership's clock (UK local time), as the pages show it: the
# document's "format: time" would promise an offset (RFC 3339) that a meeting's start does
# not have, so it says what is sent. At most HH:MM:SS.ffffff, as every string the API
# reads has a maximum length (issue 13, defect 7).
TIME_LENGTH = len("HH:MM:SS.ffffff")


def time_not_too_long(value: object) -> object:
    if isinstance(value, str) and len(value) > TIME_LENGTH:
        raise PydanticCustomError(
            "time_too_long", f"A time has at most {TIME_LENGTH} characters (HH:MM:SS.ffffff)"
        )
    return value


LocalTime = Annotated[
    datetime.time,
    BeforeValidator(time_not_too_long),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "maxLength": TIME_LENGTH,
            "description": "A time of day in UK local time, HH:MM:SS, with no offset",
            "example": "10:00:00",
        }
    ),
]

# The one field by which every output schema of a record that can hold illustrative values
# (``accord.core.models.Illustrative``: a meeting's place, a vote the seeds do not give)
# says which of its fields hold them: ``illustrative: IllustrativeFields``, filled by
# ``illustrative_in``. Empty for every record not made up for the demonstration.
IllustrativeFields = Annotated[
    list[str],
    Field(
        description="Fields whose values are illustrative: invented for the demonstration, "
        "not from the source documents"
    ),
]


def illustrative_in(schema: type[Schema], row: Illustrative | None, **renamed: str) -> list[str]:
    """The row's illustrative fields as the output schema names them, in the schema's
    order: a field keeps its model name, or the name ``renamed`` gives it
    (``name="person"``: the person's name is the schema's ``person``), a relation its
    ``_id`` where the schema shows only that (``minutes_approved_at_id``); a field the
    schema does not show is left out."""
    shown = schema.model_fields
    names = set()
    for field in (row.illustrative or []) if row is not None else []:
        name = renamed.get(field, field)
        names.add(name if name in shown else f"{name}_id")
    return [name for name in shown if name in names]


DEFAULT_LIMIT = 50
MAX_OFFSET = 2**31 - 1  # larger than any list; beyond what a database takes as an OFFSET
MAX_LIMIT = 200


class BearerToken(HttpBearer):
    """A personal API token (``Authorization: Bearer <token>``). The token is checked, and
    the request signed in as its owner, by ``accord.accounts.middleware.ApiTokenMiddleware``
    before any operation runs; this names the scheme in the OpenAPI document and lets the
    operation through when the middleware accepted the token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return request.user if getattr(request, "api_token", None) is not None else None


# An operation's ``auth=`` when it needs a signed-in caller: a token, or the pages' session
# (whose changes carry the CSRF token). Operations open to the public have no ``auth``.
SIGNED_IN = [BearerToken(), django_auth]


def partnership_from(request: HttpRequest, slug: str, action: str | None) -> Partnership:
    """The partnership named by the address (404 if there is none), once the policy allows
    ``action`` on it (403 otherwise; 401 from the operation's ``auth`` for anonymous
    callers). ``None`` for an operation that asks about the object it returns instead."""
    if not SLUG.fullmatch(slug):
        raise Http404("No such partnership")  # no partnership has such a name; ask no database
    partnership = partnership_get(slug=slug)
    token = getattr(request, "api_token", None)
    if token is not None and token.partnership_id != partnership.pk:
        raise PermissionDenied("the token is for another partnership")
    if action is not None:
        policy.require(request.user, action, partnership)
    return partnership


# ---------------------------------------------------------------- errors


class ProblemOut(Schema):
    """One problem of an imported file: where it is and what is wrong."""

    row: int | None = Field(description="The file's row (the headings are row 1), if any")
    column: str | None = Field(description="The column's heading, if any")
    message: str


class ErrorDetail(Schema):
    code: str = Field(description="What went wrong, for programs: e.g. not_found, invalid, stale")
    message: str = Field(description="What went wrong, for people")
    field: str | None = Field(None, description="The input at fault, where there is one")
    problems: list[ProblemOut] | None = Field(
        None,
        description="An imported file's problems, each with its row and column (code "
        "invalid_file); absent otherwise",
    )


class ErrorOut(Schema):
    """The one shape of every refusal, validation error and permission error."""

    error: ErrorDetail


# What each error status means here (docs/api.md): 401 not signed in, 403 not allowed,
# 404 not found (or not yours to know of), 409 refused by the partnership's rules (or a
# retried create still running), 412 the record changed since it was read, 422 invalid
# input, 428 If-Match missing.
READ_ERRORS = (401, 403, 404, 422)
CREATE_ERRORS = (401, 403, 404, 409, 422)
CHANGE_ERRORS = (401, 403, 404, 409, 412, 422, 428)

STATUS_MEANS = {
    200: "OK",
    201: "Created",
    204: "Done; nothing to return",
    401: "Not signed in, or the token is unknown, expired or revoked",
    403: "Not allowed to this person (or token)",
    404: "No such record, or not one this person may know of",
    409: "Refused by the partnership's rules as things stand",
    412: "The record changed since it was read (If-Match)",
    422: "The input is not valid; field names it",
    428: "A change of a record must send If-Match",
}


def replies(ok: dict[int, Any], errors: tuple[int, ...] = READ_ERRORS) -> dict[int, Any]:
    """An operation's ``response=``: its successes, and the error shape for each error
    status it answers, so the OpenAPI document lists every status (``Router`` adds what
    each means)."""
    return {**ok, **dict.fromkeys(errors, ErrorOut)}


# ---------------------------------------------------------------- versions


def etag_of(row: models.Model) -> str:
    """The version of a record as it stands: a digest of every stored field, so any change
    (through a service or not) gives another."""
    values = {field.attname: field.value_from_object(row) for field in row._meta.concrete_fields}
    content = json.dumps(
        [row._meta.label_lower, values], sort_keys=True, cls=DjangoJSONEncoder
    ).encode()
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def send_version(response: HttpResponse, row: models.Model) -> None:
    """Say which version of the record the response shows (``ETag``). ``response`` is the
    operation's own: a parameter ``response: HttpResponse`` of the operation function."""
    response["ETag"] = etag_of(row)


def require_version(request: HttpRequest, row: M) -> M:
    """A change of an existing record names the version it changes (``If-Match``, the
    ETag the caller read): 428 without it, 412 if the record has changed since, so two
    people editing one record cannot silently overwrite each other. Called inside the
    change's transaction: the row is locked until it commits, so no other change slips in
    between this check and the service's. Returns the row as it stands."""
    current = type(row)._default_manager.select_for_update(of=("self",)).get(pk=row.pk)
    sent = request.headers.get("If-Match", "").strip()
    if not sent:
        raise PreconditionRequired()
    if sent == "*":
        return current
    versions = {version.strip().removeprefix("W/") for version in sent.split(",")}
    if etag_of(current) not in versions:
        raise PreconditionFailed()
    return current


def require_version_if_recorded(
    request: HttpRequest, rows: QuerySet[M], *, lock: models.Model
) -> M | None:
    """The version check of a "record or correct" change (a ``PUT`` at the address of a
    row that may not exist yet, such as one person's attendance at a meeting): once the
    row exists, as ``require_version`` (428 without If-Match, 412 on a stale one); while
    it does not, the change records it and must send no If-Match (412: there is no version
    to match, RFC 9110 13.1.1). ``rows`` finds the row (at most one); ``lock`` is the row
    every such change locks first (the meeting), so that two callers recording the same
    new row cannot both pass as first. Called inside the change's transaction; returns the
    row as it stands, or None."""
    type(lock)._default_manager.select_for_update().get(pk=lock.pk)
    current = rows.select_for_update(of=("self",)).first()
    if current is None:
        if request.headers.get("If-Match", "").strip():
            raise PreconditionFailed("Nothing is recorded here yet: send no If-Match to record it")
        return None
    return require_version(request, current)


def example(values: dict[str, Any]) -> ConfigDict:
    """An input schema's ``model_config``: an example of a valid request body, in the
    OpenAPI document (ids are illustrative; the values are the seeds')."""
    return ConfigDict(json_schema_extra={"examples": [values]})


class Paging(PaginationBase):
    """``limit`` (1 to ``MAX_LIMIT``, default ``DEFAULT_LIMIT``) and ``offset`` (0 or more).
    A negative or non-numeric value is refused with 422; a limit above the maximum is
    lowered to it, and ``notice`` says so."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, description=f"Rows to return (at most {MAX_LIMIT})")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip")

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Rows in the whole list")
        limit: int = Field(description="Rows returned at most (the limit applied)")
        offset: int
        max_limit: int = Field(description="The largest limit this list accepts")
        notice: str | None = Field(None, description="Set when the limit asked for was lowered")

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        limit = min(pagination.limit, MAX_LIMIT)
        notice = None
        if pagination.limit > MAX_LIMIT:
            notice = (
                f"limit {pagination.limit} is above the maximum of {MAX_LIMIT}: "
                f"at most {MAX_LIMIT} rows are returned"
            )
        offset = pagination.offset
        return {
            "items": queryset[offset : offset + limit],
            "count": self._items_count(queryset),
            "limit": limit,
            "offset": offset,
            "max_limit": MAX_LIMIT,
            "notice": notice,
        }


class Router(ninja.Router):
    """A router whose list operations are all paged with ``Paging`` (a new app's lists
    cannot return everything at once), and whose statuses each say what they mean in the
    OpenAPI document."""

    def add_api_operation(
        self, path: str, methods: list[str], view_func: Any, **kwargs: Any
    ) -> None:
        response = kwargs.get("response")
        listed = response.get(200) if isinstance(response, dict) else response
        if is_collection_type(listed):
            view_func = paginate(Paging)(view_func)
        if isinstance(response, dict):
            extra = dict(kwargs.get("openapi_extra") or {})
            given = extra.get("responses", {})
            extra["responses"] = {
                status: {"description": STATUS_MEANS[status], **given.get(status, {})}
                for status in response
                if status in STATUS_MEANS
            }
            kwargs["openapi_extra"] = extra
        super().add_api_operation(path, methods, view_func, **kwargs)


# An operation's ``openapi_extra`` for a read of one record (``send_version``) and for a
# change of one (``require_version``): the ETag it answers and the If-Match it needs.
ETAG = {
    "description": "The record's version, to send back as If-Match when changing it",
    "schema": {"type": "string"},
}
VERSIONED_READ: dict[str, Any] = {"responses": {200: {"headers": {"ETag": ETAG}}}}
VERSIONED_CHANGE: dict[str, Any] = {
    "parameters": [
        {
            "name": "If-Match",
            "in": "header",
            "required": True,
            "description": "The ETag read with the record; * for whatever version stands",
            "schema": {"type": "string"},
        }
    ],
    "responses": {200: {"headers": {"ETag": ETAG}}},
}
# A "record or correct" change (``require_version_if_recorded``): If-Match once the record
# exists, none before.
VERSIONED_RECORD: dict[str, Any] = {
    "parameters": [
        {
            "name": "If-Match",
            "in": "header",
            "required": False,
            "description": "The ETag read with the record once it is recorded (* for whatever "
            "version stands); none to record it the first time",
            "schema": {"type": "string"},
        }
    ],
    "responses": {200: {"headers": {"ETag": ETAG}}},
}
