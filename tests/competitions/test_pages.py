"""Pages, permissions and the public API: the host's and the centre's pages, the public page without personal data."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from skillcert.competitions import services
from tests.factories import FINALISTS, approved, register, results_csv, submitted, valid_id

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def issued_competition(host_user, centre_user):
    competition = approved(host_user, centre_user, competition_class="class_one")
    result_import = submitted(competition, host_user)
    services.approve_results(result_import=result_import, actor=centre_user)
    services.issue_competition_certificates(result_import=result_import, actor=centre_user)
    return competition, result_import


def test_the_host_registers_applies_and_uploads_through_the_pages(host_user):
    client = logged_in(host_user)
    response = client.post(
        "/competitions/manage/register/",
        {
            "name": "四川省焊工职业技能竞赛",
            "year": 2026,
            "competition_class": "class_two",
            "certificate_type": "skill_level",
            "committee_name": "四川省焊工职业技能竞赛组委会办公室",
            "events": "焊工, 6-18-02-04, 单人, 12",
            "stages": "初赛\n决赛",
        },
        follow=True,
    )
    text = response.content.decode()
    assert "一赛一授权" in text and "焊工" in text
    competition = host_user.competition_host.host.competitions.get()
    client.post(f"/competitions/manage/{competition.public_id}/apply/")
    competition.refresh_from_db()
    assert competition.status == "applied"
    upload = {"stage": competition.stages.get(kind="final").public_id}
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload["file"] = SimpleUploadedFile("决赛成绩.csv", results_csv(), content_type="text/csv")
    response = client.post(f"/competitions/manage/{competition.public_id}/upload/", upload, follow=True)
    text = response.content.decode()
    assert "技师" in text and 'data-testid="submit"' in text
    assert valid_id(FINALISTS[0][1]) not in text and FINALISTS[0][0] not in text  # preview: masked, no names


def test_a_bad_event_list_is_shown_on_the_form(host_user):
    response = logged_in(host_user).post(
        "/competitions/manage/register/",
        {"name": "赛", "year": 2026, "competition_class": "class_two", "certificate_type": "skill_level",
         "committee_name": "组委会", "events": "焊工, 6-18-02-04, 三人", "stages": "决赛"},
    )  # fmt: skip
    assert response.status_code == 200 and "单人" in response.content.decode()
    assert not host_user.competition_host.host.competitions.exists()


def test_another_host_sees_nothing_and_anonymous_users_are_sent_to_sign_in(host_user, centre_user):
    from skillcert.core import roles
    from tests.factories import make_host, make_user

    competition = register(host_user)
    other = make_host(centre_user, "四川省电工协会", "host-electric")
    assert logged_in(other).get(f"/competitions/manage/{competition.public_id}/").status_code == 404
    assert Client().get("/competitions/manage/").status_code in (302, 403)
    operator = make_user("plain-operator", roles.INSTITUTION_OPERATOR)
    assert logged_in(operator).get("/competitions/manage/register/").status_code == 403


def test_the_centre_approves_results_and_issues_from_the_page(host_user, centre_user):
    competition = approved(host_user, centre_user, competition_class="class_one")
    result_import = submitted(competition, host_user)
    client = logged_in(centre_user)
    page = client.get(f"/competitions/manage/results/{result_import.public_id}/").content.decode()
    assert "王建国" in page and valid_id(FINALISTS[0][1]) not in page  # names for the centre, ID numbers masked
    response = client.post(f"/competitions/manage/results/{result_import.public_id}/approve/", follow=True)
    text = response.content.decode()
    assert "四川省职业技能鉴定指导中心（代章）" in text
    assert text.count('data-testid="certificate-number"') == 3


def test_the_public_page_and_api_show_counts_without_personal_data(host_user, centre_user):
    competition, _import = issued_competition(host_user, centre_user)
    page = Client().get(f"/competitions/{competition.public_id}/").content.decode()
    assert competition.name in page and "一赛一授权" in page
    assert 'data-testid="issued-count">3<' in page
    for name, first17, *_rest in FINALISTS:
        assert name not in page and valid_id(first17) not in page
    listing = Client().get("/competitions/").content.decode()
    assert competition.name in listing

    data = json.loads(Client().get("/api/v1/competitions").content)
    assert data[0]["public_id"] == competition.public_id and data[0]["certificates_issued"] == 3
    assert data[0]["case"] == 1
    detail = json.loads(Client().get(f"/api/v1/competitions/{competition.public_id}").content)
    assert detail["events"][0]["certificates_issued"] == 3 and detail["authorisation"].startswith("川职鉴竞授")
    assert "王建国" not in json.dumps(detail, ensure_ascii=False)


def test_unapproved_competitions_are_not_public(host_user):
    competition = register(host_user)
    assert Client().get(f"/competitions/{competition.public_id}/").status_code == 404
    response = Client().get(f"/api/v1/competitions/{competition.public_id}")
    assert response.status_code == 404 and json.loads(response.content)["code"] == "not_found"


def test_the_results_template_downloads(host_user):
    response = logged_in(host_user).get("/competitions/manage/template.xlsx")
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_demo_builds_all_three_cases(reference):
    from skillcert.catalog.demo import build as build_projects
    from skillcert.competitions.demo import build
    from skillcert.competitions.models import Competition
    from skillcert.core.demo import build_accounts
    from skillcert.institutions.demo import build_institutions

    lines: list[str] = []
    for step in (build_accounts, build_projects, build_institutions, build):
        step(lines.append)
    paths = dict(Competition.objects.values_list("name", "issuing_path"))
    assert paths == {
        "第三届四川工匠杯职业技能大赛": "authorisation",
        "四川省装备制造行业焊工职业技能竞赛": "host_institution",
        "四川省川菜烹饪行业职业技能竞赛": "authorisation",
        "四川省蜀绣技艺竞赛": "centre",
    }
    from skillcert.competitions.selectors import public_competitions

    assert all(c.issued > 0 for c in public_competitions())
    build(lines.append)  # idempotent
    assert Competition.objects.count() == 4


def test_the_centre_records_a_host_and_links_its_account(centre_user, recorded_institution):
    from skillcert.competitions.models import HostOrganisation
    from skillcert.core import roles
    from tests.factories import make_user

    client = logged_in(centre_user)
    client.post(
        "/competitions/manage/hosts/",
        {"form": "host", "name": "德阳重装制造有限公司", "institution": recorded_institution.pk},
    )
    host = HostOrganisation.objects.get()
    assert host.institution == recorded_institution
    make_user("host-new", roles.COMPETITION_HOST)
    make_user("not-a-host", roles.INSTITUTION_OPERATOR)
    page = client.post(
        "/competitions/manage/hosts/", {"form": "link", "host": host.public_id, "username": "not-a-host"}, follow=True
    ).content.decode()
    assert not host.accounts.exists() and "竞赛主办单位" in page
    client.post("/competitions/manage/hosts/", {"form": "link", "host": host.public_id, "username": "host-new"})
    assert host.accounts.get().user.username == "host-new"


def test_award_rules_change_before_approval_only(host_user, centre_user):
    competition = register(host_user)
    client = logged_in(host_user)
    client.post(
        f"/competitions/manage/{competition.public_id}/rules/", {"team_kind": "single", "top_ranks": 5, "level": 3}
    )
    assert competition.award_rules.get(team_kind="single").top_ranks == 5
    services.apply_competition(competition=competition, actor=host_user)
    services.approve_competition(competition=competition, actor=centre_user)
    with pytest.raises(services.NotAllowed):
        services.set_award_rule(competition=competition, actor=centre_user, team_kind="single", top_ranks=1, level=2)
    assert competition.award_rules.get(team_kind="single").top_ranks == 5


def test_a_widened_rule_gives_rank_4_a_certificate_and_the_centre_may_lower_a_level(host_user, centre_user):
    from skillcert.competitions.models import Winner

    competition = register(host_user)
    services.set_award_rule(competition=competition, actor=host_user, team_kind="single", top_ranks=4, level=2)
    services.apply_competition(competition=competition, actor=host_user)
    services.approve_competition(competition=competition, actor=centre_user)
    result_import = submitted(competition, host_user)
    fourth = Winner.objects.get(rank=4)
    assert fourth.outcome == "certificate" and fourth.proposed_level == 2
    with pytest.raises(services.InvalidInput):  # the event awards 高级技师 and 技师 only
        services.approve_results(result_import=result_import, actor=centre_user, levels={fourth.public_id: 3})
    services.approve_results(result_import=result_import, actor=centre_user, levels={fourth.public_id: 0})
    fourth.refresh_from_db()
    assert fourth.outcome == "none" and "省职鉴中心决定" in fourth.explanation
    certificates = services.issue_competition_certificates(result_import=result_import, actor=centre_user)
    assert len(certificates) == 3


def test_the_verify_page_of_a_competition_certificate_names_the_committee_and_the_seal(host_user, centre_user):
    from skillcert.certificates.models import Certificate

    issued_competition(host_user, centre_user)
    certificate = Certificate.objects.filter(source="competition").first()
    page = Client().get(f"/certificates/verify/{certificate.address_key}/").content.decode()
    assert certificate.number in page and "组委会办公室" in page and "代章" in page
    backoffice = logged_in(centre_user).get(f"/certificates/manage/{certificate.public_id}/")
    assert backoffice.status_code == 200 and certificate.number in backoffice.content.decode()
