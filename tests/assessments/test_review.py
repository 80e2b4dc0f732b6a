"""The safety net of batch issuing: review, confirmation, the numbers issued, batch names and the scope's levels."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from skillcert.assessments import services
from skillcert.assessments.choices import BatchStatus
from skillcert.assessments.models import Batch
from skillcert.assessments.review import mask_name
from skillcert.certificates.models import Certificate
from tests.assessments.test_batches import good_rows, results_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(operator):
    client = Client()
    client.force_login(operator)
    return client


def uploaded(client, batch, rows):
    client.post(f"/assessments/{batch.public_id}/upload/", {"file": SimpleUploadedFile("r.csv", results_csv(rows))})
    batch.refresh_from_db()
    return batch


def confirm_fields(batch, **changes):
    return {"confirm": "yes", "file": batch.latest_file.public_id, "count": str(batch.rows_passed), **changes}


@pytest.mark.parametrize(
    ("name", "masked"), [("王芳", "王*"), ("刘德华", "刘*华"), ("欧阳娜娜", "欧**娜"), ("王", "王"), ("", "")]
)
def test_names_are_masked_keeping_the_first_and_last_character(name, masked):
    assert mask_name(name) == masked


def test_the_batch_page_leads_to_a_review_not_straight_to_issuing(batch, client_for):
    uploaded(client_for, batch, good_rows(3))
    page = client_for.get(f"/assessments/{batch.public_id}/").content.decode()
    assert f'action="/assessments/{batch.public_id}/commit/"' not in page
    assert f"/assessments/{batch.public_id}/review/" in page and "核对名单并颁发 3 本证书" in page


def test_the_review_lists_every_candidate_masked_with_level_result_and_count(batch, client_for):
    rows = good_rows(4)
    rows[3][5] = 40  # did not pass theory
    uploaded(client_for, batch, rows)
    page = client_for.get(f"/assessments/{batch.public_id}/review/").content.decode()
    table = page[page.index('data-testid="review-table"') :]
    assert "王*" in table and "李*" in table and "陈*" in table
    assert "王芳" not in page and rows[0][3] not in page  # neither the full name nor the full ID number
    assert rows[0][3][:3] + "*" * 11 + rows[0][3][-4:] in table
    assert table.count("中级（四级）") == 3  # the level of the three who pass
    assert table.count("合格，颁发证书") == 3 and table.count("不合格，不颁发") == 1
    assert re.search(r'data-testid="review-count"><strong>3</strong>', page)
    assert "颁发后不能撤回" in page and 'name="confirm"' in page and "required" in page
    assert not Certificate.objects.exists()


def test_issuing_without_the_ticked_confirmation_is_refused(batch, client_for, django_capture_on_commit_callbacks):
    uploaded(client_for, batch, good_rows(3))
    with django_capture_on_commit_callbacks(execute=True):
        bare = client_for.post(f"/assessments/{batch.public_id}/commit/")
        unticked = client_for.post(f"/assessments/{batch.public_id}/commit/", confirm_fields(batch, confirm=""))
    assert bare.status_code == unticked.status_code == 302
    assert bare["Location"].endswith("/review/")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CHECKED and not Certificate.objects.exists()
    assert "请核对名单后勾选确认" in client_for.get(bare["Location"]).content.decode()


def test_a_file_uploaded_after_the_review_must_be_reviewed_again(batch, client_for, django_capture_on_commit_callbacks):
    uploaded(client_for, batch, good_rows(3))
    reviewed = confirm_fields(batch)
    uploaded(client_for, batch, good_rows(5))  # another tab: a different file
    with django_capture_on_commit_callbacks(execute=True):
        client_for.post(f"/assessments/{batch.public_id}/commit/", reviewed)
        stale_count = client_for.post(f"/assessments/{batch.public_id}/commit/", confirm_fields(batch, count="3"))
    assert not Certificate.objects.exists()
    assert "重新核对名单" in client_for.get(stale_count["Location"]).content.decode()


def test_confirmed_issue_lists_the_certificate_numbers_with_links(
    batch, client_for, django_capture_on_commit_callbacks
):
    uploaded(client_for, batch, good_rows(3))
    with django_capture_on_commit_callbacks(execute=True):
        client_for.post(f"/assessments/{batch.public_id}/commit/", confirm_fields(batch))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    page = client_for.get(f"/assessments/{batch.public_id}/").content.decode()
    for certificate in Certificate.objects.filter(batch_id=batch.public_id):
        assert f'href="/certificates/manage/{certificate.public_id}/"' in page
        assert certificate.number in page
    assert page.count('data-testid="issued-number"') == 3


def test_batches_are_named_by_occupation_level_date_and_site(batch, client_for):
    assert batch.display_name == "焊工 · 中级（四级） · 2026-10-18 · 四川省焊接技能评价中心"
    listing = client_for.get("/assessments/").content.decode()
    assert batch.display_name in listing
    assert f'href="/assessments/{batch.public_id}/"' in listing  # the id stays in the URL
    assert f">{batch.public_id}<" not in listing
    detail = client_for.get(f"/assessments/{batch.public_id}/").content.decode()
    assert f'data-testid="batch-name">{batch.display_name}</h1>' in detail


def test_the_level_list_offers_only_the_recorded_levels_and_preselects_the_first(client_for):
    page = client_for.get("/assessments/declare/").content.decode()
    select = page[page.index('name="level"') : page.index("</select>", page.index('name="level"'))]
    offered = re.findall(r'<option value="(\d)"', select)
    assert offered == ["3", "4", "5"]  # the fixture institution is recorded for levels 3–5 only
    assert re.search(r'<option value="3"[^>]*selected', select)
    assert "高级技师" not in select


def test_a_level_outside_the_scope_is_refused_by_the_form(client_for):
    answer = client_for.post(
        "/assessments/declare/",
        {
            "occupation_code": "6-18-02-04", "level": "1", "assessment_date": "2026-10-18",
            "evaluators": "王考评", "theory_pass_mark": "60", "practical_pass_mark": "60",
        },
    )  # fmt: skip
    assert answer.status_code == 200
    assert not Batch.objects.exists()


def test_a_file_imported_before_is_refused_naming_the_batch_not_its_id(
    batch, operator, institution, django_capture_on_commit_callbacks
):
    import datetime as dt

    from skillcert.core.errors import NotAllowed

    data = results_csv(good_rows(2))
    services.upload_results(batch=batch, actor=operator, filename="r.csv", data=data)
    with django_capture_on_commit_callbacks(execute=True):
        services.commit_batch(batch=batch, actor=operator)
    again = services.declare_batch(
        actor=operator, institution=institution, occupation_code="6-18-02-04", level=4,
        assessment_date=dt.date(2026, 11, 1), evaluators="王考评",
    )  # fmt: skip
    with pytest.raises(NotAllowed) as refused:
        services.upload_results(batch=again, actor=operator, filename="r.csv", data=data)
    assert batch.display_name in str(refused.value.message) and batch.public_id not in str(refused.value.message)
