"""The form that attaches the quarterly performance report to a meeting: the quarter, and
the agenda item of one of the partnership's meetings still open for papers."""

from typing import Any

from django import forms

from accord.meetings.models import AgendaItem, MeetingStatus
from accord.partnerships.web import PartnershipForm

from .periods import PERIOD_HELP, PeriodError, Quarter

# The meetings a paper may still be added to (the meetings' lifecycle has the last word).
OPEN_FOR_PAPERS = (MeetingStatus.SCHEDULED, MeetingStatus.AGENDA_PUBLISHED)


class AgendaItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        meeting = obj.meeting
        return f"{meeting.date:%d %B %Y}, {meeting.body.name}: item {obj.number}, {obj.title}"


def items_open_for_papers(partnership: Any) -> Any:
    return (
        AgendaItem.objects.filter(
            partnership=partnership,
            meeting__status__in=OPEN_FOR_PAPERS,
            withdrawn_on__isnull=True,
        )
        .select_related("meeting", "meeting__body")
        .order_by("meeting__date", "meeting_id", "number")
    )


class ReportAttachForm(PartnershipForm):
    period = forms.CharField(label="Quarter", max_length=10, help_text=PERIOD_HELP)
    item = AgendaItemChoice(
        queryset=AgendaItem.objects.none(),
        label="Agenda item",
        help_text="An item of a meeting not yet held: the Core Strategy Group's "
        "performance item, usually",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items_open_for_papers(  # type: ignore[attr-defined]
            self.partnership
        )

    def clean_period(self) -> Quarter:
        try:
            return Quarter.parse(self.cleaned_data["period"].strip())
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None
