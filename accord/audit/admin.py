"""The admin, audited: changes made there enter the trail like any other."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from .models import AuditEvent
from .services import audit_record, changes_between, snapshot


class AuditedModelAdmin(admin.ModelAdmin):
    """Writes an audit event for every save and delete, in the admin's own transaction."""

    def audit_partnership_id(self, obj: models.Model) -> int | None:
        return getattr(obj, "partnership_id", None)

    def audit_action(self, obj: models.Model, verb: str) -> str:
        return f"{obj._meta.model_name}.{verb}"

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        stored = type(obj)._default_manager.get(pk=obj.pk) if change else None
        before = snapshot(stored) if stored is not None else {}
        before_personal = snapshot(stored, personal=True) if stored is not None else {}
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=self.audit_action(obj, "update" if change else "create"),
            obj=obj,
            partnership_id=self.audit_partnership_id(obj),
            changes={**changes_between(before, snapshot(obj)), "via": [None, "admin"]},
            personal=changes_between(before_personal, snapshot(obj, personal=True)),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before, pk = snapshot(obj), obj.pk
        before_personal = snapshot(obj, personal=True)
        partnership_id = self.audit_partnership_id(obj)
        super().delete_model(request, obj)
        audit_record(
            actor=request.user,
            action=self.audit_action(obj, "delete"),
            object_type=obj._meta.label_lower,
            object_id=str(pk),
            partnership_id=partnership_id,
            changes={**changes_between(before, {}), "via": [None, "admin"]},
            personal=changes_between(before_personal, {}),
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only, in the admin as in the database."""

    list_display = ["sequence", "occurred_at", "actor_name", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "object_id", "request_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
