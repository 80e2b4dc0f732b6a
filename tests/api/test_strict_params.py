"""Integer parameters have one spelling (ASCII digits) and one value: loose forms and repeats are a 400.

Python's ``int()`` reads ``"1_0"`` as 10 and ``" +5"`` as 5, and Django and ninja take the last of
repeated parameters; before, every endpoint below answered for those.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.test import Client

from skillcert.core import params

pytestmark = pytest.mark.usefixtures("reference")

# (raw query value as sent on the wire, what a lax parser read it as)
LOOSE = [
    ("1_0", "underscore"),
    ("%2B1", "plus sign"),
    ("+1", "plus read as a space"),
    ("%201", "leading space"),
    ("1%20", "trailing space"),
    ("01", "leading zero"),
    ("-0", "minus sign"),
    ("%D9%A1", "Arabic-Indic digit one"),
    ("1e0", "exponent"),
    ("0x1", "hexadecimal"),
    ("1.0", "decimal point"),
    ("", "empty"),
]

API = [  # path, plain query that answers 200, the integer parameters in it
    ("/api/v1/log/entries", {"start": "0", "end": "1"}),
    ("/api/v1/log/proof/inclusion", {"index": "0", "tree_size": "1"}),
    ("/api/v1/log/proof/consistency", {"first": "1", "second": "1"}),
    ("/api/v1/log/checkpoints", {"after": "0", "limit": "1"}),
    ("/api/v1/catalog/occupations", {"q": "6", "offset": "0", "limit": "1"}),
    ("/api/v1/institutions", {"level": "1", "offset": "0", "limit": "1"}),
    ("/api/v1/stats/summary", {"year_from": "2020", "year_to": "2026", "level": "1"}),
]
API_PARAMETERS = [(path, query, name) for path, query in API for name in query if name != "q"]

PAGES = [  # path, plain query, integer parameters
    ("/catalog/", {"q": "6", "page": "1"}, ["page"]),
    ("/catalog/projects/", {"page": "1"}, ["page"]),
    ("/institutions/", {"level": "1", "page": "1"}, ["level", "page"]),
    ("/stats/", {"year_from": "2020", "year_to": "2026", "level": "1"}, ["year_from", "year_to", "level"]),
    ("/stats/export/by_level.csv", {"year_from": "2020", "level": "1"}, ["year_from", "level"]),
]
PAGE_PARAMETERS = [(path, query, name) for path, query, names in PAGES for name in names]


@pytest.fixture(autouse=True)
def a_log_and_fresh_limits(db: Any) -> None:
    from skillcert.transparency import services
    from tests.factories import issued

    cache.clear()
    services.append_events(events=issued(2))
    services.publish_checkpoint()


def url(path: str, query: dict[str, str], name: str, raw: str) -> str:
    others = {key: value for key, value in query.items() if key != name}
    return f"{path}?{urlencode(others)}&{name}={raw}"


@pytest.mark.parametrize(("path", "query"), API)
def test_plain_digits_answer_on_every_api_endpoint(path: str, query: dict[str, str]):
    response = Client().get(path, query)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(("raw", "form"), LOOSE, ids=[form for _raw, form in LOOSE])
@pytest.mark.parametrize(("path", "query", "name"), API_PARAMETERS)
def test_loose_numbers_are_refused_by_every_api_endpoint(
    path: str, query: dict[str, str], name: str, raw: str, form: str
):
    response = Client(headers={"Accept-Language": "zh-hans"}).get(url(path, query, name, raw))
    assert response.status_code == 400, (form, response.content)
    body = response.json()
    assert set(body) == {"code", "message", "fields"} and body["code"] == "invalid_parameter"
    assert list(body["fields"]) == [name] and "只用数字 0–9" in body["message"]


@pytest.mark.parametrize(("path", "query", "name"), API_PARAMETERS)
def test_a_repeated_parameter_is_refused_not_the_last_one_taken(path: str, query: dict[str, str], name: str):
    response = Client().get(f"{path}?{urlencode(query)}&{name}={query[name]}")
    assert response.status_code == 400 and response.json()["code"] == "invalid_parameter"
    assert list(response.json()["fields"]) == [name] and "不止一次" in response.json()["message"]


def test_a_repeated_text_parameter_is_refused_too():
    response = Client().get("/api/v1/catalog/occupations?q=6&q=2")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["q"]


def test_the_english_message_names_the_rule():
    body = Client(headers={"Accept-Language": "en"}).get("/api/v1/log/entries?start=1_0&end=20").json()
    assert body["fields"] == {
        "start": ["“start” must be a whole number written with the digits 0–9 only "
                  "(no sign, space, underscore or leading zero)."]
    }  # fmt: skip


@pytest.mark.parametrize(("path", "query"), [(path, query) for path, query, _names in PAGES])
def test_plain_digits_answer_on_every_page(path: str, query: dict[str, str]):
    assert Client().get(path, query).status_code == 200


@pytest.mark.parametrize(("raw", "form"), [("1_0", "underscore"), ("%2B1", "plus"), ("%201", "space"), ("01", "zero")])
@pytest.mark.parametrize(("path", "query", "name"), PAGE_PARAMETERS)
def test_loose_numbers_on_a_page_are_a_400_with_a_chinese_message(path, query, name, raw, form):
    response = Client().get(url(path, query, name, raw))
    assert response.status_code == 400, form
    assert f"“{name}”必须是只用数字 0–9 写成的整数" in response.content.decode()


@pytest.mark.parametrize(("path", "query", "name"), PAGE_PARAMETERS)
def test_a_repeated_parameter_on_a_page_is_a_400(path, query, name):
    response = Client().get(f"{path}?{urlencode(query)}&{name}={query[name]}")
    assert response.status_code == 400 and f"“{name}”出现了不止一次" in response.content.decode()


@pytest.mark.parametrize("raw", ["1_0", "+10", " 10", "010", "10.0", "１０"])
def test_a_forms_whole_number_has_one_spelling(raw: str):
    from skillcert.verification.forms import CreateCodeForm

    assert CreateCodeForm({"days": "10"}).is_valid()
    form = CreateCodeForm({"days": raw})
    assert not form.is_valid() and "只用数字 0–9" in form.errors["days"][0]


def test_a_forms_whole_number_given_twice_is_refused():
    from skillcert.competitions.forms import RegisterForm
    from skillcert.verification.forms import CreateCodeForm

    form = CreateCodeForm(QueryDict("days=10&days=20"))
    assert not form.is_valid() and "不止一次" in form.errors["days"][0]
    form = RegisterForm(QueryDict("name=x&competition_class=class_two&year=2026&year=2027"))
    assert not form.is_valid() and "不止一次" in form.errors["year"][0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", 0),
        ("7", 7),
        ("10", 10),
        (str(params.DB_MAX_INT), params.DB_MAX_INT),
        (5, 5),
        ("9" * 5000, params.BEYOND_EVERY_BOUND),  # well written, beyond every bound, not parsed
    ],
)
def test_parse_digits_reads_the_one_spelling(raw: Any, expected: int):
    assert params.parse_digits(raw) == expected


@pytest.mark.parametrize("raw", ["", " 1", "1 ", "+1", "-1", "1_0", "01", "00", "٣", "1e3", None, True, 1.0])
def test_parse_digits_refuses_every_other_spelling(raw: Any):
    with pytest.raises(ValueError):
        params.parse_digits(raw)
