"""Public catalogue pages: search, browsing the classification, and one occupation with its certificate-type answer."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from skillcert.catalog import selectors
from skillcert.catalog.choices import CertificateType
from skillcert.catalog.models import Occupation
from skillcert.catalog.rules import CertificateTypeAnswer, certificate_types_for
from skillcert.core.errors import NotFound
from skillcert.core.params import page_number

PAGE_SIZE = 50
MAX_QUERY_LENGTH = 60


def search(request: HttpRequest) -> HttpResponse:
    """Search the classification and new occupations, best match first; without a query, browse the 8 大类."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    hits = selectors.search_occupations(query)
    page = Paginator(hits, PAGE_SIZE).get_page(page_number(request.GET))
    context = {
        "query": query,
        "page": page,
        "total": page.paginator.count,
        "categories": [] if query else selectors.major_categories(),
    }
    return render(request, "catalog/search.html", context)


def occupation(request: HttpRequest, code: str) -> HttpResponse:
    """Show an occupation's place in the classification and which certificates are lawful for it."""
    job_type = request.GET.get("job_type", "").strip()[:MAX_QUERY_LENGTH]
    try:
        answer = certificate_types_for(code, job_type)
    except NotFound as exc:
        raise Http404(
            _("No occupation has the code %(code)s. Search the catalogue by name instead.") % {"code": code}
        ) from exc
    if answer.is_project:  # a 专项 project code: its own page says what it certifies
        return redirect("catalog:project", code=answer.code)
    entry = selectors.get_occupation(code)
    if entry is not None and not entry.is_occupation:
        return _category(request, entry, answer)
    context = {
        "answer": answer,
        "entry": entry,
        "new_occupation": None if entry else selectors.get_new_occupation(code),
        "ancestors": entry.ancestors() if entry else [],
        "children": entry.children.order_by("code") if entry else [],
        "new_notes": entry.new_occupation_entries.all() if entry else [],
        "other_names": selectors.other_names(entry) if entry else [],
        "job_type": job_type,
        "type_labels": [(t, CertificateType(t).label, t in answer.types) for t in CertificateType.values],
    }
    return render(request, "catalog/occupation.html", context)


def _category(request: HttpRequest, entry: Occupation, answer: CertificateTypeAnswer) -> HttpResponse:
    """Browse a 大类, 中类 or 小类: its place, what it contains (with occupation counts), and why it has no certificate.

    It answers at the category's own address (``/catalog/6-18/``), so the breadcrumbs of every
    occupation page lead back up the classification.
    """
    context = {
        "entry": entry,
        "answer": answer,
        "ancestors": entry.ancestors(),
        "children": selectors.category_children(entry),
    }
    return render(request, "catalog/category.html", context)


def projects(request: HttpRequest) -> HttpResponse:
    """考核规范查询: registered special ability assessment projects and their specifications."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page = Paginator(selectors.search_projects(query), PAGE_SIZE).get_page(page_number(request.GET))
    return render(request, "catalog/projects.html", {"query": query, "page": page})


def project(request: HttpRequest, code: str) -> HttpResponse:
    """One assessment project with its full specification."""
    item = get_object_or_404(selectors.public_projects(), code=code)  # drafts are not public
    return render(request, "catalog/project.html", {"project": item})
