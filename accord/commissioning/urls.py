from django.urls import path

from . import views

app_name = "commissioning"

urlpatterns = [
    path("<slug:slug>/providers/", views.provider_list, name="provider-list"),
    path("<slug:slug>/providers/add/", views.provider_create, name="provider-create"),
    path("<slug:slug>/providers.csv", views.provider_export, name="provider-export"),
    path("<slug:slug>/providers/<int:pk>/", views.provider_detail, name="provider-detail"),
    path("<slug:slug>/providers/<int:pk>/change/", views.provider_update, name="provider-update"),
    path("<slug:slug>/evidence/", views.dataset_list, name="dataset-list"),
    path("<slug:slug>/evidence/add/", views.dataset_create, name="dataset-create"),
    path("<slug:slug>/evidence/<int:pk>/", views.dataset_detail, name="dataset-detail"),
    path("<slug:slug>/evidence/<int:pk>/change/", views.dataset_update, name="dataset-update"),
    path("<slug:slug>/evidence/<int:pk>/import/", views.dataset_import, name="dataset-import"),
    path(
        "<slug:slug>/evidence/<int:pk>/template.csv",
        views.dataset_template,
        name="dataset-template",
    ),
    path("<slug:slug>/evidence/<int:pk>/figures.csv", views.dataset_export, name="dataset-export"),
    path("<slug:slug>/services/", views.service_list, name="service-list"),
    path("<slug:slug>/services/add/", views.service_create, name="service-create"),
    path("<slug:slug>/services.csv", views.service_export, name="service-export"),
    path("<slug:slug>/services/<int:pk>/", views.service_detail, name="service-detail"),
    path("<slug:slug>/services/<int:pk>/change/", views.service_update, name="service-update"),
    path(
        "<slug:slug>/services/<int:pk>/locations/add/",
        views.location_create,
        name="location-create",
    ),
    path(
        "<slug:slug>/services/<int:pk>/locations/<int:location_pk>/change/",
        views.location_update,
        name="location-update",
    ),
    path(
        "<slug:slug>/services/<int:pk>/locations/<int:location_pk>/remove/",
        views.location_remove,
        name="location-remove",
    ),
]
