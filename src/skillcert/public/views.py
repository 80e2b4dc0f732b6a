"""Public home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from skillcert.catalog.choices import LEVEL_STYLES, SkillLevel


def home(request: HttpRequest) -> HttpResponse:
    """Explain the three certificate types as the notice does, and where to check each."""
    levels = [(level, level.label, LEVEL_STYLES[level]) for level in reversed(SkillLevel)]
    return render(request, "public/home.html", {"levels": levels})
