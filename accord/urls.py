from django.contrib import admin
from django.urls import include, path

from accord.api import api

admin.site.site_header = "Accord administration"
admin.site.site_title = "Accord"

# Production's 500 page shows a support id (the request id), never a traceback; under /api/
# every error answers the API's JSON shape.
handler400 = "accord.core.views.bad_request"
handler403 = "accord.core.views.permission_denied"
handler404 = "accord.core.views.page_not_found"
handler500 = "accord.core.views.server_error"

urlpatterns = [
    path("", include("accord.core.urls")),
    path("account/", include("accord.accounts.urls")),
    path("account/", include("accord.notifications.urls")),
    path("partnerships/", include("accord.governance.urls")),
    path("partnerships/", include("accord.meetings.urls")),
    path("partnerships/", include("accord.decisions.urls")),
    path("partnerships/", include("accord.commissioning.urls")),
    path("partnerships/", include("accord.budget.urls")),
    path("partnerships/", include("accord.procurement.urls")),
    path("partnerships/", include("accord.complaints.urls")),
    path("partnerships/", include("accord.performance.urls")),
    path("", include("accord.assurance.urls")),  # governance standards, the register
    path("openreferral/", include("accord.commissioning.openreferral_urls")),
    path("audit/", include("accord.audit.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
