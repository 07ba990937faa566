from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("<slug:slug>/complaints/", views.complaint_list, name="complaint-list"),
    path("<slug:slug>/complaints.csv", views.complaint_export, name="complaint-export"),
    path("<slug:slug>/complaints/analysis/", views.complaint_analysis, name="complaint-analysis"),
    path("<slug:slug>/complaints/<int:pk>/", views.complaint_detail, name="complaint-detail"),
]
