"""The home page starts with the three look-ups a worker needs, as plain GET forms that land on the results."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("reference")


def form(html: str, testid: str) -> str:
    found = re.search(rf'<form[^>]*data-testid="{testid}"[^>]*>.*?</form>', html, re.S)
    assert found, f"no {testid} form on the home page"
    return found.group(0)


def submit(form_html: str, value: str) -> str:
    """What a browser does with the form: GET its action with its one text field filled in."""
    action = re.search(r'action="([^"]+)"', form_html).group(1)
    assert re.search(r'method="get"', form_html)
    name = re.search(r'<input type="search" id="([^"]+)" name="([^"]+)"', form_html)
    assert name and f'<label for="{name.group(1)}">' in form_html  # the field has a visible label
    return f"{action}?{urlencode({name.group(2): value})}"


def test_the_occupation_box_lands_on_the_ranked_catalogue_results():
    html = Client().get("/").content.decode()
    assert html.index('data-testid="home-lookups"') < html.index('id="qualification"')  # at the top
    results = Client().get(submit(form(html, "lookup-occupation"), "电工")).content.decode()
    assert "“电工”共 9 条结果" in results
    assert re.findall(r'<td class="mono">([^<]+)</td>', results)[0] == "6-31-01-03"


def test_the_institution_box_lands_on_the_directory_search():
    url = submit(form(Client().get("/").content.decode(), "lookup-institution"), "天府")
    assert url.startswith("/institutions/?q=")
    assert Client().get(url).status_code == 200


def test_the_certificate_look_up_links_to_the_query_page():
    html = Client().get("/").content.decode()
    box = re.search(r'data-testid="lookup-certificate".*?</div>\s*</div>', html, re.S).group(0)
    assert 'href="/certificates/query/"' in box and "查询证书" in box
    assert Client().get("/certificates/query/").status_code == 200
