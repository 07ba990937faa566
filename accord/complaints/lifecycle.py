"""Which steps a complaint's facts allow now: the one table the complaint's page draws its
buttons from (``write_views.next_steps``, after the policy), kept in agreement with the
services that refuse the same steps (tests/complaints/test_lifecycle.py tries every step
in every state of a complaint's course and of a service request's, and finds each
service accepting exactly the steps offered here).

Reads the complaint's stages, lessons (with their actions) and referrals as prefetched by
``selectors.complaint_get``: no query of its own.
"""

from .models import Complaint, ComplaintKind, ImprovementActionStatus

LAST_STAGE = 2

# Each step: the name of its page (``complaints:complaint-<step>``) and its service.
STEPS = {
    "acknowledge": "stage_acknowledge",
    "respond": "stage_respond",
    "extend": "stage_extend",
    "escalate": "complaint_escalate",
    "close": "complaint_close",
    "lesson-add": "lesson_add",
    "action-add": "action_add",
    "action-complete": "action_complete",
    "refer": "referral_record",
    "determine": "referral_determine",
    "comply": "referral_comply",
}


def steps_allowed(complaint: Complaint) -> list[str]:
    """The steps (``STEPS``' keys, in their order) the facts allow now."""
    stages = list(complaint.stages.all())
    stage = stages[-1] if stages else None
    referral = next(iter(complaint.referrals.all()), None)
    lessons = list(complaint.lessons.all())
    is_open = complaint.closed_on is None
    answered = stage is not None and stage.responded_on is not None
    allowed = set()
    if is_open and stage is not None and not answered:
        if stage.acknowledged_on is None:
            allowed.add("acknowledge")
        else:
            allowed.add("respond")
            if stage.extended_to is None:
                allowed.add("extend")
    if is_open and stage is not None and answered and stage.number < LAST_STAGE:
        allowed.add("escalate")
    classified = stage is not None and bool(stage.outcome) and bool(stage.classifications)
    if is_open and (complaint.kind == ComplaintKind.SERVICE_REQUEST or classified):
        allowed.add("close")
    allowed.add("lesson-add")
    if lessons:
        allowed.add("action-add")
    actions = [action for lesson in lessons for action in lesson.actions.all()]
    if any(action.status == ImprovementActionStatus.OPEN for action in actions):
        allowed.add("action-complete")
    if referral is None and stage is not None and answered and stage.number >= LAST_STAGE:
        allowed.add("refer")
    if referral is not None:
        allowed.add("determine")
        if referral.determined_on is not None:
            allowed.add("comply")
    return [step for step in STEPS if step in allowed]
