"""The catalogue API, its error shape, and a bounded schemathesis run over the OpenAPI spec."""

from __future__ import annotations

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, settings

from skillcert.config.wsgi import application
from tests.hypothesis_profiles import HYPOTHESIS_PROFILE

FUZZ_SEED = 20260415

pytestmark = pytest.mark.usefixtures("reference")


def test_openapi_builds_and_lists_the_catalogue_paths():
    spec = Client().get("/api/v1/openapi.json").json()
    assert {"/api/v1/catalog/occupations", "/api/v1/catalog/occupations/{code}"} <= set(spec["paths"])


def test_docs_page_uses_local_assets_only():
    html = Client().get("/api/v1/docs").content.decode()
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    assert "/static/" in html


def test_search_by_part_of_a_name_returns_chinese_unescaped():
    response = Client().get("/api/v1/catalog/occupations", {"q": "焊工", "occupations_only": "true"})
    assert response.status_code == 200
    assert "焊工" in response.content.decode()  # ensure_ascii=False
    body = response.json()
    assert body["count"] == 2
    assert {item["code"] for item in body["items"]} == {"6-18-02-04", "6-18-03-04"}


def test_search_by_code_prefix():
    body = Client().get("/api/v1/catalog/occupations", {"q": "6-18-02"}).json()
    assert body["items"][0]["code"] == "6-18-02"
    assert all(item["code"].startswith("6-18-02") for item in body["items"])


def test_occupation_detail_has_the_rule_answer():
    body = Client().get("/api/v1/catalog/occupations/4-07-05-01").json()
    assert body["certificate_types"] == ["qualification"]
    assert body["major_category"] == "4"
    assert body["reasons"][0]["code"] == "in_qualification_catalogue"


def test_unknown_code_is_a_404_in_the_error_shape():
    response = Client(headers={"Accept-Language": "en"}).get("/api/v1/catalog/occupations/1-99-99-99")
    assert response.status_code == 404
    assert response.json() == {
        "code": "unknown_occupation",
        "message": "No occupation has the code 1-99-99-99.",
        "fields": {},
    }


def test_malformed_parameters_are_400_and_invalid_ones_422_in_the_error_shape():
    response = Client().get("/api/v1/catalog/occupations", {"q": "x", "limit": "lots"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_parameter" and list(body["fields"]) == ["limit"]
    response = Client().get("/api/v1/catalog/occupations", {"q": "x", "limit": "1000"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert "limit" in body["fields"]
    assert body["message"] == "部分参数无效。"


def test_unknown_api_path_is_a_json_404():
    response = Client().get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
EXPLORING = HYPOTHESIS_PROFILE == "explore"
if not EXPLORING:
    # `make test`: a fixed seed and derandomised examples, so that every run sends the same requests.
    # `make fuzz` (HYPOTHESIS_PROFILE=explore) leaves the seed to chance and takes the profile's larger budget.
    schema.config.seed = FUZZ_SEED
FUZZ_SETTINGS = (
    settings(deadline=None, suppress_health_check=list(HealthCheck))
    if EXPLORING
    else settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
)


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI app directly fires request_started and request_finished, which would close the
    test's database connection (PostgreSQL); Django's own test client disconnects them in the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
@schema.parametrize()
@FUZZ_SETTINGS
def test_api_never_answers_500_and_honours_its_schema(case):
    response = case.call()
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert set(response.json()) == {"code", "message", "fields"}
    else:
        case.validate_response(response)


def test_validation_messages_are_translated():
    zh = Client().get("/api/v1/catalog/occupations", {"q": "x", "limit": "500"}).json()
    en = Client(headers={"Accept-Language": "en"}).get("/api/v1/catalog/occupations", {"q": "", "limit": "5"}).json()
    assert zh["fields"] == {"limit": ["不能大于 100。"]}
    assert en["fields"] == {"q": ["Must be at least 1 characters long."]}


def test_a_nul_character_is_refused_with_the_error_shape_and_changes_nothing(client: Client, db: None):
    """PostgreSQL cannot store NUL; the API refuses it up front instead of answering 500."""
    from skillcert.core.models import ChangeLogEntry

    before = ChangeLogEntry.objects.count()
    response = client.get("/api/v1/institutions", {"region": "51\x0001"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_input",
        "message": "The request contains a NUL character, which no field accepts.",
        "fields": {"region": ["The request contains a NUL character, which no field accepts."]},
    }
    repeated = client.get("/api/v1/institutions?region=51%0001&region=510100", HTTP_ACCEPT_LANGUAGE="en")
    assert repeated.status_code == 422 and repeated.json()["fields"] == body_fields("region")
    body = '{"text": "包过\\u0000"}'
    response = client.post("/api/v1/claims/check", body, content_type="application/json")
    assert response.status_code == 422 and response.json()["message"] == "请求中含有空字符（NUL），任何字段都不接受。"
    assert ChangeLogEntry.objects.count() == before


def body_fields(name: str) -> dict[str, list[str]]:
    return {name: ["The request contains a NUL character, which no field accepts."]}
