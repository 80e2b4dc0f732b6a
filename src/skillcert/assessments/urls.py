"""Back-office URLs of assessment batches."""

from django.urls import path

from skillcert.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.batch_list, name="batches"),
    path("declare/", views.declare, name="declare"),
    path("template.xlsx", views.template, name="template"),
    path("<str:public_id>/", views.batch_detail, name="batch"),
    path("<str:public_id>/upload/", views.upload, name="upload"),
    path("<str:public_id>/photos/", views.upload_photos, name="photos"),
    path("<str:public_id>/review/", views.review_page, name="review"),
    path("<str:public_id>/commit/", views.commit, name="commit"),
    path("<str:public_id>/print/", views.print_batch, name="print"),
    path("<str:public_id>/print.pdf", views.print_download, name="print_download"),
]
