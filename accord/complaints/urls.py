from django.urls import path

from . import report_views, views

app_name = "complaints"

urlpatterns = [
    path("<slug:slug>/complaints/", views.complaint_list, name="complaint-list"),
    path("<slug:slug>/complaints.csv", views.complaint_export, name="complaint-export"),
    path("<slug:slug>/complaints/analysis/", views.complaint_analysis, name="complaint-analysis"),
    path("<slug:slug>/complaints/<int:pk>/", views.complaint_detail, name="complaint-detail"),
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
