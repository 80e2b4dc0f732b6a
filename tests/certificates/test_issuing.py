"""Issuing, status changes and reissue, with the rules that refuse them."""

from __future__ import annotations

from functools import partial

import pytest

from skillcert.certificates import services
from skillcert.certificates.models import Certificate
from skillcert.core.errors import NotAllowed, PermissionDenied
from skillcert.core.models import ChangeLogEntry
from tests.factories import IssueSpecFactory

pytestmark = pytest.mark.django_db


def spec(holder, institution, **changes):
    return IssueSpecFactory(holder=holder, institution=institution, **changes)


def test_institution_issues_within_its_scope(holder, institution, operator):
    certificate = services.issue_certificate(spec=spec(holder, institution), actor=operator)
    assert certificate.number.startswith(f"S0000{51}{institution.site_serial}264")
    assert len(certificate.number) == 22
    assert (certificate.holder_name, certificate.occupation_name, certificate.issuer_name) == (
        "张三",
        "焊工",
        institution.name,
    )
    assert ChangeLogEntry.objects.filter(
        object_id=certificate.public_id, action="certificates.certificate.issue", actor=operator
    ).exists()


def test_numbers_are_unique_and_sequential(holder, institution, operator):
    first = services.issue_certificate(spec=spec(holder, institution), actor=operator)
    second = services.issue_certificate(spec=spec(holder, institution, job_type=""), actor=operator)
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


def test_catalogue_occupation_is_refused_with_the_rules_reason(holder, institution, operator):
    with pytest.raises(NotAllowed) as caught:
        services.issue_certificate(spec=spec(holder, institution, occupation_code="4-07-05-01"), actor=operator)
    assert caught.value.code == "certificate_type_not_lawful"
    assert "国家职业资格目录" in str(caught.value.message)
    assert not Certificate.objects.exists()


def test_level_outside_scope_is_refused(holder, institution, operator):
    with pytest.raises(NotAllowed):
        services.issue_certificate(spec=spec(holder, institution, level=1), actor=operator)


def test_suspended_institution_cannot_issue(holder, institution, operator, centre_user):
    from skillcert.institutions.services import suspend_institution

    suspend_institution(institution=institution, reason="质量检查不合格", actor=centre_user)
    with pytest.raises(NotAllowed):
        services.issue_certificate(spec=spec(holder, institution), actor=operator)
    assert not Certificate.objects.exists()


def test_an_institution_cannot_issue_in_another_ones_name(holder, institution, other_institution, operator):
    with pytest.raises(PermissionDenied):
        services.issue_certificate(
            spec=spec(holder, other_institution, occupation_code="4-03-02-01", level=4), actor=operator
        )


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        (["suspend"], True),
        (["suspend", "reinstate"], True),
        (["revoke"], True),
        (["suspend", "revoke"], True),
        (["reinstate"], False),
        (["revoke", "reinstate"], False),
        (["revoke", "suspend"], False),
        (["revoke", "revoke"], False),
    ],
)
def test_status_transitions(holder, institution, operator, path, allowed):
    certificate = services.issue_certificate(spec=spec(holder, institution), actor=operator)
    functions = {
        "suspend": partial(services.suspend_certificate, category="under_review"),
        "reinstate": services.reinstate_certificate,
        "revoke": partial(services.revoke_certificate, category="misconduct"),
    }
    *setup, last = path
    for step in setup:
        certificate = functions[step](certificate=certificate, reason="调查", actor=operator)
    if allowed:
        certificate = functions[last](certificate=certificate, reason="核查结论", actor=operator)
        code = f"certificates.certificate.{last}"
        assert ChangeLogEntry.objects.filter(object_id=certificate.public_id, action=code, reason="核查结论").exists()
    else:
        before = Certificate.objects.get(pk=certificate.pk).status
        with pytest.raises(NotAllowed):
            functions[last](certificate=certificate, reason="核查结论", actor=operator)
        assert Certificate.objects.get(pk=certificate.pk).status == before


def test_a_status_change_needs_a_reason(holder, institution, operator):
    from skillcert.core.errors import InvalidInput

    certificate = services.issue_certificate(spec=spec(holder, institution), actor=operator)
    with pytest.raises(InvalidInput):
        services.revoke_certificate(certificate=certificate, category="misconduct", reason="  ", actor=operator)


def test_reissue_revokes_the_old_certificate_as_superseded(holder, institution, operator):
    old = services.issue_certificate(spec=spec(holder, institution, job_type=""), actor=operator)
    new = services.reissue_certificate(certificate=old, reason="工种填写错误", actor=operator)
    old.refresh_from_db()
    assert old.status == "revoked" and old.superseded_by == new
    assert f"Superseded by {new.number}" in old.status_reason or new.number in old.status_reason
    assert new.source == "reissue"


def test_another_institution_cannot_revoke(holder, institution, operator, other_institution, centre_user):
    from skillcert.institutions.services import link_operator
    from tests.factories import make_user

    certificate = services.issue_certificate(spec=spec(holder, institution), actor=operator)
    stranger = make_user("cook-operator", "institution_operator")
    link_operator(user=stranger, institution=other_institution, actor=centre_user)
    with pytest.raises(PermissionDenied):
        services.revoke_certificate(certificate=certificate, category="misconduct", reason="恶意撤销", actor=stranger)
