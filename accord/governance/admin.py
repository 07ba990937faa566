from django.contrib import admin
from django.db import models

from accord.audit.admin import AuditedModelAdmin

from .models import Partnership, ProgrammeOfficer


@admin.register(Partnership)
class PartnershipAdmin(AuditedModelAdmin):
    list_display = ["name", "slug", "updated_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def audit_partnership_id(self, obj: models.Model) -> int | None:
        return int(obj.pk)


@admin.register(ProgrammeOfficer)
class ProgrammeOfficerAdmin(AuditedModelAdmin):
    list_display = ["user", "partnership", "start_date", "end_date"]
    list_filter = ["partnership"]
    autocomplete_fields = ["user"]
