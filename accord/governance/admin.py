import copy
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import construct_instance
from django.http import HttpRequest

from accord.audit.admin import AuditedModelAdmin
from accord.audit.services import audit_record, changes_between, snapshot
from accord.partnerships.models import Partnership, ProgrammeOfficer

from .models import (
    Amendment,
    Body,
    BodyRule,
    ConstitutionVersion,
    Membership,
    Partner,
    Person,
    Position,
    Question,
    Signature,
)
from .services.register import check_membership


@admin.register(Partnership)
class PartnershipAdmin(AuditedModelAdmin):
    list_display = ["name", "slug", "voters_use_two_factor", "updated_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def audit_partnership_id(self, obj: models.Model) -> int | None:
        return int(obj.pk)


@admin.register(ProgrammeOfficer)
class ProgrammeOfficerAdmin(AuditedModelAdmin):
    list_display = ["user", "partnership", "start_date", "end_date"]
    list_filter = ["partnership"]
    autocomplete_fields = ["user"]


# ---------------------------------------------------------------- the register
# Every change made here is audited (AuditedModelAdmin). The forms and the API go through
# the services, which also check the register's rules; the admin is for repairs.


class RegisterAdmin(AuditedModelAdmin):
    list_filter = ["partnership"]
    list_select_related = ["partnership"]


@admin.register(Partner)
class PartnerAdmin(RegisterAdmin):
    list_display = ["name", "kind", "partnership"]
    list_filter = ["partnership", "kind"]
    search_fields = ["name"]


@admin.register(Body)
class BodyAdmin(RegisterAdmin):
    list_display = ["name", "kind", "partnership"]
    list_filter = ["partnership", "kind"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(RegisterAdmin):
    list_display = ["name", "user", "partnership"]
    search_fields = ["name"]
    raw_id_fields = ["user"]


class MembershipAdminForm(forms.ModelForm):
    """The admin applies the register's rules too (one voting seat per person per body,
    no overlapping terms of a seat), through the service's own check."""

    class Meta:
        model = Membership
        fields = [
            "partnership",
            "body",
            "person",
            "partner",
            "role",
            "seat",
            "start_date",
            "end_date",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            candidate = construct_instance(self, copy.copy(self.instance))
            try:
                check_membership(candidate)
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(Membership)
class MembershipAdmin(RegisterAdmin):
    form = MembershipAdminForm
    list_display = ["person", "body", "partner", "role", "seat", "start_date", "end_date"]
    list_select_related = ["person", "body", "partner"]
    list_filter = ["partnership", "role", "body"]
    search_fields = ["person__name", "body__name", "partner__name"]
    raw_id_fields = ["body", "person", "partner"]


class BodyRuleInline(admin.StackedInline):
    model = BodyRule
    extra = 0
    fk_name = "version"
    raw_id_fields = ["body", "escalation_body"]
    exclude = ["partnership"]


@admin.register(ConstitutionVersion)
class ConstitutionVersionAdmin(RegisterAdmin):
    list_display = ["title", "status", "start_date", "partnership"]
    list_filter = ["partnership", "status"]
    inlines = [BodyRuleInline]

    def save_formset(
        self, request: HttpRequest, form: forms.ModelForm, formset: Any, change: bool
    ) -> None:
        """Audit each body rule the inline adds, changes or deletes."""
        befores = {
            obj.pk: snapshot(BodyRule.objects.get(pk=obj.pk))
            for obj in (f.instance for f in formset.forms)
            if obj.pk and isinstance(obj, BodyRule)
        }
        rules = formset.save(commit=False)
        for rule in formset.deleted_objects:
            before = befores.get(rule.pk, {})
            pk = rule.pk
            rule.delete()
            audit_record(
                actor=request.user,
                action="bodyrule.delete",
                object_type="governance.bodyrule",
                object_id=str(pk),
                partnership_id=form.instance.partnership_id,
                changes={**changes_between(before, {}), "via": [None, "admin"]},
            )
        for rule in rules:
            rule.partnership_id = form.instance.partnership_id
            rule.save()
            audit_record(
                actor=request.user,
                action="bodyrule.update" if rule.pk in befores else "bodyrule.create",
                obj=rule,
                changes={
                    **changes_between(befores.get(rule.pk, {}), snapshot(rule)),
                    "via": [None, "admin"],
                },
            )
        formset.save_m2m()


@admin.register(Amendment)
class AmendmentAdmin(RegisterAdmin):
    list_display = ["version", "proposed_on", "partnership"]
    raw_id_fields = ["version"]


@admin.register(Signature)
class SignatureAdmin(RegisterAdmin):
    list_display = ["amendment", "partner", "signed_by", "signed_on"]
    list_select_related = ["amendment__version", "partner", "signed_by"]
    raw_id_fields = ["amendment", "partner", "signed_by"]


@admin.register(Question)
class QuestionAdmin(RegisterAdmin):
    list_display = ["title", "asked_on", "partnership"]
    search_fields = ["title"]


@admin.register(Position)
class PositionAdmin(RegisterAdmin):
    list_display = ["question", "partner", "stance", "recorded_on"]
    list_select_related = ["question", "partner"]
    list_filter = ["partnership", "stance"]
    raw_id_fields = ["question", "partner"]
