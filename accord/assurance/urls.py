from django.urls import path

from . import views

app_name = "assurance"

STANDARDS = "partnerships/<slug:slug>/governance-standards/"

urlpatterns = [
    path(STANDARDS, views.overview, name="overview"),
    path(f"{STANDARDS}handbooks/add/", views.handbook_create, name="handbook-create"),
    path(f"{STANDARDS}handbooks/<int:pk>/", views.handbook_detail, name="handbook-detail"),
    path(f"{STANDARDS}handbooks/<int:pk>/standards/add/", views.standard_add, name="standard-add"),
    path(
        f"{STANDARDS}handbooks/<int:pk>/assess/", views.assessment_create, name="assessment-create"
    ),
    path(f"{STANDARDS}assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path(
        f"{STANDARDS}assessments/<int:pk>/standards/<int:standard_pk>/",
        views.standard_assess,
        name="standard-assess",
    ),
    path(f"{STANDARDS}audits/add/", views.audit_create, name="audit-create"),
    path(f"{STANDARDS}audits/<int:pk>/", views.audit_detail, name="audit-detail"),
    path(f"{STANDARDS}audits/<int:pk>/findings/add/", views.finding_add, name="finding-add"),
    path(
        f"{STANDARDS}audits/<int:pk>/findings/<int:finding_pk>/actions/add/",
        views.audit_action_add,
        name="action-add",
    ),
    path(
        f"{STANDARDS}audits/<int:pk>/actions/<int:action_pk>/done/",
        views.audit_action_complete,
        name="action-complete",
    ),
    path("register-of-partnerships/", views.partnership_register, name="partnership-register"),
]
