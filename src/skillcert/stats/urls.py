"""URLs of the public dashboard (``/stats/``) and the staff reports (``/stats/reports/``)."""

from django.urls import path

from skillcert.stats import backoffice, views

app_name = "stats"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:key>.<str:fmt>", views.export, name="export"),
    path("reports/", backoffice.staff_reports, name="reports"),
    path("reports/export/<slug:key>.<str:fmt>", backoffice.staff_export, name="reports_export"),
]
