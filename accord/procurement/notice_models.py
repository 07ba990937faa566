"""The notices a procurement published and the assessment summaries sent to its bidders
(issue 16 item 7): records, written by ``accord/procurement/notices.py`` in the transaction
of the step they follow, and never changed afterwards, like ``models.Release``.

Imported by ``models.py`` so that Django finds them in the app.
"""

from typing import Any

import pgtrigger
from django.db import models

from accord.commissioning.models import Contract
from accord.core.models import BoundedTextField
from accord.core.money import MoneyField
from accord.core.text import REASON
from accord.partnerships.models import PartnershipOwned
from accord.rules import procurement as rules

from .models import Bid, Procurement, Regime

# A notice's or a summary's text, built from the data: far longer than anything it holds
# (a summary quotes the moderation's rationales, each at most a paragraph).
RECORD_TEXT = 100_000

RECORDS_IMMUTABLE = (
    "RAISE EXCEPTION 'published notices and sent assessment summaries are never changed: "
    "% refused on %', TG_OP, TG_TABLE_NAME;"
)


class RecordImmutable(Exception):
    """A published notice or a sent summary cannot be changed or removed."""


class Immutable(models.Model):
    """``save`` inserts once and refuses after; ``delete`` refuses always (the database
    refuses an UPDATE too: a trigger on PostgreSQL, and on SQLite from the migration)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or kwargs.get("force_update"):
            raise RecordImmutable(f"{self} is published and cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RecordImmutable(f"{self} is published and cannot be removed")


class NoticeKind(models.TextChoices):
    """The step a notice follows; its name under each regime is ``rules.Regime.notices``."""

    TENDER = rules.TENDER_NOTICE, "Tender"
    CONTRACT_AWARD = rules.CONTRACT_AWARD_NOTICE, "Contract award"
    CONTRACT_DETAILS = rules.CONTRACT_DETAILS_NOTICE, "Contract details"
    CONTRACT_CHANGE = rules.CONTRACT_CHANGE_NOTICE, "Contract change"
    CONTRACT_TERMINATION = rules.CONTRACT_TERMINATION_NOTICE, "Contract termination"


class Notice(PartnershipOwned, Immutable):
    """A notice the partnership published at a step of a procurement, named as its regime
    names it, with its text in plain words built from the data. Public."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="notices")
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="notices"
    )
    kind = models.CharField(max_length=30, choices=NoticeKind.choices)
    regime = models.CharField(max_length=30, choices=Regime.choices)
    name = models.CharField("Notice", max_length=100, help_text="Its name under the regime")
    number = models.CharField(max_length=10, blank=True, help_text="e.g. UK4, where verified")
    verified = models.BooleanField(help_text="Whether the regime's notice is sourced")
    source = BoundedTextField(max_length=REASON)
    published_on = models.DateField("Published")
    text = BoundedTextField(max_length=RECORD_TEXT)
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["published_on", "id"]
        triggers = [
            pgtrigger.Trigger(
                name="procurement_notice_immutable",
                operation=pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.Before,
                func=RECORDS_IMMUTABLE,
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} of {self.published_on:%-d %B %Y}"


class AssessmentSummary(PartnershipOwned, Immutable):
    """What a bidder is told of the assessment of its own bid when the contract award
    notice is published: its score on each criterion and weighted total beside the winning
    bid's, its rank, the panel's reasons and the standstill's end; or, for an excluded bid,
    its exclusion and why. Confidential to the bidder and the programme team."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.PROTECT, related_name="assessment_summaries"
    )
    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="assessment_summary")
    sent_on = models.DateField("Sent", help_text="The day the contract award notice is published")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    bidders_ranked = models.PositiveSmallIntegerField(default=0)
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    winning_total = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    winning_price = MoneyField("Winning price (pounds)", null=True, blank=True)
    excluded_reason = BoundedTextField(max_length=REASON, blank=True)
    standstill_last_day = models.DateField(null=True, blank=True)
    figures = models.JSONField(
        default=list,
        blank=True,
        help_text="Per criterion: its weight, this bid's score and the winner's",
    )
    text = BoundedTextField(max_length=RECORD_TEXT)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["procurement_id", "rank", "id"]
        verbose_name_plural = "assessment summaries"
        triggers = [
            pgtrigger.Trigger(
                name="procurement_summary_immutable",
                operation=pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.Before,
                func=RECORDS_IMMUTABLE,
            )
        ]

    def __str__(self) -> str:
        return f"Assessment summary of bid {self.bid_id}"
