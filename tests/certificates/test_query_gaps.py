"""Gaps of the public query that let enumeration through, each checked on the selector and on the page.

- A certificate number matches only exactly: a prefix, a longer string or a fragment finds nothing (typed case
  and spaces around the number are forgiven: the number has only capitals and digits).
- In the name + ID query the optional certificate number is not ignored: a wrong one finds nothing.
- The signed holder link works until its 30 minutes are up and not one second longer.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from skillcert.certificates import holderlink
from skillcert.certificates.selectors import query_by_name_and_id, query_by_number_and_name
from tests.factories import CertificateFactory, valid_id

pytestmark = pytest.mark.django_db
ID = valid_id("51010719900307123")
START = dt.datetime(2026, 6, 1, 9, 0, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()


def issue(holder, institution, operator, level: int):
    return CertificateFactory(
        holder=holder,
        issued_on=dt.date(2026, 5, 20),
        job_type="手工电弧焊",
        level=level,
        institution=institution,
        actor=operator,
    )


@pytest.fixture
def two_certificates(holder, institution, operator):
    return issue(holder, institution, operator, 3), issue(holder, institution, operator, 4)


def page(**data) -> str:
    return Client().post("/certificates/query/", {"mode": "id", "certificate_number": "", **data}).content.decode()


@pytest.mark.parametrize(
    "transform",
    [
        lambda n: n[:-1],  # a prefix
        lambda n: n[:16],  # the prefix shared by a whole batch
        lambda n: n + "0",  # longer
        lambda n: n[1:],  # a fragment
        lambda n: n[:10] + " " + n[10:],  # a space inside
        lambda n: n[:-1] + ("1" if n[-1] != "1" else "2"),  # another serial
    ],
)
def test_a_number_that_is_not_exactly_the_certificates_finds_nothing(two_certificates, transform):
    number = transform(two_certificates[0].number)
    assert query_by_number_and_name(certificate_number=number, name="张三") == []
    assert query_by_name_and_id(name="张三", id_number=ID, certificate_number=number) == []
    html = page(mode="number", name="张三", certificate_number=number)  # the typed number is echoed in the form
    assert 'data-testid="no-match"' in html and 'data-testid="certificate-number"' not in html


def test_typed_case_and_surrounding_spaces_are_forgiven(two_certificates):
    first = two_certificates[0]
    assert query_by_number_and_name(certificate_number=f"  {first.number.lower()} ", name="张三") == [first]


def test_the_number_in_an_id_query_narrows_the_answer_to_that_certificate(two_certificates):
    first, second = two_certificates
    assert set(query_by_name_and_id(name="张三", id_number=ID)) == {first, second}
    assert query_by_name_and_id(name="张三", id_number=ID, certificate_number=second.number) == [second]
    html = page(name="张三", id_number=ID, certificate_number=second.number)
    assert second.number in html and first.number not in html


def test_an_id_query_with_a_number_that_is_not_the_holders_finds_nothing(two_certificates):
    html = page(name="张三", id_number=ID, certificate_number="S000051000001263999999")
    assert 'data-testid="no-match"' in html
    assert all(c.number not in html for c in two_certificates)


def test_the_number_query_needs_the_name_printed_on_that_certificate(two_certificates):
    assert query_by_number_and_name(certificate_number=two_certificates[0].number, name="张四") == []


def test_the_holder_link_works_to_the_last_second_and_is_refused_after(two_certificates):
    with time_machine.travel(START, tick=False):
        token = holderlink.make_token(two_certificates[0].holder.public_id)
    with time_machine.travel(START + dt.timedelta(seconds=holderlink.MAX_AGE - 1), tick=False):
        assert Client().get(f"/certificates/holder/{token}/").status_code == 200
    with time_machine.travel(START + dt.timedelta(seconds=holderlink.MAX_AGE + 1), tick=False):
        assert holderlink.read_token(token) is None
        expired = Client().get(f"/certificates/holder/{token}/")
        assert expired.status_code == 404
        assert two_certificates[0].number not in expired.content.decode()


def test_the_holder_link_lasts_thirty_minutes_as_documented():
    assert holderlink.MAX_AGE == 30 * 60


def test_a_holder_link_signed_for_another_purpose_is_refused(two_certificates):
    from django.core import signing

    forged = signing.dumps(two_certificates[0].holder.public_id, salt="another.purpose", compress=True)
    assert holderlink.read_token(forged) is None
    assert Client().get(f"/certificates/holder/{forged}/").status_code == 404
