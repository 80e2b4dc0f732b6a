"""Who may open the holder page, the query-mode fields, the words on the forms, and staff confirmations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from skillcert.certificates import services
from skillcert.certificates.models import Certificate
from tests.factories import CertificateFactory, valid_id

pytestmark = pytest.mark.django_db
ID = valid_id("51010719900307123")


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()


@pytest.fixture
def certificate(holder, institution, operator):
    return CertificateFactory(
        holder=holder, issued_on=dt.date(2026, 5, 20), level=3, institution=institution, actor=operator
    )


def post_query(**data):
    return Client().post("/certificates/query/", {"mode": "id", "certificate_number": "", **data})


# --- item: the holder page only with name + full ID number -----------------------------------------------------------
def test_number_and_name_shows_the_masked_result_and_the_verify_link_only(certificate):
    response = post_query(mode="number", name="张三", certificate_number=certificate.number)
    html = response.content.decode()
    assert certificate.number in html and ID[-4:] in html and ID not in html
    assert "holder_token" not in response.context  # the link is not even issued
    assert 'data-testid="holder-link"' not in html and "打开我的证书页面" not in html
    assert "/certificates/holder/" not in html
    assert f"/certificates/verify/{certificate.address_key}/" in html
    assert "只在用姓名和完整证件号码查询后才能打开" in html


def test_name_and_id_number_opens_the_holder_page(certificate):
    response = post_query(name="张三", id_number=ID)
    token = response.context["holder_token"]
    assert 'data-testid="holder-link"' in response.content.decode()
    assert certificate.number in Client().get(f"/certificates/holder/{token}/").content.decode()


def test_name_and_id_with_the_certificate_number_also_opens_the_holder_page(certificate):
    response = post_query(name="张三", id_number=ID, certificate_number=certificate.number)
    assert response.context["holder_token"]


def test_each_mode_is_validated_on_the_server_without_javascript(certificate):
    html = post_query(mode="number", name="张三").content.decode()
    assert "请输入证书编号。" in html
    assert 'data-testid="certificate"' not in html
    html = post_query(mode="id", name="张三").content.decode()
    assert 'data-testid="certificate"' not in html


def test_the_query_form_loads_its_mode_script_and_marks_the_id_fields():
    html = Client().get("/certificates/query/").content.decode()
    assert "certificates/query.js" in html and 'data-mode="id" data-testid="id-number-field"' in html
    assert "<script>" not in html  # no inline script (CSP)


# --- item: words ------------------------------------------------------------------------------------------------------
def test_a_persons_name_is_xingming_and_the_other_words_are_consistent():
    html = Client().get("/certificates/query/").content.decode()
    assert '<label for="id_name">姓名</label>' in html and "名称" not in html
    with translation.override("zh-hans"):
        assert translation.pgettext("competition", "Event") == "赛项"
        assert translation.pgettext("verification code", "Check") == "查验"
        assert translation.pgettext("certificate", "Revoke") == "撤销"
    code_page = Client().get("/verify/code/").content.decode()
    assert ">查验</button>" in code_page and "识别</button>" not in code_page


# --- item: confirmations in the back office ---------------------------------------------------------------------------
def staff_post(operator, certificate, **data):
    staff = Client()
    staff.force_login(operator)
    return staff.post(f"/certificates/manage/{certificate.public_id}/action/", data)


def test_the_detail_page_says_revoke_not_zuofei(certificate, operator):
    staff = Client()
    staff.force_login(operator)
    html = staff.get(f"/certificates/manage/{certificate.public_id}/").content.decode()
    assert 'value="revoke">撤销</button>' in html and "作废" not in html
    assert "<th>姓名</th>" in staff.get("/certificates/manage/").content.decode()


@pytest.mark.parametrize(
    ("action", "consequence"),
    [("revoke", "撤销是永久性的，不能恢复"), ("suspend", "暂停立即生效"), ("reissue", "将颁发一本新编号的证书")],
)
def test_an_irreversible_action_asks_first_and_changes_nothing_until_confirmed(
    certificate, operator, action, consequence
):
    response = staff_post(operator, certificate, action=action, category="misconduct", reason="考场替考")
    html = response.content.decode()
    assert response.status_code == 200 and consequence in html
    assert 'name="confirmed" value="yes"' in html and certificate.number in html
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"
    assert Certificate.objects.count() == 1


def test_a_confirmed_revocation_is_carried_out(certificate, operator):
    response = staff_post(
        operator, certificate, action="revoke", category="misconduct", reason="考场替考", confirmed="yes"
    )
    assert response.status_code == 302
    assert Certificate.objects.get(pk=certificate.pk).status == "revoked"


def test_reinstating_needs_no_confirmation(certificate, operator):
    services.suspend_certificate(certificate=certificate, category="misconduct", reason="核查中", actor=operator)
    response = staff_post(operator, certificate, action="reinstate", category="", reason="核查无误")
    assert response.status_code == 302
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"
