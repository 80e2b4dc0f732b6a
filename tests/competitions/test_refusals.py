"""The issue's "bad input" list and the forbidden transitions: each refused with the rule's reason, nothing issued."""

from __future__ import annotations

import datetime as dt

import pytest

from skillcert.certificates.models import Certificate
from skillcert.competitions import services
from skillcert.competitions.models import ResultImport, Winner
from skillcert.core import roles
from skillcert.core.errors import NotAllowed, PermissionDenied
from skillcert.people.models import Holder
from tests.factories import FINALISTS, IssueSpecFactory, approved, final, register, results_csv, submitted

pytestmark = pytest.mark.django_db


def test_results_of_a_preliminary_stage_are_refused(host_user, centre_user):
    competition = approved(host_user, centre_user)
    preliminary = competition.stages.get(kind="preliminary")
    with pytest.raises(NotAllowed, match="“初赛”是预赛阶段"):
        services.upload_results(
            competition=competition, stage=preliminary, actor=host_user, filename="初赛.csv", data=results_csv()
        )
    assert not ResultImport.objects.exists()


def test_a_row_marked_as_another_stage_is_an_error(host_user, centre_user):
    competition = approved(host_user, centre_user)
    result_import = services.upload_results(
        competition=competition, stage=final(competition), actor=host_user, filename="x.csv",
        data=results_csv(stage="初赛"),
    )  # fmt: skip
    assert result_import.status == "has_errors"
    message = result_import.errors[0]["messages"][0]
    assert "赛段" in message and "初赛" not in message  # names the column, never repeats the cell


def test_an_event_the_competition_does_not_have_leaves_only_the_error_report(host_user, centre_user):
    competition = approved(host_user, centre_user)
    result_import = services.upload_results(
        competition=competition, stage=final(competition), actor=host_user, filename="x.csv",
        data=results_csv(event="电工"),
    )  # fmt: skip
    assert result_import.status == "has_errors" and result_import.rows_with_errors == len(FINALISTS)
    message = result_import.errors[0]["messages"][0]
    assert "赛项" in message and "焊工" in message and "电工" not in message  # the known events, not the cell
    assert result_import.stored_path == "" and result_import.report == []
    assert not Holder.objects.exists() and not Winner.objects.exists()
    with pytest.raises(NotAllowed):
        services.submit_results(result_import=result_import, actor=host_user)
    assert not Certificate.objects.exists()


def test_a_non_winner_gets_nothing_and_the_centre_cannot_give_them_a_level(host_user, centre_user):
    competition = approved(host_user, centre_user)
    result_import = submitted(competition, host_user)
    loser = Winner.objects.get(holder_name="陈思远")
    assert loser.outcome == "not_winner" and "非决赛获奖选手" in loser.explanation
    with pytest.raises(NotAllowed) as refused:
        services.approve_results(result_import=result_import, actor=centre_user, levels={loser.public_id: 2})
    assert refused.value.code == "not_a_winner"
    result_import.refresh_from_db()
    assert result_import.status == "submitted"
    services.approve_results(result_import=result_import, actor=centre_user)
    services.issue_competition_certificates(result_import=result_import, actor=centre_user)
    assert not Certificate.objects.filter(holder_name="陈思远").exists()
    assert not Certificate.objects.filter(holder_name="刘德明").exists()  # rank 4: outside the top 3


def test_issuing_before_approval_is_refused(host_user, centre_user):
    competition = register(host_user)
    services.apply_competition(competition=competition, actor=host_user)
    result_import = submitted(competition, host_user)  # results may be sent with the application
    with pytest.raises(NotAllowed) as refused:
        services.approve_results(result_import=result_import, actor=centre_user)
    assert refused.value.code == "competition_not_approved"
    with pytest.raises(NotAllowed) as refused:
        services.issue_competition_certificates(result_import=result_import, actor=centre_user)
    assert refused.value.code == "not_approved"
    services.approve_competition(competition=competition, actor=centre_user)
    with pytest.raises(NotAllowed) as refused:  # the competition is approved, its results not yet
        services.issue_competition_certificates(result_import=result_import, actor=centre_user)
    assert refused.value.code == "results_not_approved"
    assert not Certificate.objects.exists()


def test_a_host_may_never_approve_its_own_competition(host_user, centre_user):
    from django.contrib.auth.models import Group

    competition = register(host_user)
    services.apply_competition(competition=competition, actor=host_user)
    with pytest.raises(PermissionDenied):
        services.approve_competition(competition=competition, actor=host_user)
    host_user.groups.add(Group.objects.get(name=roles.CENTRE_STAFF))  # even holding the centre's role too
    host_user = type(host_user).objects.get(pk=host_user.pk)  # fresh permission cache
    with pytest.raises(PermissionDenied) as refused:
        services.approve_competition(competition=competition, actor=host_user)
    assert refused.value.code == "own_competition"
    competition.refresh_from_db()
    assert competition.status == "applied"


def test_a_case_2_host_whose_record_is_suspended_is_refused(institution_host_user, recorded_institution, centre_user):
    from skillcert.institutions.services import suspend_institution

    competition = approved(institution_host_user, centre_user)
    result_import = submitted(competition, institution_host_user)
    services.approve_results(result_import=result_import, actor=centre_user)
    suspend_institution(institution=recorded_institution, reason="质量检查发现问题", actor=centre_user)
    with pytest.raises(NotAllowed) as refused:
        services.issue_competition_certificates(result_import=result_import, actor=institution_host_user)
    assert refused.value.code == "not_active"
    assert not Certificate.objects.exists()


def test_a_suspended_case_2_host_cannot_get_approval(institution_host_user, recorded_institution, centre_user):
    from skillcert.institutions.services import suspend_institution

    competition = register(institution_host_user)
    services.apply_competition(competition=competition, actor=institution_host_user)
    suspend_institution(institution=recorded_institution, reason="质量检查发现问题", actor=centre_user)
    with pytest.raises(NotAllowed) as refused:
        services.approve_competition(competition=competition, actor=centre_user)
    assert refused.value.code == "not_active"
    competition.refresh_from_db()
    assert competition.status == "applied"


def test_a_recorded_host_outside_its_scope_is_refused(institution_host_user, centre_user):
    competition = register(
        institution_host_user, events=[services.EventInput(name="中式烹调师", occupation_code="4-03-02-01")]
    )
    services.apply_competition(competition=competition, actor=institution_host_user)
    with pytest.raises(NotAllowed) as refused:
        services.approve_competition(competition=competition, actor=centre_user)
    assert refused.value.code == "outside_scope"


def test_only_the_host_registers_applies_and_imports(host_user, centre_user):
    from tests.factories import make_user

    with pytest.raises(PermissionDenied):
        register(centre_user)
    competition = register(host_user)
    other = make_user("other-host", roles.COMPETITION_HOST)
    with pytest.raises(PermissionDenied):
        services.apply_competition(competition=competition, actor=other)
    with pytest.raises(PermissionDenied):
        services.approve_competition(competition=competition, actor=host_user)


def test_forbidden_transitions(host_user, centre_user):
    competition = register(host_user)
    with pytest.raises(NotAllowed):  # not applied yet
        services.approve_competition(competition=competition, actor=centre_user)
    services.apply_competition(competition=competition, actor=host_user)
    with pytest.raises(NotAllowed):
        services.apply_competition(competition=competition, actor=host_user)
    with pytest.raises(services.InvalidInput):  # a rejection needs its reason
        services.reject_competition(competition=competition, actor=centre_user, reason=" ")
    services.reject_competition(competition=competition, actor=centre_user, reason="赛项设置不符合规定")
    with pytest.raises(NotAllowed):
        services.approve_competition(competition=competition, actor=centre_user)
    services.apply_competition(competition=competition, actor=host_user)  # re-apply after rejection
    services.approve_competition(competition=competition, actor=centre_user)
    with pytest.raises(NotAllowed):
        services.reject_competition(competition=competition, actor=centre_user, reason="迟了")


def test_the_same_finalists_cannot_be_submitted_twice(host_user, centre_user):
    competition = approved(host_user, centre_user)
    submitted(competition, host_user)
    again = services.upload_results(
        competition=competition, stage=final(competition), actor=host_user, filename="again.csv", data=results_csv()
    )
    with pytest.raises(NotAllowed) as refused:
        services.submit_results(result_import=again, actor=host_user)
    assert refused.value.code == "already_submitted"
    assert Winner.objects.count() == len(FINALISTS)


def test_an_occupation_in_the_qualification_catalogue_cannot_be_an_event(host_user):
    with pytest.raises(NotAllowed):  # in the qualification catalogue: only 职业资格证书
        register(host_user, events=[services.EventInput(name="消防设施操作员", occupation_code="4-07-05-03")])


def test_an_authorisation_built_by_hand_is_refused(host_user, holder):
    from skillcert.certificates.services import issue_certificate
    from skillcert.competitions.models import Authorisation

    competition = register(host_user)
    fake = Authorisation(
        competition=competition, reference="伪造", site_serial="999999", granted_on=dt.date(2026, 1, 1)
    )
    spec = IssueSpecFactory(holder=holder, source="competition", level=2, authorisation=fake, issuer_name="假组委会")
    with pytest.raises(NotAllowed) as refused:
        issue_certificate(spec=spec)
    assert refused.value.code == "no_authorisation"
    assert not Certificate.objects.exists()


def test_an_xlsx_results_file_is_read_like_csv(host_user, centre_user):
    import csv
    import io

    from openpyxl import Workbook

    competition = approved(host_user, centre_user)
    workbook = Workbook()
    for row in csv.reader(io.StringIO(results_csv().decode("utf-8-sig"))):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result_import = services.upload_results(
        competition=competition, stage=final(competition), actor=host_user, filename="决赛成绩.xlsx",
        data=buffer.getvalue(),
    )  # fmt: skip
    assert result_import.status == "checked" and result_import.rows_total == len(FINALISTS)
    assert [line["level"] for line in result_import.report] == [2, 1, 2, None, None]


def test_a_file_without_the_template_header_is_refused_and_nothing_kept(host_user, centre_user):
    competition = approved(host_user, centre_user)
    with pytest.raises(services.InvalidInput, match="表头"):
        services.upload_results(
            competition=competition, stage=final(competition), actor=host_user, filename="x.csv",
            data="姓名,证件号码\n张三,1\n".encode(),
        )  # fmt: skip
    assert not ResultImport.objects.exists()
