"""The admin shows no sessions: qsessions registers its own page of them, which shows each
session's key (the credential its browser signs in with) and decoded data, and deletes
them without an audit event. A person signs their own sessions out from *Your sessions*,
recorded as ``session.ended``."""

import qsessions.admin  # noqa: F401 (registers its page, which is taken away below)
from django.contrib import admin
from qsessions.models import Session

if admin.site.is_registered(Session):
    admin.site.unregister(Session)
