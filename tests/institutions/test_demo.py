"""The demo data set: every 市(州), all kinds and statuses, operators who can sign in."""

from __future__ import annotations

from django.test import Client

from skillcert.catalog.models import Region
from skillcert.core.demo import run_demo
from skillcert.institutions.demo import OPERATOR_PASSWORD
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import may_issue


def test_demo_covers_every_region_kind_and_status_and_is_idempotent():
    run_demo(lambda line: None)
    count = Institution.objects.count()
    run_demo(lambda line: None)
    assert Institution.objects.count() == count
    assert set(Institution.objects.values_list("region__code", flat=True)) == set(
        Region.objects.values_list("code", flat=True)
    )
    assert len(set(Institution.objects.values_list("region", flat=True))) == 21
    assert set(Institution.objects.values_list("kind", flat=True)) == {"employer", "social_org", "technical_school"}
    assert set(Institution.objects.values_list("status", flat=True)) == {
        "applied",
        "active",
        "suspended",
        "revoked",
        "expired",
    }
    tianfu = Institution.objects.get(name="四川天府职业技能评价中心有限公司")
    assert (tianfu.kind, tianfu.region.name) == ("social_org", "成都市")
    from django.utils import timezone

    for level in (3, 4, 5):
        assert may_issue(
            institution=tianfu, occupation_code="6-18-02-04", level=level, on_date=timezone.localdate()
        ).allowed
    assert may_issue(institution=tianfu, occupation_code="4-10-01-05", level=4, on_date=timezone.localdate()).allowed


def test_demo_operator_signs_in_and_lands_on_its_institution():
    run_demo(lambda line: None)
    client = Client()
    assert client.login(username="inst-tianfu", password=OPERATOR_PASSWORD)
    page = client.get("/institutions/manage/mine/", follow=True).content.decode()
    assert "四川天府职业技能评价中心有限公司" in page


def test_demo_city_bureau_accounts_act_for_their_own_city():
    from django.contrib.auth import get_user_model

    from skillcert.core.bureaus import bureau_region

    run_demo(lambda line: None)
    users = get_user_model().objects
    assert bureau_region(users.get(username="chengdu")).code == "510100"
    assert bureau_region(users.get(username="mianyang")).code == "510700"
