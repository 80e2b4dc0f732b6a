"""The bench's one-view URLconf: a fixed answer with no database and no template, open to anyone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from skillcert.core.permissions import PUBLIC, URL_PERMISSIONS

URL_PERMISSIONS["bench-bare"] = PUBLIC  # the site refuses unmapped URLs; this one is mapped like a public page


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", bare, name="bench-bare")]
