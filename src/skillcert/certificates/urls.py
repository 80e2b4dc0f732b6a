"""Public certificate URLs."""

from django.urls import path

from skillcert.certificates import backoffice, views

app_name = "certificates"

urlpatterns = [
    path("query/", views.query, name="query"),
    path("special/query/", views.special_query, name="special_query"),
    path("holder/<str:token>/", views.holder_page, name="holder"),
    path("holder/<str:token>/<str:public_id>.pdf", views.holder_pdf, name="holder_pdf"),
    path("manage/<str:public_id>.pdf", backoffice.manage_pdf, name="manage_pdf"),
    path("manage/", backoffice.manage_list, name="manage_list"),
    path("manage/<str:public_id>/", backoffice.manage_detail, name="manage_detail"),
    path("manage/<str:public_id>/action/", backoffice.manage_action, name="manage_action"),
]
