"""The public page explaining the log, with its latest checkpoint and newest entries."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skillcert.transparency import keys, selectors
from skillcert.transparency.choices import EventKind
from skillcert.transparency.models import LogLeaf

RECENT = 20


@require_safe
def log_page(request: HttpRequest) -> HttpResponse:
    """透明日志: what the log is, how to check it, the latest signed checkpoint and the newest entries."""
    checkpoint = selectors.latest_checkpoint()
    recent = list(LogLeaf.objects.order_by("-index")[:RECENT])
    context = {
        "checkpoint": checkpoint,
        "verifier_key": keys.verifier().encode(),
        "size": selectors.current_size(),
        "recent": [(leaf, EventKind(leaf.kind).label) for leaf in recent],
        "kinds": EventKind.choices,
        "public_url": settings.PUBLIC_URL,
    }
    return render(request, "transparency/log.html", context)
