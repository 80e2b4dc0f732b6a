"""ID numbers never reach the log; the admin shows masked numbers and lets centre staff keep surname readings."""

from __future__ import annotations

import io
import logging

import pytest
from django.conf import settings
from django.test import Client

from skillcert.core import roles
from skillcert.core.models import ChangeLogEntry
from skillcert.people import services
from skillcert.people.idnumbers import IdType
from skillcert.people.logfilters import RedactIdNumbersFilter, redact
from skillcert.people.models import SurnameReading
from tests.factories import make_user

NUMBER = "11010519491231002X"


def console_handler() -> logging.Handler:
    """The project's configured console handler (the one with the redaction filter)."""
    for handler in logging.getLogger().handlers:
        if any(isinstance(f, RedactIdNumbersFilter) for f in handler.filters):
            return handler
    raise AssertionError("the console handler has no ID-number filter")


def test_the_console_handler_is_configured_with_the_filter():
    assert "redact_id_numbers" in settings.LOGGING["handlers"]["console"]["filters"]


def test_logged_messages_and_tracebacks_show_id_numbers_masked():
    handler = console_handler()
    stream = io.StringIO()
    saved = handler.setStream(stream)  # type: ignore[attr-defined]
    try:
        log = logging.getLogger("skillcert.test")
        log.warning("lookup for %s failed; old card %s", NUMBER, "110105491231002")
        try:
            raise ValueError(f"duplicate key {NUMBER.lower()}")
        except ValueError:
            log.exception("import row failed")
    finally:
        handler.setStream(saved)  # type: ignore[attr-defined]
    output = stream.getvalue()
    assert "110***********002X" in output
    assert NUMBER not in output and NUMBER.lower() not in output and "110105491231002" not in output
    assert "duplicate key 110***********002x" in output


def test_redact_leaves_other_numbers_alone():
    assert redact("certificate S000051000001261000001 for 11010519491231002X") == (
        "certificate S000051000001261000001 for 110***********002X"
    )
    assert redact("order 12345") == "order 12345"


def staff_client(username: str, role: str) -> Client:
    client = Client()
    client.force_login(make_user(username, role, is_staff=True))
    return client


@pytest.mark.django_db
def test_holder_admin_shows_the_masked_number_and_finds_a_holder_by_full_number():
    services.register_holder(name="张三", id_type=IdType.RESIDENT_ID, id_number=NUMBER)
    admin = Client()
    admin.force_login(make_user("root", is_staff=True, is_superuser=True))
    page = admin.get("/admin/people/holder/").content.decode()
    assert "110***********002X" in page and NUMBER not in page
    found = admin.get("/admin/people/holder/", {"q": NUMBER.lower()}).content.decode()
    assert "张三" in found and "110***********002X" in found
    assert "张三" not in admin.get("/admin/people/holder/", {"q": "510107199003071236"}).content.decode()


@pytest.mark.django_db
def test_centre_staff_edit_surname_readings_in_the_admin_and_each_change_is_logged():
    centre = staff_client("centre-admin", roles.CENTRE_STAFF)
    response = centre.post("/admin/people/surnamereading/add/", {"surname": "覃", "reading": "tan", "note": "本人要求"})
    assert response.status_code == 302
    assert SurnameReading.objects.get().reading == "tan"
    assert ChangeLogEntry.objects.filter(action="people.surname_reading.set", object_id="覃").exists()
    bad = centre.post("/admin/people/surnamereading/add/", {"surname": "ab", "reading": "tan"})
    assert bad.status_code == 200 and "一两个汉字" in bad.content.decode()
    operator = staff_client("op-admin", roles.INSTITUTION_OPERATOR)
    assert operator.get("/admin/people/surnamereading/add/").status_code == 403
