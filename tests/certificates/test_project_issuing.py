"""专项职业能力证书 only for published projects: a draft or retired one is refused, nothing issued, attempt logged."""

from __future__ import annotations

import pytest
from django.utils import translation

from skillcert.catalog import demo
from skillcert.catalog import services as projects
from skillcert.catalog.choices import ProjectStatus
from skillcert.catalog.models import SpecialAbilityProject
from skillcert.certificates import services
from skillcert.certificates.models import Certificate
from skillcert.core.errors import NotAllowed
from skillcert.core.models import ChangeLogEntry
from tests.factories import CertificateFactory, IssueSpecFactory

pytestmark = pytest.mark.usefixtures("reference")

CODE = "S510000-ZX-0201"


@pytest.fixture
def project(centre_user):
    details = projects.ProjectDetails(
        name="川剧变脸表演", region_code="510000", content="变脸手法、身段配合", assessment_method="现场表演"
    )
    return projects.record_project(code=CODE, details=details, actor=centre_user)


def spec(holder, project) -> services.IssueSpec:
    return IssueSpecFactory(special_ability=True, holder=holder, project=project)


def refused_attempts():
    return ChangeLogEntry.objects.filter(
        object_type=projects.OBJECT_TYPE, object_id=CODE, action="catalog.project.refuse_issue"
    )


def test_a_draft_project_is_refused_with_a_clear_message_and_the_attempt_logged(holder, project, centre_user):
    with translation.override("zh-hans"), pytest.raises(NotAllowed) as refused:
        services.issue_certificate(spec=spec(holder, project), actor=centre_user)
    assert refused.value.code == "project_not_published"
    assert str(refused.value.message) == (
        f"考核项目 {CODE} 尚未发布；在省职业技能鉴定指导中心发布之前，不为其颁发证书。未颁发任何证书。"
    )
    assert not Certificate.objects.exists()
    entry = refused_attempts().get()
    assert (entry.actor, entry.after, entry.reason) == (
        centre_user,
        {"refused": "project_not_published", "status": "draft"},
        "refused",
    )


def test_a_retired_project_is_refused_in_english_when_asked(holder, project, centre_user):
    projects.publish_project(project=project, actor=centre_user)
    projects.retire_project(project=project, reason="停止开展", actor=centre_user)
    with translation.override("en"), pytest.raises(NotAllowed) as refused:
        services.issue_certificate(spec=spec(holder, project), actor=centre_user)
    assert refused.value.code == "project_retired"
    assert str(refused.value.message) == (
        f"The assessment project {CODE} is retired; no certificates are issued for it. Nothing was issued."
    )
    assert not Certificate.objects.exists()
    assert refused_attempts().get().after["status"] == "retired"


def test_a_project_retired_after_it_was_loaded_is_refused(holder, project, centre_user):
    """A batch holds the project it was declared for; the retirement since then is what counts."""
    projects.publish_project(project=project, actor=centre_user)
    loaded = SpecialAbilityProject.objects.get(code=CODE)  # still published in this copy
    projects.retire_project(project=project, reason="停止开展", actor=centre_user)
    assert loaded.status == ProjectStatus.PUBLISHED
    with pytest.raises(NotAllowed):
        services.issue_certificates(specs=[spec(holder, loaded)] * 3, actor=centre_user)
    assert not Certificate.objects.exists()


def test_a_published_project_issues(holder, project, centre_user):
    projects.publish_project(project=project, actor=centre_user)
    certificate = services.issue_certificate(spec=spec(holder, project), actor=centre_user)
    assert (certificate.project, certificate.issuer_name) == (project, "四川省人力资源和社会保障厅")
    assert not refused_attempts().exists()


def test_the_demo_projects_are_published_and_issue(holder, centre_user):
    demo.build(lambda _line: None)
    statuses = set(SpecialAbilityProject.objects.values_list("status", flat=True))
    assert statuses == {ProjectStatus.PUBLISHED}
    first = SpecialAbilityProject.objects.get(code=demo.PROJECTS[0][0])
    certificate = services.issue_certificate(spec=spec(holder, first), actor=centre_user)
    assert certificate.number.startswith("ZX")


def test_the_holder_page_points_each_certificate_to_its_own_query(holder, project, centre_user, institution, operator):
    from django.test import Client

    from skillcert.certificates import holderlink

    projects.publish_project(project=project, actor=centre_user)
    special = services.issue_certificate(spec=spec(holder, project), actor=centre_user)
    skill = CertificateFactory(holder=holder, institution=institution, actor=operator)
    html = Client().get(f"/certificates/holder/{holderlink.make_token(holder.public_id)}/").content.decode()
    cards = [part.split("</article>")[0] for part in html.split('data-testid="certificate"')[1:]]
    special_card = next(card for card in cards if special.number in card)
    skill_card = next(card for card in cards if skill.number in card)
    assert "专项职业能力证书在四川省内查询，不在全国联网查询中" in special_card
    assert 'href="/certificates/special/query/"' in special_card and "http://rst.sc.gov.cn" in special_card
    assert "jndj.osta.org.cn" not in special_card
    assert "技能人才评价证书全国联网查询" in skill_card and "http://jndj.osta.org.cn" in skill_card
    assert "/certificates/special/query/" not in skill_card
