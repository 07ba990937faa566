from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("switch/", views.partnership_switch, name="partnership-switch"),
    path("<slug:slug>/", views.partnership_detail, name="partnership-detail"),
    # The register of one partnership: pages, forms, CSV downloads.
    path("<slug:slug>/partners/", views.partner_list, name="partner-list"),
    path("<slug:slug>/partners/add/", views.partner_create, name="partner-create"),
    path("<slug:slug>/partners.csv", views.partner_export, name="partner-export"),
    path("<slug:slug>/bodies/", views.body_list, name="body-list"),
    path("<slug:slug>/bodies/add/", views.body_create, name="body-create"),
    path("<slug:slug>/bodies.csv", views.body_export, name="body-export"),
    path("<slug:slug>/bodies/<int:pk>/", views.body_detail, name="body-detail"),
    path("<slug:slug>/people/", views.person_list, name="person-list"),
    path("<slug:slug>/people/add/", views.person_create, name="person-create"),
    path("<slug:slug>/memberships/add/", views.membership_create, name="membership-create"),
    path("<slug:slug>/memberships.csv", views.membership_export, name="membership-export"),
    path("<slug:slug>/memberships/<int:pk>/end/", views.membership_end, name="membership-end"),
    path(
        "<slug:slug>/memberships/<int:pk>/limit/", views.membership_limit, name="membership-limit"
    ),
    path("<slug:slug>/constitution/", views.constitution_detail, name="constitution-detail"),
    path(
        "<slug:slug>/amendments/<int:pk>/sign/",
        views.signature_create,
        name="signature-create",
    ),
    path("<slug:slug>/questions/", views.question_list, name="question-list"),
    path("<slug:slug>/questions/<int:pk>/", views.question_detail, name="question-detail"),
    path(
        "<slug:slug>/questions/<int:pk>/positions/add/",
        views.position_create,
        name="position-create",
    ),
]
