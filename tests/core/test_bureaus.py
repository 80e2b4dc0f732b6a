"""City bureau accounts belong to one 市(州): the centre links them, change-logged; unlinked bureaus do nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from skillcert.catalog.models import Region
from skillcert.core import roles
from skillcert.core.bureaus import bureau_region, region_scope, set_bureau_region
from skillcert.core.errors import InvalidInput, PermissionDenied
from skillcert.core.models import ChangeLogEntry
from tests.factories import make_bureau, make_user

pytestmark = pytest.mark.django_db


def test_centre_links_a_bureau_to_its_region_with_a_change_log_entry(reference, centre_user):
    bureau = make_user("deyang", roles.CITY_BUREAU)
    deyang = Region.objects.get(code="510600")
    set_bureau_region(user=bureau, region=deyang, actor=centre_user, reason="新开账号")
    assert bureau_region(bureau) == deyang
    entry = ChangeLogEntry.objects.get(action="core.bureau.set_region", object_id="deyang")
    assert entry.actor == centre_user and entry.after == {"region": "德阳市"} and entry.before == {"region": ""}


def test_only_the_centre_links_and_only_bureau_accounts(reference, centre_user):
    bureau = make_bureau("chengdu")
    with pytest.raises(PermissionDenied):
        set_bureau_region(user=make_user("other", roles.CITY_BUREAU), region=Region.objects.first(), actor=bureau)
    with pytest.raises(InvalidInput):
        set_bureau_region(
            user=make_user("op", roles.INSTITUTION_OPERATOR), region=Region.objects.first(), actor=centre_user
        )
    assert not ChangeLogEntry.objects.filter(action="core.bureau.set_region", object_id__in=["other", "op"]).exists()


def test_scope_province_for_centre_own_region_for_bureau_nothing_for_unlinked(reference, centre_user):
    assert region_scope(centre_user).province
    linked = region_scope(make_bureau("chengdu", "510100"))
    assert not linked.province and linked.region.code == "510100"
    assert region_scope(make_bureau("nowhere", None)).nothing


def test_an_unlinked_bureau_is_told_why_on_every_region_scoped_page(reference):
    client = Client()
    client.force_login(make_bureau("nowhere", None))
    for url in ("/institutions/manage/", "/stats/reports/", "/assessments/declare/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 403, url
        assert "尚未关联市(州)" in response.content.decode(), url


def test_the_admin_saves_through_the_service(reference, client):
    admin = make_user("root", is_staff=True, is_superuser=True)
    bureau = make_user("leshan", roles.CITY_BUREAU)
    client.force_login(admin)
    leshan = Region.objects.get(code="511100")
    response = client.post("/admin/core/staffprofile/add/", {"user": bureau.pk, "region": leshan.pk})
    assert response.status_code == 302
    assert bureau_region(bureau) == leshan
    assert ChangeLogEntry.objects.filter(action="core.bureau.set_region", object_id="leshan", actor=admin).exists()
