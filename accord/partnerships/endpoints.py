"""What every JSON API operation of a partnership is made with: the partnership from the
address with the policy asked, and lists paged the same way everywhere.

A tenant app's router is an ``accord.partnerships.endpoints.Router``: every operation
whose response is a list is paged with ``limit`` and ``offset`` and answers
``{"items": [...], "count": ..., "limit": ..., "offset": ..., "max_limit": ...,
"notice": ...}``. Rows named in the input are fetched with
``accord.partnerships.selectors.get_in(partnership, Model, pk, field="..._id")``, which
refuses another partnership's row with a 422 naming the field.
"""

from typing import Any

import ninja
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase, paginate
from ninja.signature.details import is_collection_type

from accord import policy

from .models import Partnership
from .selectors import partnership_get

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def partnership_from(request: HttpRequest, slug: str, action: str | None) -> Partnership:
    """The partnership named by the address (404 if there is none), once the policy allows
    ``action`` on it (403 otherwise; 401 from the operation's ``auth`` for anonymous
    callers). ``None`` for an operation that asks about the object it returns instead."""
    partnership = partnership_get(slug=slug)
    if action is not None:
        policy.require(request.user, action, partnership)
    return partnership


class Paging(PaginationBase):
    """``limit`` (1 to ``MAX_LIMIT``, default ``DEFAULT_LIMIT``) and ``offset`` (0 or more).
    A negative or non-numeric value is refused with 422; a limit above the maximum is
    lowered to it, and ``notice`` says so."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, description=f"Rows to return (at most {MAX_LIMIT})")
        offset: int = Field(0, ge=0, description="Rows to skip")

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
    """A router whose list operations are all paged with ``Paging``: a new app's lists
    cannot return everything at once."""

    def add_api_operation(
        self, path: str, methods: list[str], view_func: Any, **kwargs: Any
    ) -> None:
        if is_collection_type(kwargs.get("response")):
            view_func = paginate(Paging)(view_func)
        super().add_api_operation(path, methods, view_func, **kwargs)
