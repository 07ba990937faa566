from django.urls import path

from . import views

app_name = "procurement"

urlpatterns = [
    path("<slug:slug>/procurements/", views.procurement_list, name="procurement-list"),
    path("<slug:slug>/procurements/<int:pk>/", views.procurement_detail, name="procurement-detail"),
    path(
        "<slug:slug>/procurements/<int:pk>/open/", views.procurement_open, name="procurement-open"
    ),
    path("<slug:slug>/procurements/<int:pk>/sign/", views.contract_sign, name="procurement-sign"),
]
