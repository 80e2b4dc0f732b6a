"""Request bodies are refused before they are read; upload temporary files stay in the data directory."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import Client

from tests.factories import make_institution, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def parsed(monkeypatch):
    """Counts the request bodies Django parses (a parsed multipart body may be spooled to disk)."""
    calls = []
    original = MultiPartParser.parse

    def parse(self):
        calls.append(1)
        return original(self)

    monkeypatch.setattr(MultiPartParser, "parse", parse)
    return calls


@pytest.fixture
def spool_dir(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # anything parsed would be written to disk
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(mode=0o700)
    return Path(settings.FILE_UPLOAD_TEMP_DIR)


def spooled(folder):
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.fixture
def operator(reference, centre_user):
    from skillcert.institutions.services import link_operator

    institution = make_institution(centre_user, name="四川省焊接技能评价中心", serial=1)
    user = make_user("welding-operator", "institution_operator")
    link_operator(user=user, institution=institution, actor=centre_user)
    user.institution = institution
    return user


@pytest.fixture
def batch(operator):
    from skillcert.assessments import services

    institution = operator.institution

    return services.declare_batch(
        actor=operator, institution=institution, occupation_code="6-18-02-04", level=4,
        assessment_date=dt.date(2026, 10, 18), evaluators="王考评",
    )  # fmt: skip


def test_an_oversize_results_upload_is_refused_unread(batch, operator, settings, spool_dir, parsed):
    settings.MAX_UPLOAD_BYTES = 64 * 1024
    client = Client()
    client.force_login(operator)
    big = SimpleUploadedFile("results.csv", b"a,b\n" * 600_000)
    response = client.post(f"/assessments/{batch.public_id}/upload/", {"file": big})
    assert response.status_code == 413
    assert "未予读取" in response.content.decode() and "MB" in response.content.decode()
    assert parsed == [] and spooled(spool_dir) == []
    batch.refresh_from_db()
    assert batch.status == "declared"


def test_a_results_upload_under_the_limit_is_read(batch, operator, settings, spool_dir, parsed):
    client = Client()
    client.force_login(operator)
    response = client.post(f"/assessments/{batch.public_id}/upload/", {"file": SimpleUploadedFile("r.csv", b"x")})
    assert response.status_code == 302 and parsed == [1]


def test_an_oversize_form_anywhere_is_refused_unread(settings, spool_dir, parsed):
    settings.MAX_FORM_BYTES = 10 * 1024
    response = Client().post("/supervision/track/", {"evidence": SimpleUploadedFile("x.bin", b"0" * 20_000)})
    assert response.status_code == 413 and parsed == []
    assert spooled(spool_dir) == []


def test_the_api_answers_in_its_error_shape(settings, parsed):
    settings.MAX_FORM_BYTES = 10 * 1024
    response = Client().post("/api/v1/claims/check", b"{}" + b" " * 20_000, content_type="application/json")
    assert response.status_code == 413
    assert set(response.json()) == {"code", "message", "fields"} and response.json()["code"] == "too_large"


def test_anonymous_uploads_are_rate_limited_before_the_body_is_read(settings, spool_dir, parsed):
    cache.clear()
    settings.UPLOAD_RATE_LIMIT = "2/m"
    client = Client()
    evidence = {"category": "fees", "description": "另收入库费", "anonymous": "on"}
    for _ in range(2):
        client.post("/supervision/complain/", {**evidence, "evidence": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")})
    assert len(parsed) == 2
    response = client.post(
        "/supervision/complain/", {**evidence, "evidence": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")}
    )
    assert response.status_code == 429 and len(parsed) == 2
    assert spooled(spool_dir) == []
    cache.clear()


def test_upload_temp_dir_is_private_inside_the_data_dir():
    temp = Path(django_settings.FILE_UPLOAD_TEMP_DIR)
    assert temp.is_relative_to(Path(django_settings.DATA_DIR))
    assert stat.S_IMODE(temp.stat().st_mode) == 0o700


def test_leftovers_of_dead_workers_are_removed_at_start(settings, tmp_path):
    from skillcert.core.uploads import _process_dir_name, clean_upload_temp_dir, process_temp_dir

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    mine = process_temp_dir()
    (mine / "live.upload").write_bytes(b"in use")
    dead = tmp_path / "uploads" / _process_dir_name(999_999_999)  # above any possible pid
    dead.mkdir()
    (dead / "tmpabc.upload.csv").write_bytes(b"left behind by a killed worker")
    (tmp_path / "uploads" / "tmpold.upload").write_bytes(b"left by an older version")
    clean_upload_temp_dir()
    assert not dead.exists() and not (tmp_path / "uploads" / "tmpold.upload").exists()
    assert (mine / "live.upload").exists()
    assert stat.S_IMODE(mine.stat().st_mode) == 0o700 and mine.name.endswith(f"-{os.getpid()}")
