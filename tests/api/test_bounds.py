"""Every integer parameter of the API and the pages is bounded: huge numbers are refused or clamped, never a 500."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test import Client

from skillcert.core import params

pytestmark = pytest.mark.usefixtures("reference")

HUGE = "9223372036854775808"  # 2**63: one more than the largest integer PostgreSQL or SQLite stores


def _integer_schemas(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The integer alternatives of a parameter schema (``int | None`` is an ``anyOf``)."""
    options = schema.get("anyOf", [schema])
    return [option for option in options if option.get("type") == "integer"]


def _body_integers(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Integer properties of every schema used as a request body."""
    found = []
    components = spec.get("components", {}).get("schemas", {})
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content", {})
            for media in content.values():
                ref = media.get("schema", {}).get("$ref", "")
                body = components.get(ref.rsplit("/", 1)[-1], {})
                for name, prop in body.get("properties", {}).items():
                    found += [(f"{path} body {name}", option) for option in _integer_schemas(prop)]
    return found


def test_every_integer_parameter_of_the_api_has_a_minimum_and_a_maximum():
    spec = Client().get("/api/v1/openapi.json").json()
    integers = []
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                integers += [(f"{path} {parameter['name']}", o) for o in _integer_schemas(parameter["schema"])]
    integers += _body_integers(spec)
    assert len(integers) >= 10  # the walk did find the paginated, filtered and log endpoints
    unbounded = [name for name, option in integers if "maximum" not in option or "minimum" not in option]
    assert unbounded == []


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/v1/catalog/occupations", {"q": "6", "offset": HUGE}, "offset"),
        ("/api/v1/catalog/occupations", {"q": "6", "limit": HUGE}, "limit"),
        ("/api/v1/institutions", {"offset": HUGE}, "offset"),
        ("/api/v1/institutions", {"offset": str(params.MAX_OFFSET + 1)}, "offset"),
        ("/api/v1/institutions", {"level": HUGE}, "level"),
        ("/api/v1/stats/summary", {"year_from": HUGE}, "year_from"),
        ("/api/v1/stats/by_year", {"year_to": HUGE}, "year_to"),
        ("/api/v1/stats/by_level", {"level": HUGE}, "level"),
        ("/api/v1/log/entries", {"start": HUGE, "end": "1"}, "start"),
        ("/api/v1/log/checkpoints", {"after": HUGE}, "after"),
    ],
)
def test_a_huge_number_is_a_422_naming_the_parameter_and_never_a_500(path: str, query: dict[str, str], field: str):
    response = Client(headers={"Accept-Language": "en"}).get(path, query)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid_input"
    assert field in body["fields"]


def test_the_largest_accepted_offset_answers_an_empty_page():
    client = Client()
    response = client.get("/api/v1/institutions", {"offset": str(params.MAX_OFFSET)})
    assert response.status_code == 200 and response.json()["items"] == []
    response = client.get("/api/v1/catalog/occupations", {"q": "6", "offset": str(params.MAX_OFFSET)})
    assert response.status_code == 200 and response.json()["items"] == []


def test_the_english_message_says_the_largest_value():
    body = Client(headers={"Accept-Language": "en"}).get("/api/v1/institutions", {"offset": HUGE}).json()
    assert body["fields"] == {"offset": [f"Must be at most {params.MAX_OFFSET}."]}


@pytest.mark.parametrize(
    "url",
    [
        f"/catalog/?q=6&page={HUGE}",
        f"/catalog/projects/?page={HUGE}",
        f"/institutions/?page={HUGE}",
        f"/stats/?year_from={HUGE}&level={HUGE}",
    ],
)
def test_pages_answer_a_huge_page_or_year_without_an_error(url: str):
    assert Client().get(url).status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 1),
        ("page=", 1),
        ("page=2", 2),
        ("page=0", 1),
        (f"page={HUGE}", params.MAX_PAGE),
        ("page=" + "9" * 1000, params.MAX_PAGE),
    ],
)
def test_page_numbers_are_clamped_into_their_range(query: str, expected: int):
    assert params.page_number(QueryDict(query)) == expected


@pytest.mark.parametrize("raw", [" 3 ", "-5", "+5", "1e999", "٣", "03", "x" * 10_000])
def test_a_badly_written_page_number_is_refused(raw: str):
    with pytest.raises(params.BadParameter):
        params.page_number(QueryDict(urlencode({"page": raw})))


def test_bounded_int_refuses_what_is_outside_or_not_a_whole_number():
    assert params.bounded_int("42", minimum=1, maximum=100) == 42
    for raw in ("0", "101", HUGE, "4.5", "", "abc", "1_000", "+42", " 42", "042", "-1"):
        with pytest.raises(ValueError, match="1"):
            params.bounded_int(raw, minimum=1, maximum=100)


def test_a_competition_year_out_of_range_is_a_form_error():
    from skillcert.competitions.forms import RegisterForm

    form = RegisterForm({"name": "x", "year": HUGE, "competition_class": "class_two"})
    assert not form.is_valid()
    assert "year" in form.errors


def test_a_huge_rank_in_competition_results_is_a_row_error_not_a_database_error():
    from skillcert.competitions.results import Checker, FinalistRow

    row = FinalistRow(row_no=2)
    Checker._rank(object.__new__(Checker), row, HUGE)
    assert row.errors and row.rank == 0
    ok = FinalistRow(row_no=3)
    Checker._rank(object.__new__(Checker), ok, "3")
    assert ok.errors == [] and ok.rank == 3
