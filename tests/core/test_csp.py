"""Content-Security-Policy: every page forbids inline script, eval and other origins, and needs neither."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from skillcert.catalog.choices import LEVEL_STYLES

pytestmark = pytest.mark.usefixtures("reference")

PAGES = [
    "/",
    "/catalog/",
    "/catalog/?q=焊工",
    "/catalog/projects/",
    "/institutions/",
    "/certificates/query/",
    "/certificates/special/query/",
    "/verify/",
    "/verify/code/",
    "/log/",
    "/supervision/check/",
    "/supervision/track/",
    "/competitions/",
    "/stats/",
    "/api/v1/docs",
    "/account/login/",
    "/no-such-page/",
]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I)


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {words[0]: words[1:] for words in directives}


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_a_strict_policy(url: str):
    rules = policy(Client().get(url))
    assert rules["default-src"] == ["'self'"]
    scripts = rules.get("script-src", rules["default-src"])
    styles = rules.get("style-src", rules["default-src"])
    for sources in (scripts, styles):
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    assert rules["frame-ancestors"] == ["'none'"]
    assert rules["object-src"] == ["'none'"]
    assert rules["form-action"] == ["'self'"]
    every_source = [source for sources in rules.values() for source in sources]
    assert not [s for s in every_source if "://" in s or s in ("*", "http:", "https:", "blob:")], rules
    assert [name for name, sources in rules.items() if "data:" in sources] == ["img-src"]


@pytest.mark.parametrize("url", PAGES)
def test_no_page_has_inline_script_event_handlers_or_style_attributes(url: str):
    html = Client().get(url).content.decode()
    for attributes, body in SCRIPT_TAG.findall(html):
        is_data = re.search(r'type="application/json"', attributes)
        assert ("src=" in attributes and not body.strip()) or is_data, f"inline script on {url}: {attributes}"
    assert not EVENT_HANDLER.search(html), url
    assert not STYLE_ATTRIBUTE.search(html), url


def test_the_home_page_shows_each_level_colour_through_the_stylesheet():
    html = Client().get("/").content.decode()
    css = (Path(__file__).resolve().parents[2] / "src/skillcert/public/static/skillcert/site.css").read_text()
    for level, style in LEVEL_STYLES.items():
        assert f'class="level-swatch level-{level}"' in html
        assert re.search(rf"\.level-swatch\.level-{level}\s*\{{\s*background:\s*{style.rgb};", css), level


def test_the_api_answers_carry_the_policy_too():
    response = Client().get("/api/v1/catalog/occupations", {"q": "焊工"})
    assert policy(response)["default-src"] == ["'self'"]
