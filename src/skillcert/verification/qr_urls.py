"""The address every certificate's QR code leads to (mounted at ``/certificates/verify/``, printed on paper: fixed)."""

from django.urls import path

from skillcert.verification import qrpage

app_name = "qr"

urlpatterns = [
    path("<str:address_key>/", qrpage.certificate_page, name="certificate"),
]
