"""专项职业能力考核项目 as managed reference data: draft → published → retired, record status, refusals, pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from skillcert.catalog import services
from skillcert.catalog.choices import ProjectStatus, RecordStatus
from skillcert.catalog.models import SpecialAbilityProject
from skillcert.catalog.rules import certificate_types_for
from skillcert.core import roles
from skillcert.core.errors import InvalidInput, NotAllowed, NotFound, PermissionDenied
from skillcert.core.models import ChangeLogEntry
from tests.factories import make_bureau, make_user

pytestmark = pytest.mark.usefixtures("reference")

CODE = "S510100-ZX-0101"


def details(**changes: str) -> services.ProjectDetails:
    values = {
        "name": "川菜烹饪（麻婆豆腐制作）",
        "region_code": "510100",
        "content": "原料初加工、火候控制、麻辣味型调制",
        "assessment_method": "实际操作，现场制作一份并按评分表评分",
        "spec_code": "KHGF-5101-0101",
        "spec_version": "2026版",
    }
    return services.ProjectDetails(**{**values, **changes})


def draft(actor, code: str = CODE, **changes: str) -> SpecialAbilityProject:
    return services.record_project(code=code, details=details(**changes), actor=actor)


def published(actor, code: str = CODE) -> SpecialAbilityProject:
    return services.publish_project(project=draft(actor, code), actor=actor)


def entries(code: str, action: str):
    return ChangeLogEntry.objects.filter(object_type=services.OBJECT_TYPE, object_id=code, action=action)


def public_list(query: str = "") -> str:
    return Client().get("/catalog/projects/", {"q": query}).content.decode()


# -- the lifecycle ------------------------------------------------------------------------------------------------


def test_a_recorded_project_is_a_draft_that_the_public_never_sees(centre_user):
    project = draft(centre_user, code=" s510100-zx-0101 ")
    assert (project.code, project.status, project.published_on) == (CODE, ProjectStatus.DRAFT, None)
    assert project.publisher == "成都市人力资源和社会保障局"  # the region's own department, never typed
    assert CODE not in public_list() and "没有匹配的考核项目" in public_list("麻婆豆腐")
    assert Client().get(f"/catalog/projects/{CODE}/").status_code == 404
    with pytest.raises(NotFound):
        certificate_types_for(CODE)  # the occupation look-up does not know a draft either
    entry = entries(CODE, "catalog.project.record").get()
    assert entry.actor == centre_user and entry.after["status"] == "draft" and entry.after["name"] == project.name


def test_publishing_opens_the_project_to_the_public_with_its_record_status(centre_user):
    project = published(centre_user)
    assert (project.status, project.published_on) == (ProjectStatus.PUBLISHED, timezone.localdate())
    html = public_list("麻婆豆腐")
    assert CODE in html and "使用中" in html and "未在人力资源社会保障部备案" in html
    page = Client().get(f"/catalog/projects/{CODE}/").content.decode()
    assert "KHGF-5101-0101 2026版" in page and "麻辣味型调制" in page
    assert certificate_types_for(CODE).types == ("special_ability",)
    entry = entries(CODE, "catalog.project.publish").get()
    assert (entry.before["status"], entry.after["status"]) == ("draft", "published")


def test_a_provincial_project_is_published_by_the_province(centre_user):
    project = draft(centre_user, region_code="510000")
    assert (project.region, project.publisher) == (None, "四川省人力资源和社会保障厅")


def test_a_draft_can_be_edited_and_the_change_is_logged(centre_user):
    project = draft(centre_user)
    services.edit_draft(
        project=project, details=details(name="川菜烹饪（鱼香肉丝制作）", region_code="510700"), actor=centre_user
    )
    project.refresh_from_db()
    assert (project.name, project.region.code, project.publisher) == (
        "川菜烹饪（鱼香肉丝制作）",
        "510700",
        "绵阳市人力资源和社会保障局",
    )
    entry = entries(CODE, "catalog.project.edit").get()
    assert entry.before["name"] == "川菜烹饪（麻婆豆腐制作）" and entry.after["name"] == "川菜烹饪（鱼香肉丝制作）"


def test_retiring_keeps_the_project_on_the_public_look_up_marked_retired(centre_user):
    project = services.retire_project(project=published(centre_user), reason="被新版规范取代", actor=centre_user)
    today = timezone.localdate().isoformat()
    assert (project.status, project.retired_on.isoformat()) == (ProjectStatus.RETIRED, today)
    html = public_list("麻婆豆腐")
    assert CODE in html and f"已停用 {today}" in html
    page = Client().get(f"/catalog/projects/{CODE}/").content.decode()
    assert f"该项目已于 {today} 停用：不再为其颁发新证书" in page
    assert certificate_types_for(CODE).types == ()
    assert entries(CODE, "catalog.project.retire").get().reason == "被新版规范取代"
    assert SpecialAbilityProject.objects.filter(code=CODE).exists()  # nothing is deleted


def test_a_draft_set_aside_is_retired_but_never_becomes_public(centre_user):
    services.retire_project(project=draft(centre_user), reason="编号登记错误", actor=centre_user)
    assert CODE not in public_list()
    assert Client().get(f"/catalog/projects/{CODE}/").status_code == 404


# -- the national record status -----------------------------------------------------------------------------------


def test_the_record_status_is_shown_in_plain_chinese_with_its_reference_and_date(centre_user):
    project = published(centre_user)
    services.set_record_status(
        project=project, status=RecordStatus.SUBMITTED, on=dt.date(2026, 3, 2), actor=centre_user
    )
    assert "已报人力资源社会保障部备案（2026-03-02），尚未完成备案" in public_list("麻婆豆腐")
    services.set_record_status(
        project=project,
        status=RecordStatus.RECORDED,
        reference="人社职鉴备〔2026〕17号",
        on=dt.date(2026, 5, 8),
        actor=centre_user,
    )
    page = Client().get(f"/catalog/projects/{CODE}/").content.decode()
    assert "已在人力资源社会保障部备案（备案号 人社职鉴备〔2026〕17号，2026-05-08）" in page
    entry = entries(CODE, "catalog.project.set_record_status").first()
    assert (entry.before["record_status"], entry.after["record_status"]) == ("submitted", "recorded")


def test_not_recorded_clears_the_reference_and_date(centre_user):
    project = published(centre_user)
    services.set_record_status(
        project=project, status=RecordStatus.RECORDED, reference="备2026-1", on=dt.date(2026, 1, 5), actor=centre_user
    )
    project = services.set_record_status(
        project=project, status=RecordStatus.NOT_RECORDED, reference="备2026-1", actor=centre_user
    )
    assert (project.record_reference, project.record_date) == ("", None)


@pytest.mark.parametrize(
    ("status", "reference", "on", "code", "message"),
    [
        ("recorded", "", dt.date(2026, 1, 5), "reference_required", "请填写人社部的备案号。"),
        ("submitted", "", None, "date_required", "请填写日期。"),
        ("recorded", "备1", dt.date(2999, 1, 1), "date_in_future", "日期不能晚于今天。"),
        ("approved", "", None, "unknown_record_status", "请从列表中选择备案状态。"),
    ],
)
def test_an_incomplete_record_status_is_refused_and_nothing_changes(centre_user, status, reference, on, code, message):
    project = published(centre_user)
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as refused:
        services.set_record_status(project=project, status=status, reference=reference, on=on, actor=centre_user)
    assert (refused.value.code, str(refused.value.message)) == (code, message)
    project.refresh_from_db()
    assert (project.record_status, project.record_reference, project.record_date) == ("not_recorded", "", None)
    assert entries(CODE, "catalog.project.refuse_record_status").get().after["refused"] == code


# -- refusals: clear words, nothing changed, the attempt logged ---------------------------------------------------


def test_a_duplicate_code_is_refused_in_chinese_and_logged(centre_user):
    draft(centre_user)
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as refused:
        draft(centre_user, code=CODE.lower(), name="另一个项目")
    assert str(refused.value.message) == f"项目编号 {CODE} 已被使用；每个项目的编号永久专用，不能重复。"
    assert refused.value.fields == {"code": [refused.value.message]}
    assert list(SpecialAbilityProject.objects.values_list("name", flat=True)) == ["川菜烹饪（麻婆豆腐制作）"]
    entry = entries(CODE, "catalog.project.refuse_record").get()
    assert (entry.actor, entry.after["refused"], entry.reason) == (centre_user, "duplicate_project_code", "refused")
    assert "已被使用" in entry.after["message"]


def test_a_region_code_that_does_not_exist_is_refused(centre_user):
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as refused:
        draft(centre_user, region_code="519900")
    assert str(refused.value.message) == "四川省没有代码为 519900 的市（州）。"
    assert not SpecialAbilityProject.objects.exists()
    assert entries(CODE, "catalog.project.refuse_record").get().after["refused"] == "unknown_region"


@pytest.mark.parametrize("code", ["6-18-02-04", "N6-01", "ZX", "S5101 ZX 01", "专项001", ""])
def test_a_code_that_could_be_mistaken_or_is_malformed_is_refused(centre_user, code):
    with pytest.raises(InvalidInput) as refused:
        draft(centre_user, code=code)
    assert refused.value.code == "invalid_project_code"
    assert not SpecialAbilityProject.objects.exists()


def test_retiring_twice_is_refused_and_logged(centre_user):
    project = services.retire_project(project=published(centre_user), reason="停用", actor=centre_user)
    with translation.override("zh-hans"), pytest.raises(NotAllowed) as refused:
        services.retire_project(project=project, reason="再次停用", actor=centre_user)
    today = timezone.localdate().isoformat()
    assert str(refused.value.message) == f"项目 {CODE} 已于 {today} 停用。未作任何更改。"
    assert entries(CODE, "catalog.project.retire").count() == 1
    assert entries(CODE, "catalog.project.refuse_retire").get().after["refused"] == "already_retired"


def test_publishing_a_retired_project_is_refused_in_chinese_or_english(centre_user):
    project = services.retire_project(project=draft(centre_user), reason="作废", actor=centre_user)
    with translation.override("zh-hans"), pytest.raises(NotAllowed) as zh:
        services.publish_project(project=project, actor=centre_user)
    with translation.override("en"), pytest.raises(NotAllowed) as en:
        services.publish_project(project=project, actor=centre_user)
    assert str(zh.value.message) == f"项目 {CODE} 已停用；已停用的项目不能再更改。未作任何更改。"
    assert (
        str(en.value.message)
        == f"The project {CODE} is retired; a retired project stays as it is. Nothing was changed."
    )
    project.refresh_from_db()
    assert (project.status, project.published_on) == (ProjectStatus.RETIRED, None)
    assert entries(CODE, "catalog.project.refuse_publish").count() == 2


def test_publishing_twice_and_editing_a_published_project_are_refused(centre_user):
    project = published(centre_user)
    with pytest.raises(NotAllowed) as twice:
        services.publish_project(project=project, actor=centre_user)
    with translation.override("zh-hans"), pytest.raises(NotAllowed) as edit:
        services.edit_draft(project=project, details=details(content="改过的考核内容"), actor=centre_user)
    assert (twice.value.code, edit.value.code) == ("already_published", "not_a_draft")
    assert str(edit.value.message).startswith(f"只有草稿可以修改。{CODE} 的状态为“已发布”")
    project.refresh_from_db()
    assert project.content == "原料初加工、火候控制、麻辣味型调制"
    assert entries(CODE, "catalog.project.refuse_edit").count() == 1


@pytest.mark.parametrize("role", [roles.INSTITUTION_OPERATOR, roles.CITY_BUREAU, roles.COMPETITION_HOST])
def test_only_centre_staff_keep_the_project_list(centre_user, role):
    other = make_bureau("cd-bureau") if role == roles.CITY_BUREAU else make_user("someone", role)
    project = draft(centre_user)
    with translation.override("zh-hans"), pytest.raises(PermissionDenied) as refused:
        services.publish_project(project=project, actor=other)
    assert str(refused.value.message) == "只有省职业技能鉴定指导中心可以维护专项职业能力考核项目。"
    with pytest.raises(PermissionDenied):
        draft(other, code="S510100-ZX-0102")
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT
    assert not SpecialAbilityProject.objects.filter(code="S510100-ZX-0102").exists()
    assert entries(CODE, "catalog.project.refuse_publish").get().actor == other


# -- the back office ----------------------------------------------------------------------------------------------


def post_project(client: Client, **changes: str):
    data = {
        "code": CODE,
        "name": "蜀锦织造",
        "region_code": "510100",
        "content": "挑花结本、上机织造",
        "assessment_method": "实际操作",
        **changes,
    }
    return client.post("/catalog/manage/projects/new/", data)


def test_centre_staff_record_publish_and_retire_from_the_back_office(centre_client):
    assert "/catalog/manage/projects/" in centre_client.get("/account/").content.decode()  # the workspace links it
    response = post_project(centre_client)
    assert response.status_code == 302 and response["Location"] == f"/catalog/manage/projects/{CODE}/"
    detail = centre_client.get(response["Location"]).content.decode()
    assert "草稿（不公开）" in detail and 'data-action="catalog.project.record"' in detail  # its history

    confirm = centre_client.post(f"/catalog/manage/projects/{CODE}/publish/").content.decode()
    assert "发布立即生效" in confirm and "确认发布该项目" in confirm
    assert SpecialAbilityProject.objects.get(code=CODE).status == ProjectStatus.DRAFT  # not before confirming
    centre_client.post(f"/catalog/manage/projects/{CODE}/publish/", {"confirmed": "yes"})
    assert SpecialAbilityProject.objects.get(code=CODE).status == ProjectStatus.PUBLISHED

    confirm = centre_client.post(f"/catalog/manage/projects/{CODE}/retire/", {"reason": "不再开展"}).content.decode()
    assert "停用是永久性的，不能撤回" in confirm and "已颁发的证书继续有效" in confirm
    assert SpecialAbilityProject.objects.get(code=CODE).status == ProjectStatus.PUBLISHED
    centre_client.post(f"/catalog/manage/projects/{CODE}/retire/", {"reason": "不再开展", "confirmed": "yes"})
    assert SpecialAbilityProject.objects.get(code=CODE).status == ProjectStatus.RETIRED


def test_the_form_shows_the_services_refusal_on_its_field(centre_client):
    post_project(centre_client)
    html = post_project(centre_client, name="另一个").content.decode()
    assert f"项目编号 {CODE} 已被使用" in html
    html = post_project(centre_client, code="S510100-ZX-0102", region_code="519900").content.decode()
    assert "四川省没有代码为 519900 的市（州）。" in html
    assert SpecialAbilityProject.objects.count() == 1


def test_the_record_status_form_saves_and_refuses_in_words(centre_client):
    post_project(centre_client)
    url = f"/catalog/manage/projects/{CODE}/record-status/"
    page = centre_client.post(url, {"status": "recorded", "reference": "", "on": "2026-05-08"}, follow=True)
    assert "请填写人社部的备案号。" in page.content.decode()
    centre_client.post(url, {"status": "recorded", "reference": "备2026-9", "on": "2026-05-08"})
    project = SpecialAbilityProject.objects.get(code=CODE)
    assert (project.record_status, project.record_reference, project.record_date) == (
        "recorded",
        "备2026-9",
        dt.date(2026, 5, 8),
    )
    detail = centre_client.get(f"/catalog/manage/projects/{CODE}/").content.decode()
    assert 'type="date" name="on" value="2026-05-08"' in detail  # a date input shows only an ISO date


def test_the_back_office_is_closed_to_the_public_and_to_institutions(centre_user):
    draft(centre_user)
    assert Client().get("/catalog/manage/projects/").status_code == 302  # to the login page
    operator = Client()
    operator.force_login(make_user("operator", roles.INSTITUTION_OPERATOR))
    assert operator.get("/catalog/manage/projects/").status_code == 403
    assert operator.post(f"/catalog/manage/projects/{CODE}/publish/", {"confirmed": "yes"}).status_code == 403
    assert SpecialAbilityProject.objects.get(code=CODE).status == ProjectStatus.DRAFT
