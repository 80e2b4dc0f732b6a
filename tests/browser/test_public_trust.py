"""The public pages as someone holding a paper certificate uses them: query modes, holder page, one verdict."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.factories import CertificateFactory, make_institution, valid_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ID = valid_id("51010719900307123")
FORGED_NUMBER = "S9999999999999999999"


@pytest.fixture
def issued(page):
    """Three certificates of one holder: one stays valid, one is revoked, one has its stored credential altered."""
    from skillcert.certificates import services
    from skillcert.core.roles import CENTRE_STAFF, INSTITUTION_OPERATOR
    from skillcert.institutions.services import link_operator
    from skillcert.people.services import register_holder
    from skillcert.transparency.services import publish_checkpoint
    from tests.factories import make_user

    centre = make_user("centre-trust", CENTRE_STAFF)
    institution = make_institution(centre, name="四川省焊接技能评价中心", serial=23, levels=(3, 4, 5))
    operator = make_user("welder-trust", INSTITUTION_OPERATOR)
    link_operator(user=operator, institution=institution, actor=centre)
    holder = register_holder(name="张三", id_type="resident_id", id_number=ID, gender="male")
    certificates = []
    for level in (5, 4, 3):
        certificates.append(
            CertificateFactory(
                holder=holder,
                issued_on=dt.date(2026, 6, level),
                level=level,
                institution=institution,
                batch_id=f"b-trust-{level}",
                actor=operator,
            )
        )
    services.revoke_certificate(certificate=certificates[1], category="misconduct", reason="替考行为", actor=operator)
    from skillcert.credentials.models import IssuedCredential

    row = IssuedCredential.objects.get(subject_id=certificates[2].public_id, superseded_at__isnull=True)
    document = json.loads(json.dumps(row.document))
    document["credentialSubject"]["licenseNumber"] = FORGED_NUMBER
    IssuedCredential.objects.filter(pk=row.pk).update(document=document)
    publish_checkpoint()  # as the worker's minute job does: the entries are now provably in the log
    return certificates


def test_the_mode_choice_shows_only_the_fields_of_that_mode(page, issued):
    page.goto(page.base + "/certificates/query/")
    id_field = page.locator("[data-testid=id-number-field]")
    assert id_field.is_visible()
    page.check("input[name=mode][value=number]")
    assert not id_field.is_visible()
    assert page.locator("#id_certificate_number").is_visible()
    page.check("input[name=mode][value=id]")
    assert id_field.is_visible()


def test_number_and_name_gives_the_masked_result_and_name_and_id_the_holder_page(page, issued):
    page.goto(page.base + "/certificates/query/")
    page.check("input[name=mode][value=number]")
    page.fill("#id_name", "张三")
    page.fill("#id_certificate_number", issued[0].number)
    page.click("[data-testid=query-form] button[type=submit]")
    results = page.locator("[data-testid=query-results]")
    assert issued[0].number in results.inner_text() and ID not in page.content() and ID[-4:] in results.inner_text()
    assert page.locator("[data-testid=holder-link]").count() == 0
    assert "/certificates/holder/" not in page.content()
    page.click("[data-testid=verify-link]")
    assert page.inner_text("[data-testid=verdict-word]") == "有效"

    page.goto(page.base + "/certificates/query/")
    page.fill("#id_name", "张三")
    page.fill("#id_id_number", ID)
    page.click("[data-testid=query-form] button[type=submit]")
    page.click("[data-testid=holder-link]")
    assert page.locator("[data-testid=pdf]").count() == 3


def test_qr_pages_give_one_word_and_never_show_altered_values(page, issued):
    valid, revoked, altered = issued
    page.goto(page.base + f"/certificates/verify/{valid.address_key}/")
    assert page.inner_text("[data-testid=verdict-word]") == "有效"
    assert valid.number in page.inner_text("[data-testid=paper]")
    assert not page.locator("[data-testid=checks]").is_visible()  # the technical details start folded
    page.click("[data-testid=technical-details] summary")
    assert page.locator("[data-testid=checks]").is_visible()

    page.goto(page.base + f"/certificates/verify/{revoked.address_key}/")
    assert page.inner_text("[data-testid=verdict-word]").startswith("已撤销（")
    assert "替考行为" not in page.content()

    page.goto(page.base + f"/certificates/verify/{altered.address_key}/")
    assert page.inner_text("[data-testid=verdict-word]") == "内容被篡改"
    assert FORGED_NUMBER not in page.content() and "张三" not in page.inner_text("main")
