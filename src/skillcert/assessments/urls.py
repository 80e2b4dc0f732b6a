"""Back-office URLs of assessment batches."""

from django.urls import path

from skillcert.assessments import backoffice

app_name = "assessments"

urlpatterns = [
    path("", backoffice.batch_list, name="batches"),
    path("declare/", backoffice.declare, name="declare"),
    path("template.xlsx", backoffice.template, name="template"),
    path("<str:public_id>/", backoffice.batch_detail, name="batch"),
    path("<str:public_id>/upload/", backoffice.upload, name="upload"),
    path("<str:public_id>/photos/", backoffice.upload_photos, name="photos"),
    path("<str:public_id>/review/", backoffice.review_page, name="review"),
    path("<str:public_id>/commit/", backoffice.commit, name="commit"),
    path("<str:public_id>/print/", backoffice.print_batch, name="print"),
    path("<str:public_id>/print.pdf", backoffice.print_download, name="print_download"),
]
