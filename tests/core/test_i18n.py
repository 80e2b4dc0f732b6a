"""Languages: Chinese by default and complete; English on request."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from skillcert.core.i18n import CHINESE, PACKAGE_DIR, catalogues, untranslated


def test_chinese_catalogue_is_complete():
    assert untranslated() == []


APPS_WITH_STRINGS = sorted({path.parents[3].name for path in catalogues(CHINESE)})


def test_every_app_with_templates_or_views_has_a_chinese_catalogue():
    apps = {p.parent.name for p in PACKAGE_DIR.glob("*/apps.py")}
    assert apps - set(APPS_WITH_STRINGS) == set()


@pytest.mark.parametrize("app", APPS_WITH_STRINGS)
def test_every_marked_string_is_in_the_chinese_catalogue(app, tmp_path):
    """Re-extract the app's strings from its code: nothing may lack a Chinese translation."""
    import polib

    copy = tmp_path / app
    shutil.copytree(PACKAGE_DIR / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    django_admin = Path(sys.executable).parent / "django-admin"
    subprocess.run(
        [str(django_admin), "makemessages", "-l", CHINESE, "--no-location", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    po = polib.pofile(str(copy / "locale" / CHINESE / "LC_MESSAGES" / "django.po"))
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
