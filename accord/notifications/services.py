"""Each person's choice of e-mails: audited, one row per kind they changed."""

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.services import Actor, audited

from .models import NotificationKind, NotificationPreference


@transaction.atomic
def notification_preferences_set(
    *, actor: Actor, user: AbstractBaseUser, choices: Mapping[str, bool]
) -> dict[str, bool]:
    """Turn kinds of e-mail on or off for a person (``{kind: on}``; kinds not named keep
    their choice), each change audited. The page and the API offer it to the signed-in
    person for themselves only. Answers every kind and whether it is on."""
    unknown = sorted(set(choices) - set(NotificationKind.values))
    if unknown:
        raise ValidationError({unknown[0]: "Choose one of the kinds of e-mail Accord sends"})
    rows = {
        row.kind: row
        for row in NotificationPreference.objects.select_for_update().filter(user_id=user.pk)
    }
    for kind, enabled in choices.items():
        preference = rows.get(kind) or NotificationPreference(user_id=user.pk, kind=kind)
        if preference.pk is not None and preference.enabled == enabled:
            continue
        if preference.pk is None and enabled:
            continue  # on by default: nothing to record
        with audited(preference, actor=actor, action="notification_preference.set"):
            preference.enabled = enabled
        rows[kind] = preference
    return {kind: rows[kind].enabled if kind in rows else True for kind in NotificationKind.values}
