"""URLs of the public directory (``/institutions/``) and the back office (``/institutions/manage/``)."""

from django.urls import path

from skillcert.institutions import backoffice, views

app_name = "institutions"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("manage/", backoffice.manage_list, name="manage_list"),
    path("manage/mine/", backoffice.mine, name="mine"),
    path("manage/new/", backoffice.manage_new, name="manage_new"),
    path("manage/<str:public_id>/", backoffice.manage_detail, name="manage_detail"),
    path("manage/<str:public_id>/record/", backoffice.record, name="record"),
    path("manage/<str:public_id>/contacts/", backoffice.contacts, name="contacts"),
    path("manage/<str:public_id>/scope/", backoffice.scope, name="scope"),
    path("manage/<str:public_id>/scope/<str:row_id>/withdraw/", backoffice.withdraw, name="withdraw"),
    path("manage/<str:public_id>/operators/", backoffice.operators, name="operators"),
    path("manage/<str:public_id>/tokens/", backoffice.tokens, name="tokens"),
    path("manage/<str:public_id>/tokens/<str:token_id>/revoke/", backoffice.revoke_token, name="revoke_token"),
    path("manage/<str:public_id>/<str:action>/", backoffice.transition, name="transition"),
    path("<str:public_id>/", views.public_detail, name="public_detail"),
]
