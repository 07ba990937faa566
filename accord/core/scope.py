"""Where a record sits, as the permission policy sees it.

Every tenant-owned model says its own scope (``scope()``), so the policy never follows
attribute paths through the models, and a new model adds nothing to the policy.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """The partnership a record belongs to; the body whose members it concerns, if any;
    whether anyone may know it exists (``public``: a public meeting's date and place) and
    whether its content is open to anyone (``published``: a public meeting's published
    agenda). Records are private unless their model says otherwise."""

    partnership_id: int
    body_id: int | None = None
    public: bool = False
    published: bool = False
    # The people handling it, where it is a case (a complaint's stage handlers).
    handler_ids: frozenset[int] = frozenset()
    # The provider whose record it is, where a provider's own staff may act on it (a
    # quarterly return of one of its services); None for the partnership's own records.
    provider_id: int | None = None
    # Whether its confidential content (a procurement's bids and moderated scores) is now
    # open to those who sit in the partnership: once the contract is awarded.
    disclosed_to_members: bool = False
