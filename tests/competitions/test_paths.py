"""Each issuing path end to end: register → approve → import → issue → verify the signed credential."""

from __future__ import annotations

import json

import pytest

from skillcert.competitions import services
from skillcert.competitions.choices import CENTRE_PROXY
from tests.factories import approved, submitted

pytestmark = pytest.mark.django_db


def verified_document(certificate):
    from skillcert.credentials.models import IssuedCredential
    from skillcert.credentials.selectors import resolve_own_key
    from skillcert.credentials.signing import verify_proof

    document = IssuedCredential.objects.get(subject_id=certificate.public_id).document
    assert verify_proof(document, resolve_key=resolve_own_key).ok
    return document


def issued(result_import, actor):
    services.approve_results(result_import=result_import, actor=actor)
    return services.issue_competition_certificates(result_import=result_import, actor=actor)


def test_case_1_provincial_competition_issues_under_the_committee_with_the_centre_proxy_seal(host_user, centre_user):
    competition = approved(host_user, centre_user, competition_class="class_one")
    assert competition.issuing_path == "authorisation"
    authorisation = competition.authorisation
    assert authorisation.site_serial == "900001" and authorisation.reference.startswith("川职鉴竞授〔")

    result_import = submitted(competition, host_user)
    certificates = issued(result_import, centre_user)

    by_name = {c.holder_name: c for c in certificates}
    assert set(by_name) == {"王建国", "李小龙", "张海燕"}  # top 3 of a single-person event; 4th and non-winner get none
    assert by_name["王建国"].level == 2  # 三级 → 技师
    assert by_name["李小龙"].level == 1  # already 技师 → 高级技师
    first = by_name["王建国"]
    assert first.institution is None and first.source == "competition"
    assert first.issuer_name == "四川省焊工职业技能竞赛组委会办公室" and first.issuer_on_behalf == CENTRE_PROXY
    assert first.number.startswith("S000051900001") and len(first.number) == 22
    document = verified_document(first)
    text = json.dumps(document, ensure_ascii=False)
    assert "四川省焊工职业技能竞赛组委会办公室" in text and CENTRE_PROXY in text
    result_import.refresh_from_db()
    assert result_import.status == "issued"


def test_case_2_unrecorded_host_gets_the_authorisation_path(host_user, centre_user):
    competition = approved(host_user, centre_user, competition_class="class_two")
    assert competition.issuing_path == "authorisation"
    certificates = issued(submitted(competition, host_user), centre_user)
    assert len(certificates) == 3 and all(c.issuer_on_behalf == CENTRE_PROXY for c in certificates)
    verified_document(certificates[0])


def test_case_2_recorded_host_issues_itself_after_approval(institution_host_user, recorded_institution, centre_user):
    competition = approved(institution_host_user, centre_user, competition_class="class_two")
    assert competition.issuing_path == "host_institution"
    assert not hasattr(competition, "authorisation") or competition.authorisation is None
    result_import = submitted(competition, institution_host_user)
    services.approve_results(result_import=result_import, actor=centre_user)
    with pytest.raises(services.PermissionDenied):  # the centre does not issue for a recorded host
        services.issue_competition_certificates(result_import=result_import, actor=centre_user)
    certificates = services.issue_competition_certificates(result_import=result_import, actor=institution_host_user)
    assert len(certificates) == 3
    certificate = certificates[0]
    assert certificate.institution == recorded_institution
    assert certificate.issuer_name == recorded_institution.name and certificate.issuer_on_behalf == ""
    assert certificate.number.startswith("S0000" + "51" + recorded_institution.site_serial)
    verified_document(certificate)


def test_case_3_special_ability_competition_is_issued_by_the_centre(host_user, centre_user, project):
    from tests.factories import results_csv

    events = [services.EventInput(name="蜀绣技艺", project_code=project.code)]
    competition = approved(host_user, centre_user, certificate_type="special_ability", events=events)
    assert competition.issuing_path == "centre"
    certificates = issued(submitted(competition, host_user, results_csv(event="蜀绣技艺")), centre_user)
    assert len(certificates) == 3
    certificate = certificates[0]
    assert certificate.certificate_type == "special_ability" and certificate.project == project
    assert certificate.issuer_name == "四川省职业技能鉴定指导中心" and certificate.level is None
    assert certificate.number.startswith("ZX5100")
    verified_document(certificate)


def test_the_change_log_records_each_step(host_user, centre_user):
    from skillcert.core.models import ChangeLogEntry

    competition = approved(host_user, centre_user, competition_class="class_one")
    actions = list(
        ChangeLogEntry.objects.filter(object_id=competition.public_id).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "competitions.competition.register",
        "competitions.competition.apply",
        "competitions.competition.approve",
        "competitions.competition.authorise",
    ]


def test_the_pdf_shows_the_committee_and_the_proxy_seal(host_user, centre_user):
    import io

    from pypdf import PdfReader

    from skillcert.certificates.printing import certificate_pdf

    competition = approved(host_user, centre_user, competition_class="co_hosted")
    certificate = issued(submitted(competition, host_user), centre_user)[0]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(certificate_pdf(certificate))).pages)
    assert "四川省焊工职业技能竞赛组委会办公室" in text and "代章" in text and certificate.number in text


def test_the_centre_corrects_an_authorised_certificate_by_reissuing_it(host_user, centre_user):
    from skillcert.certificates.services import reissue_certificate

    competition = approved(host_user, centre_user, competition_class="class_one")
    old = issued(submitted(competition, host_user), centre_user)[0]
    new = reissue_certificate(certificate=old, reason="工种填写有误", actor=centre_user, job_type="")
    old.refresh_from_db()
    assert old.status == "revoked" and new.number in old.status_reason
    assert new.issuer_name == old.issuer_name and new.issuer_on_behalf == CENTRE_PROXY
    assert new.number.startswith("S000051900001") and new.institution is None
    verified_document(new)
    with pytest.raises(services.PermissionDenied):  # the host itself does not correct 一赛一授权 certificates
        reissue_certificate(certificate=new, reason="再改", actor=host_user)
