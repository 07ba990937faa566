"""One row per change of state, chained by hashes, never updated or deleted."""

import pgtrigger
from django.db import models

GENESIS_HASH = "0" * 64
REFUSE = "RAISE EXCEPTION 'audit events are append-only: % refused on %', TG_OP, TG_TABLE_NAME;"


class AuditEvent(models.Model):
    """A change of state: who did what to which object, when, with what before and after.

    ``hash`` covers the event's content and ``previous_hash`` (the hash of the event
    before it), so rewriting, removing or reordering any event breaks the chain from
    that event on (``accord audit verify``). The actor and partnership are kept as plain
    ids with the actor's name at the time, so that the record outlives the rows it names.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    partnership_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # Unique: two events claiming the same predecessor would be a fork in the chain.
    previous_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "sequence"], name="audit_object"),
            models.Index(fields=["partnership_id", "sequence"], name="audit_partnership"),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="audit_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.Before,
                func=REFUSE,
            ),
            pgtrigger.Trigger(
                name="audit_no_truncate",
                operation=pgtrigger.Truncate,
                level=pgtrigger.Statement,
                when=pgtrigger.Before,
                func=REFUSE,
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type} {self.object_id}"
