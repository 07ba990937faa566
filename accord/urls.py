from django.contrib import admin
from django.urls import include, path

from accord.api import api

admin.site.site_header = "Accord administration"
admin.site.site_title = "Accord"

urlpatterns = [
    path("", include("accord.core.urls")),
    path("account/", include("accord.accounts.urls")),
    path("partnerships/", include("accord.governance.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
