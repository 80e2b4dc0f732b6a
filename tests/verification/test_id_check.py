"""The code page's "核对证件号码": yes or no, three times per code, rate-limited, logged without the number."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import translation

from skillcert.core.errors import InvalidInput, NotAllowed
from skillcert.core.ids import grouped
from skillcert.core.models import ChangeLogEntry
from skillcert.verification import services
from skillcert.verification.models import VerificationCode
from tests.factories import valid_id
from tests.factories.verification import ID

pytestmark = pytest.mark.django_db

OTHER_ID = valid_id("51010719900307125")  # same region and birth date, another sequence number


@pytest.fixture
def code_and_plain(certificate, holder):
    return services.create_verification_code(certificate=certificate, holder=holder, days=30)


def post(client: Client, data: dict[str, str]) -> tuple[int, str]:
    response = client.post("/verify/code/", data)
    return response.status_code, response.content.decode()


def id_check(client: Client, plain: str, number: str) -> tuple[int, str]:
    return post(client, {"step": "id_check", "code": grouped(plain), "id_number": number})


def test_the_service_answers_yes_for_the_holders_number_in_any_typing_and_no_otherwise(code_and_plain):
    code, _plain = code_and_plain
    lower_x_spaced = " ".join([ID[:6], ID[6:14], ID[14:].lower()])
    assert services.check_id_number(code=code, id_number=lower_x_spaced) == services.IdCheck(True, 2)
    assert services.check_id_number(code=code, id_number=OTHER_ID) == services.IdCheck(False, 1)
    code.refresh_from_db()
    assert code.id_checks == 2 and code.use_count == 0


def test_a_fourth_check_is_refused_and_changes_nothing(code_and_plain):
    code, _plain = code_and_plain
    for _ in range(services.MAX_ID_CHECKS):
        services.check_id_number(code=code, id_number=OTHER_ID)
    with pytest.raises(NotAllowed) as refused:
        services.check_id_number(code=code, id_number=ID)
    with translation.override("zh-hans"):
        assert refused.value.code == "id_checks_used_up" and "新的验证码" in str(refused.value.message)
    code.refresh_from_db()
    assert code.id_checks == 3
    assert ChangeLogEntry.objects.filter(action="verification.code.check_id").count() == 3


@pytest.mark.parametrize("typed", ["", "5101", ID[:-1] + ("0" if ID[-1] != "0" else "1"), "不是号码"])
def test_text_that_is_no_valid_id_number_is_refused_without_using_a_check(code_and_plain, typed):
    code, _plain = code_and_plain
    with pytest.raises(InvalidInput) as refused:
        services.check_id_number(code=code, id_number=typed)
    with translation.override("zh-hans"):
        assert "不计入" in str(refused.value.message)
    code.refresh_from_db()
    assert code.id_checks == 0 and not ChangeLogEntry.objects.filter(action="verification.code.check_id").exists()


def test_the_change_log_keeps_the_answer_never_the_number_or_its_hash(code_and_plain, holder):
    code, _plain = code_and_plain
    services.check_id_number(code=code, id_number=ID)
    services.check_id_number(code=code, id_number=OTHER_ID)
    entries = ChangeLogEntry.objects.filter(action="verification.code.check_id").order_by("pk")
    assert [entry.after["result"] for entry in entries] == ["match", "no_match"]
    stored = json.dumps(list(entries.values()), default=str, ensure_ascii=False)
    for secret in (ID, OTHER_ID, ID[:17], OTHER_ID[:17], holder.id_number_hash):
        assert secret not in stored


def test_the_code_page_offers_the_check_and_answers_in_one_word(code_and_plain):
    _code, plain = code_and_plain
    client = Client()
    status, html = post(client, {"code": grouped(plain)})
    assert status == 200 and 'data-testid="id-check-form"' in html and "还可核对 3 次" in html
    status, html = id_check(client, plain, ID)
    assert status == 200 and ">一致</span>" in html and "还可核对 2 次" in html
    assert ID not in html and ID[:17] not in html  # never written back into the page
    status, html = id_check(client, plain, OTHER_ID)
    assert ">不一致</span>" in html and OTHER_ID not in html and "还可核对 1 次" in html
    assert VerificationCode.objects.get().use_count == 1  # the checks are not counted as look-ups


def test_after_three_checks_the_page_refuses_with_a_clear_message(code_and_plain):
    _code, plain = code_and_plain
    client = Client()
    for _ in range(3):
        id_check(client, plain, OTHER_ID)
    _status, html = post(client, {"code": grouped(plain)})
    assert 'data-testid="id-checks-used-up"' in html and 'data-testid="id-check-form"' not in html
    _status, html = id_check(client, plain, ID)
    assert "3 次证件号码核对机会已经用完" in html and ">一致</span>" not in html
    assert VerificationCode.objects.get().id_checks == 3


def test_a_check_with_an_unknown_or_revoked_code_gets_the_neutral_message(code_and_plain, holder):
    code, plain = code_and_plain
    services.revoke_verification_code(code=code, holder=holder)
    _status, html = id_check(Client(), plain, ID)
    assert "没有与您输入内容相符的有效验证码" in html and 'data-testid="id-check' not in html
    assert VerificationCode.objects.get().id_checks == 0


def test_checks_are_rate_limited_per_client(code_and_plain, settings):
    settings.QUERY_RATE_LIMIT = "2/m"
    _code, plain = code_and_plain
    client = Client()
    statuses = [id_check(client, plain, OTHER_ID)[0] for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert VerificationCode.objects.get().id_checks == 2
