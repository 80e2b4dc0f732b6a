"""Public trust documents: the did:web document, the status list credentials, credentials at their address."""

from django.urls import path

from skillcert.credentials import views

app_name = "credentials"

urlpatterns = [
    path(".well-known/did.json", views.did_document, name="did_document"),
    # did:web with a path (SKILLCERT_PUBLIC_URL=https://host/sub) resolves to <path>/did.json.
    path("did.json", views.did_document, name="did_document_path"),
    path("credentials/status/<str:purpose>/<str:list_id>", views.status_list, name="status_list"),
    path("credentials/<str:address>", views.issued_credential, name="issued_credential"),
]
