from django.urls import path

from . import views

app_name = "commissioning"

urlpatterns = [
    path("<slug:slug>/providers/", views.provider_list, name="provider-list"),
    path("<slug:slug>/providers/add/", views.provider_create, name="provider-create"),
    path("<slug:slug>/providers.csv", views.provider_export, name="provider-export"),
    path("<slug:slug>/providers/<int:pk>/", views.provider_detail, name="provider-detail"),
    path("<slug:slug>/providers/<int:pk>/change/", views.provider_update, name="provider-update"),
]
