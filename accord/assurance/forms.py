"""Forms of the governance standards pages: each checks its input and hands it to one
service, which checks it again (the API's input goes only through it)."""

from typing import Any

from crispy_forms_gds.layout import Field
from django import forms

from accord.core.text import NAME, NOTE, SHORT, TITLE
from accord.partnerships.web import PartnershipForm, choose_from, date_field

from .models import Compliance, RiskRating, Standard, StandardAssessment


def _text(label: str, length: int, *, required: str = "", rows: int = 0, hint: str = "") -> Any:
    return forms.CharField(
        label=label if required else f"{label} (optional)",
        max_length=length,
        required=bool(required),
        help_text=hint,
        error_messages={"required": required} if required else {},
        widget=forms.Textarea(attrs={"rows": rows}) if rows else None,
    )


class HandbookForm(PartnershipForm):
    title = _text("Title", TITLE, required="Enter the handbook's title")
    adopted_by = _text(
        "Adopted by",
        NAME,
        required="Say which body adopted it",
        hint="The body that adopted the handbook, for example a Public Service Board",
    )
    adopted_on = date_field("Adopted on (optional)", required=False)
    deadline = date_field("Standards to be met by")
    note = _text("Note", NOTE, rows=3)


class StandardForm(PartnershipForm):
    reference = _text(
        "Reference", SHORT, required="Enter the standard's reference", hint="For example, 2.1"
    )
    title = _text("Standard", TITLE, required="Say what the standard asks")
    evidence = _text("Evidence that shows it is met", NOTE, rows=3)


class SelfAssessmentForm(PartnershipForm):
    assessed_on = date_field("Assessed on")
    assessed_by = _text(
        "Assessed by",
        NAME,
        required="Say who assessed it",
        hint="The body or officer who made the assessment",
    )
    note = _text("Note", NOTE, rows=3)


class StandardAssessForm(PartnershipForm):
    compliance = forms.ChoiceField(
        label="Does the partnership meet the standard?",
        choices=Compliance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose met, partly met or not met"},
    )
    evidence = _text("Evidence", NOTE, rows=3)
    action = _text("Action", TITLE, hint="What will be done to meet it; needed when not fully met")
    owner = _text("Owner", NAME, hint="Who owns the action")
    due_on = date_field("Action due by (optional)", required=False)

    def __init__(self, *args: Any, row: StandardAssessment | None = None, **kwargs: Any) -> None:
        if row is not None and not args[0]:
            kwargs["initial"] = {
                "compliance": row.compliance,
                "evidence": row.evidence,
                "action": row.action,
                "owner": row.owner,
                "due_on": row.due_on,
            }
        super().__init__(*args, **kwargs)

    def layout(self) -> list[Any]:
        return [Field.radios("compliance"), "evidence", "action", "owner", "due_on"]


class AuditForm(PartnershipForm):
    auditor = _text("Auditor", NAME, required="Say who audited the partnership")
    audited_on = date_field("Date of the audit")
    summary = _text("Overall finding", NOTE, rows=4)
    risk = forms.ChoiceField(
        label="Risk rating",
        choices=RiskRating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk rating"},
    )

    def layout(self) -> list[Any]:
        return ["auditor", "audited_on", "summary", Field.radios("risk")]


class FindingForm(PartnershipForm):
    standard = forms.ModelChoiceField(
        label="Standard (optional)",
        queryset=Standard.objects.none(),
        required=False,
        empty_label="Overall: no one standard",
        error_messages={"invalid_choice": "Choose a standard of this partnership's handbooks"},
    )
    finding = _text("Finding", NOTE, required="Enter the finding", rows=4)
    risk = forms.ChoiceField(
        label="Risk rating",
        choices=RiskRating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk rating"},
    )

    def __init__(self, *args: Any, standards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "standard", standards)

    def layout(self) -> list[Any]:
        return [Field.select("standard"), "finding", Field.radios("risk")]


class AuditActionForm(PartnershipForm):
    action = _text("What is to be done", TITLE, required="Say what is to be done")
    owner = _text("Owner", NAME, required="Say who owns the action")
    due_on = date_field("Due by")


class AuditActionCompleteForm(PartnershipForm):
    done_on = date_field("Done on")
    note = _text("Follow-up note", NOTE, rows=3)
