"""Public pages: the directory of recorded evaluation institutions and one institution's record and scope."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from skillcert.core.errors import InvalidInput, NotFound
from skillcert.core.params import check_query, page_number
from skillcert.institutions import selectors
from skillcert.institutions.forms import DirectoryForm, add_domain_error

PAGE_SIZE = 20


def query_from(form: DirectoryForm) -> selectors.DirectoryQuery:
    """The selector's query from a valid directory form."""
    data = form.cleaned_data
    region = data.get("region")
    return selectors.DirectoryQuery(
        q=data.get("q") or "",
        region=region.code if region else "",
        occupation=data.get("occupation") or "",
        level=data.get("level"),
        status=data.get("status") or "",
    )


def directory(request: HttpRequest) -> HttpResponse:
    """Search recorded institutions by name, 市(州), occupation and level, like the national directory."""
    check_query(request.GET, ("level", "page"))  # plain digits, given once, or 400
    form = DirectoryForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        try:
            found = selectors.search_directory(query_from(form))
            page = Paginator(found, PAGE_SIZE).get_page(page_number(request.GET))
        except InvalidInput as exc:
            add_domain_error(form, exc)
    elif not form.is_bound:
        page = Paginator(selectors.search_directory(selectors.DirectoryQuery()), PAGE_SIZE).get_page(1)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "institutions/directory.html",
        {"form": form, "page": page, "params": params.urlencode()},
    )


def public_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One institution: status, record, contacts and the scope table (suspended and revoked ones too)."""
    try:
        institution = selectors.get_public(public_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    today = timezone.localdate()
    rows = [(row, row.valid_on(today)) for row in selectors.live_scope_rows(institution)]
    return render(
        request,
        "institutions/public_detail.html",
        {"institution": institution, "rows": rows, "today": today},
    )
