"""Root URLconf. Every named URL here must be in ``core.permissions.URL_PERMISSIONS``."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("skillcert.public.urls")),
    path("catalog/", include("skillcert.catalog.urls")),
    path("account/", include("skillcert.core.urls")),
    path("institutions/", include("skillcert.institutions.urls")),
    path("certificates/verify/", include("skillcert.verification.qr_urls")),  # the QR address on every paper
    path("certificates/", include("skillcert.certificates.urls")),
    path("assessments/", include("skillcert.assessments.urls")),
    path("log/", include("skillcert.transparency.urls")),
    path("supervision/", include("skillcert.supervision.urls")),
    path("stats/", include("skillcert.stats.urls")),
    path("competitions/", include("skillcert.competitions.urls")),
    path("verify/", include("skillcert.verification.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("skillcert.credentials.urls")),
    path("api/v1/", include("skillcert.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "skillcert.core.errorviews.bad_request"
handler404 = "skillcert.core.errorviews.not_found"
handler500 = "skillcert.core.errorviews.server_error"
handler403 = "skillcert.core.errorviews.forbidden"
