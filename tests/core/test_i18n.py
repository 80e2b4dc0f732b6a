"""Languages: Chinese by default and complete; English on request."""

import shutil
import subprocess
import sys

import pytest
from django.test import Client

from skillcert.core.i18n import LOCALE_DIR, untranslated


def test_chinese_catalogue_is_complete():
    assert untranslated() == []


def test_every_marked_string_is_in_the_chinese_catalogue(tmp_path):
    """Re-extract the strings from the code: nothing new may be missing a translation."""
    import polib

    package = LOCALE_DIR.parent
    copy = tmp_path / "skillcert"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-location", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    po = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in po.untranslated_entries()] == []


@pytest.mark.django_db
def test_pages_are_chinese_by_default_even_for_english_browsers():
    response = Client(headers={"Accept-Language": "en-US,en;q=0.9"}).get("/")
    assert "四川省技能人才评价证书查验平台" in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_language_switch_sets_english():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/catalog/"})
    assert response.status_code == 302 and response["Location"] == "/catalog/"
    assert "Occupation catalogue" in client.get("/catalog/").content.decode()


@pytest.mark.django_db
def test_api_follows_accept_language():
    en = Client(headers={"Accept-Language": "en"}).get("/api/v1/catalog/occupations/0-00")
    zh = Client().get("/api/v1/catalog/occupations/0-00")
    assert en.json()["message"] == "No occupation has the code 0-00."
    assert zh.json()["message"] == "没有编码为 0-00 的职业。"
