"""Public verification URLs (mounted at ``/verify/``)."""

from django.urls import path

from skillcert.verification import views

app_name = "verification"

urlpatterns = [
    path("", views.verify_page, name="verify"),
    path("code/", views.code_page, name="code"),
    path("holder/<str:token>/<str:public_id>/bundle.json", views.holder_bundle, name="holder_bundle"),
    path("holder/<str:token>/<str:public_id>/codes/", views.holder_create_code, name="holder_code_create"),
    path("holder/<str:token>/codes/<str:code_id>/revoke/", views.holder_revoke_code, name="holder_code_revoke"),
]
