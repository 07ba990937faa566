"""Writes to the governance register: every one validated, audited, in one transaction."""

from .constitution import (
    amendment_propose,
    body_rule_set,
    constitution_record_founding,
    constitution_version_create,
    entitled_to_sign,
    partners_spoken_for,
    signature_record,
)
from .exports import popolo_export_record
from .partnerships import partnership_create, programme_officer_appoint
from .positions import position_record, question_create
from .register import (
    body_create,
    membership_create,
    membership_end,
    membership_limit_set,
    partner_create,
    person_create,
)

__all__ = [
    "amendment_propose",
    "body_create",
    "body_rule_set",
    "constitution_record_founding",
    "constitution_version_create",
    "entitled_to_sign",
    "membership_create",
    "membership_end",
    "membership_limit_set",
    "partner_create",
    "partners_spoken_for",
    "partnership_create",
    "person_create",
    "popolo_export_record",
    "position_record",
    "programme_officer_appoint",
    "question_create",
    "signature_record",
]
