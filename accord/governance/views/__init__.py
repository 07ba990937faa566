"""Governance pages: the partnership, its register, the forms that change it, exports."""

from .changes import (
    body_create,
    membership_create,
    membership_end,
    membership_limit,
    partner_create,
    person_create,
    position_create,
    signature_create,
)
from .exports import body_export, membership_export, partner_export
from .partnerships import partnership_detail, partnership_switch
from .register import (
    body_detail,
    body_list,
    constitution_detail,
    partner_list,
    person_list,
    question_detail,
    question_list,
)

__all__ = [
    "body_create",
    "body_detail",
    "body_export",
    "body_list",
    "constitution_detail",
    "membership_create",
    "membership_end",
    "membership_export",
    "membership_limit",
    "partner_create",
    "partner_export",
    "partner_list",
    "partnership_detail",
    "partnership_switch",
    "person_create",
    "person_list",
    "position_create",
    "question_detail",
    "question_list",
    "signature_create",
]
