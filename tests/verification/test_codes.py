"""Holder verification codes: create (7–180 days), list, revoke; employers enter them; all via services."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from skillcert.core.errors import InvalidInput, NotAllowed, NotFound
from skillcert.core.ids import grouped
from skillcert.verification import selectors, services
from skillcert.verification.codes import ALPHABET, CODE_LENGTH
from skillcert.verification.models import VerificationCode
from tests.factories.verification import ID, holder_token

pytestmark = pytest.mark.django_db


def test_a_code_is_random_long_stored_hashed_and_logged(certificate, holder):
    from skillcert.core.changelog import history

    code, plain = services.create_verification_code(certificate=certificate, holder=holder, days=30)
    assert len(plain) == CODE_LENGTH and set(plain) <= set(ALPHABET)
    assert plain not in str(VerificationCode.objects.values_list().get(pk=code.pk))
    assert code.expires_at - timezone.now() > dt.timedelta(days=29, hours=23)
    assert selectors.active_code(grouped(plain).lower()) == code
    assert history("verification.code", code.public_id).get().action == "verification.code.create"
    other = {services.create_verification_code(certificate=certificate, holder=holder, days=7)[1] for _ in range(5)}
    assert plain not in other and len(other) == 5


@pytest.mark.parametrize("days", [0, 6, 181, 3650, -1])
def test_a_validity_outside_7_to_180_days_is_refused(certificate, holder, days):
    with pytest.raises(InvalidInput) as error:
        services.create_verification_code(certificate=certificate, holder=holder, days=days)
    assert "7" in str(error.value.message) and "180" in str(error.value.message)
    assert not VerificationCode.objects.exists()


def test_a_code_for_someone_elses_certificate_is_refused(certificate):
    from skillcert.people.services import register_holder
    from tests.factories import valid_id

    stranger = register_holder(
        name="李四", id_type="resident_id", id_number=valid_id("51010719910101002"), gender="female"
    )
    with pytest.raises(NotFound):
        services.create_verification_code(certificate=certificate, holder=stranger, days=30)


def test_revoked_and_expired_codes_no_longer_work(certificate, holder):
    code, plain = services.create_verification_code(certificate=certificate, holder=holder, days=7)
    services.revoke_verification_code(code=code, holder=holder)
    assert selectors.active_code(plain) is None
    with pytest.raises(NotAllowed):
        services.revoke_verification_code(code=code, holder=holder)
    old, old_plain = services.create_verification_code(certificate=certificate, holder=holder, days=7)
    past = timezone.now() - dt.timedelta(days=8)
    VerificationCode.objects.filter(pk=old.pk).update(created_at=past, expires_at=past + dt.timedelta(days=7))
    assert selectors.active_code(old_plain) is None


def test_holder_page_creates_lists_and_revokes_codes(certificate):
    token = holder_token()
    client = Client()
    page = client.get(f"/certificates/holder/{token}/").content.decode()
    assert "生成验证码" in page and "下载查验包" in page
    response = client.post(f"/verify/holder/{token}/{certificate.public_id}/codes/", {"days": "90"})
    shown = re.search(r'data-testid="new-code">([A-Z0-9-]+)<', response.content.decode()).group(1)
    assert len(shown) == 19 and selectors.active_code(shown) is not None
    page = client.get(f"/certificates/holder/{token}/").content.decode()
    assert shown[-4:] in page and shown not in page  # listed by its last characters only
    code = VerificationCode.objects.get()
    response = client.post(f"/verify/holder/{token}/codes/{code.public_id}/revoke/", follow=True)
    assert "已撤销" in response.content.decode() and selectors.active_code(shown) is None


def test_holder_page_refuses_a_bad_validity_with_a_message(certificate):
    token = holder_token()
    response = Client().post(f"/verify/holder/{token}/{certificate.public_id}/codes/", {"days": "365"}, follow=True)
    assert "7 至 180" in response.content.decode() and not VerificationCode.objects.exists()


def test_a_forged_holder_link_cannot_create_codes(certificate):
    response = Client().post(f"/verify/holder/forged-token/{certificate.public_id}/codes/", {"days": "30"})
    assert response.status_code == 404 and not VerificationCode.objects.exists()


def test_employer_sees_the_report_and_masked_facts(certificate, holder):
    _code, plain = services.create_verification_code(certificate=certificate, holder=holder, days=30)
    cache.clear()
    html = Client().post("/verify/code/", {"code": grouped(plain)}).content.decode()
    assert certificate.number in html and 'data-verdict="valid"' in html
    assert ID not in html and ID[-4:] in html and "*" in html
    code = VerificationCode.objects.get()
    assert code.use_count == 1
    from skillcert.core.changelog import history

    assert {entry.action for entry in history("verification.code", code.public_id)} >= {"verification.code.use"}


def test_unknown_revoked_and_expired_codes_get_one_neutral_message(certificate, holder):
    code, plain = services.create_verification_code(certificate=certificate, holder=holder, days=30)
    services.revoke_verification_code(code=code, holder=holder)
    cache.clear()
    answers = {
        Client().post("/verify/code/", {"code": text}).content.decode().count("没有与您输入内容相符的有效验证码")
        for text in (plain, "ABCD-EFGH-JKMN-PQRS", "x")
    }
    assert answers == {1}


def test_guessing_codes_is_rate_limited(certificate):
    cache.clear()
    client = Client()
    statuses = [client.post("/verify/code/", {"code": f"ABCD-EFGH-JKMN-PQ{i:02d}"}).status_code for i in range(25)]
    assert statuses[0] == 200 and statuses[-1] == 429


def test_bundle_download_from_the_holder_page_verifies_offline(certificate):
    from skillcert.verification.verifier import verify

    token = holder_token()
    response = Client().get(f"/verify/holder/{token}/{certificate.public_id}/bundle.json")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert verify(response.content).verdict == "valid"


def test_demo_prints_one_code_that_works(certificate):
    from skillcert.verification.demo import build

    lines: list[str] = []
    build(lines.append)
    build(lines.append)
    shown = re.search(r"verification code ([A-Z0-9-]{19}) ", lines[0]).group(1)
    assert selectors.active_code(shown).certificate == certificate and "already present" in lines[1]
