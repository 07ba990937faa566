from django.urls import path

from .views import changes, contributions, outputs, pages

app_name = "meetings"

urlpatterns = [
    path("<slug:slug>/meetings/", pages.meeting_list, name="meeting-list"),
    path("<slug:slug>/meetings/add/", changes.meeting_create, name="meeting-create"),
    path("<slug:slug>/forward-plan/", pages.forward_plan, name="forward-plan"),
    path("<slug:slug>/meetings/<int:pk>/", pages.meeting_detail, name="meeting-detail"),
    path("<slug:slug>/meetings/<int:pk>/change/", changes.meeting_update, name="meeting-update"),
    path("<slug:slug>/meetings/<int:pk>/publish/", changes.meeting_publish, name="meeting-publish"),
    path("<slug:slug>/meetings/<int:pk>/cancel/", changes.meeting_cancel, name="meeting-cancel"),
    path("<slug:slug>/meetings/<int:pk>/held/", changes.meeting_held, name="meeting-held"),
    path(
        "<slug:slug>/meetings/<int:pk>/items/add/",
        changes.agenda_item_create,
        name="agenda-item-create",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/items/<int:item_pk>/change/",
        changes.agenda_item_update,
        name="agenda-item-update",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/items/<int:item_pk>/move/",
        changes.agenda_item_move,
        name="agenda-item-move",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/items/<int:item_pk>/withdraw/",
        changes.agenda_item_withdraw,
        name="agenda-item-withdraw",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/papers/<int:paper_pk>/change/",
        changes.paper_update,
        name="paper-update",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/papers/<int:paper_pk>/withdraw/",
        changes.paper_withdraw,
        name="paper-withdraw",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/items/<int:item_pk>/papers/add/",
        changes.paper_create,
        name="paper-create",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/items/<int:item_pk>/declarations/add/",
        changes.declaration_create,
        name="declaration-create",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/items/<int:item_pk>/contributions/add/",
        contributions.contribution_create,
        name="contribution-create",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/items/<int:item_pk>/contributions/minute/",
        contributions.contribution_minute,
        name="contribution-minute",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/contributions/<int:contribution_pk>/withdraw/",
        contributions.contribution_withdraw,
        name="contribution-withdraw",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/items/<int:item_pk>/minutes/",
        changes.minutes_edit,
        name="minutes-edit",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/attendance/add/",
        changes.attendance_create,
        name="attendance-create",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/minutes/approve/",
        changes.minutes_approve,
        name="minutes-approve",
    ),
    path("<slug:slug>/papers/<int:pk>/", pages.paper_download, name="paper-download"),
    # Documents made from meetings: the calendar feed, the agenda pack and the minutes.
    path("<slug:slug>/bodies/<int:pk>/meetings.ics", outputs.calendar_feed, name="calendar-feed"),
    path("<slug:slug>/meetings/<int:pk>/agenda.pdf", outputs.agenda_pack, name="agenda-pack"),
    path("<slug:slug>/meetings/<int:pk>/minutes.pdf", outputs.minutes_document, name="minutes-pdf"),
]
