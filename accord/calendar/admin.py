from django.contrib import admin
from django.db import models

from accord.audit.admin import AuditedModelAdmin

from .models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(AuditedModelAdmin):
    """Every change made here is audited, as the services' are; a weekend date is refused
    by the model's own check, as in closure_day_add."""

    list_display = ["date", "reason", "updated_at"]
    search_fields = ["reason"]
    date_hierarchy = "date"

    def audit_action(self, obj: models.Model, verb: str) -> str:
        # The services' words: closure_day.add and closure_day.remove, and .update.
        return "closure_day." + {"create": "add", "delete": "remove"}.get(verb, verb)
