from django.urls import path

from . import report_views, views, write_views

app_name = "complaints"

urlpatterns = [
    path("<slug:slug>/complaints/", views.complaint_list, name="complaint-list"),
    path("<slug:slug>/complaints.csv", views.complaint_export, name="complaint-export"),
    path("<slug:slug>/complaints/analysis/", views.complaint_analysis, name="complaint-analysis"),
    path("<slug:slug>/complaints/<int:pk>/", views.complaint_detail, name="complaint-detail"),
    # The write side (issue 19): one page per service.
    path(
        "<slug:slug>/complaints/receive/",
        write_views.complaint_receive,
        name="complaint-receive",
    ),
    path(
        "<slug:slug>/complaints/<int:pk>/acknowledge/",
        write_views.complaint_acknowledge,
        name="complaint-acknowledge",
    ),
    path(
        "<slug:slug>/complaints/<int:pk>/extend/",
        write_views.complaint_extend,
        name="complaint-extend",
    ),
    path(
        "<slug:slug>/complaints/<int:pk>/respond/",
        write_views.complaint_respond,
        name="complaint-respond",
    ),
    path(
        "<slug:slug>/complaints/<int:pk>/escalate/",
        write_views.complaint_escalate,
        name="complaint-escalate",
    ),
    path(
        "<slug:slug>/complaints/<int:pk>/close/",
        write_views.complaint_close,
        name="complaint-close",
    ),
    path(
        "<slug:slug>/complaints/<int:pk>/lessons/add/",
        write_views.complaint_lesson_add,
        name="complaint-lesson-add",
    ),
    path(
        "<slug:slug>/complaints/<int:pk>/actions/add/",
        write_views.complaint_action_add,
        name="complaint-action-add",
    ),
    path(
        "<slug:slug>/complaints/<int:pk>/actions/done/",
        write_views.complaint_action_complete,
        name="complaint-action-complete",
    ),
    path(
        "<slug:slug>/complaints/<int:pk>/referral/",
        write_views.complaint_refer,
        name="complaint-refer",
    ),
    path(
        "<slug:slug>/complaints/<int:pk>/referral/determination/",
        write_views.complaint_determine,
        name="complaint-determine",
    ),
    path(
        "<slug:slug>/complaints/<int:pk>/referral/compliance/",
        write_views.complaint_comply,
        name="complaint-comply",
    ),
    path(
        "<slug:slug>/complaints/policy/",
        write_views.complaint_settings,
        name="complaint-settings",
    ),
]

# Monitoring (issue 19): the annual report, the Code's self-assessment, the homes figure.
urlpatterns += [
    path(
        "<slug:slug>/complaints/reports/",
        report_views.report_list,
        name="complaint-report-list",
    ),
    path(
        "<slug:slug>/complaints/reports/<int:year>/",
        report_views.report_detail,
        name="complaint-report-detail",
    ),
    path(
        "<slug:slug>/complaints/reports/<int:year>.pdf",
        report_views.report_pdf,
        name="complaint-report-pdf",
    ),
    path(
        "<slug:slug>/complaints/self-assessment/<str:code>/<int:year>/",
        report_views.assessment_detail,
        name="assessment-detail",
    ),
    path(
        "<slug:slug>/complaints/self-assessment/<str:code>/<int:year>.pdf",
        report_views.assessment_pdf,
        name="assessment-pdf",
    ),
    path(
        "<slug:slug>/complaints/self-assessment/<str:code>/<int:year>/<str:provision>/",
        report_views.provision_assess,
        name="provision-assess",
    ),
    path(
        "<slug:slug>/complaints/homes/",
        report_views.homes_managed_record,
        name="homes-managed-record",
    ),
    path(
        "<slug:slug>/complaints/service-users/",
        report_views.service_users_record,
        name="service-users-record",
    ),
]
