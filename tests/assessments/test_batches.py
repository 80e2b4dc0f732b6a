"""Assessment batches: declare, upload and preview with row errors, commit all or nothing, re-upload."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client

from skillcert.assessments import services
from skillcert.assessments.choices import BatchStatus
from skillcert.certificates.models import Certificate
from skillcert.core.errors import InvalidInput, NotAllowed
from tests.factories import valid_id

pytestmark = pytest.mark.django_db
HEADER = ["序号", "姓名", "证件类型", "证件号码", "性别", "理论知识成绩", "操作技能成绩"]


def ids(n):
    return [valid_id(f"5101071990{(i % 12) + 1:02d}01{i:03d}"[:17]) for i in range(n)]


def results_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def good_rows(n=5):
    names = ["王芳", "李强", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰"]
    return [[i + 1, names[i % len(names)], "", number, "", 80, 75] for i, number in enumerate(ids(n))]


@pytest.fixture
def batch(institution, operator):
    return services.declare_batch(
        actor=operator,
        institution=institution,
        occupation_code="6-18-02-04",
        level=4,
        assessment_date=dt.date(2026, 10, 18),
        evaluators="王考评\n李考评",
    )


def upload(batch, operator, data, name="results.csv"):
    return services.upload_results(batch=batch, actor=operator, filename=name, data=data)


def test_declaring_outside_the_scope_is_refused(institution, operator):
    with pytest.raises(NotAllowed):
        services.declare_batch(
            actor=operator, institution=institution, occupation_code="6-18-02-04", level=1,
            assessment_date=dt.date(2026, 10, 18), evaluators="王考评",
        )  # fmt: skip


def test_preview_explains_bad_rows_and_nothing_can_be_committed(batch, operator):
    rows = good_rows(4)
    rows[1][3] = rows[1][3][:-1] + ("0" if rows[1][3][-1] != "0" else "1")  # wrong check digit
    rows[2][1] = "张3"  # digit in a name
    upload(batch, operator, results_csv(rows))
    batch.refresh_from_db()
    assert (batch.status, batch.rows_total, batch.rows_with_errors) == (BatchStatus.CHECKED, 4, 2)
    errors = {e["row"]: " ".join(e["messages"]) for e in batch.latest_file.errors}
    assert set(errors) == {3, 4}
    assert "校验" in errors[3]
    assert "数字" in errors[4]
    assert rows[1][3] not in str(batch.latest_file.errors)  # the ID number only masked
    with pytest.raises(NotAllowed):
        services.commit_batch(batch=batch, actor=operator)
    assert not Certificate.objects.exists()


def test_fixed_file_commits_and_issues_only_those_who_passed(batch, operator, django_capture_on_commit_callbacks):
    rows = good_rows(5)
    rows[4][5] = 59  # did not pass theory
    upload(batch, operator, results_csv(rows))
    with django_capture_on_commit_callbacks(execute=True):  # the job starts when the transaction commits
        job = services.commit_batch(batch=batch, actor=operator)
    job.refresh_from_db()
    batch.refresh_from_db()
    assert job.status == "succeeded", job.message
    assert (batch.status, batch.certificates_issued) == (BatchStatus.COMMITTED, 4)
    assert Certificate.objects.filter(batch_id=batch.public_id, level=4).count() == 4


def test_uploading_the_same_file_again_issues_nothing_twice(
    batch, operator, institution, django_capture_on_commit_callbacks
):
    data = results_csv(good_rows(3))
    upload(batch, operator, data)
    with django_capture_on_commit_callbacks(execute=True):
        services.commit_batch(batch=batch, actor=operator)
    again = services.declare_batch(
        actor=operator, institution=institution, occupation_code="6-18-02-04", level=4,
        assessment_date=dt.date(2026, 10, 18), evaluators="王考评",
    )  # fmt: skip
    with pytest.raises(NotAllowed, match=r"已于.*导入"):
        upload(again, operator, data)
    assert Certificate.objects.count() == 3


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda rows: rows.append(list(rows[0])), "row 2"),  # duplicate ID within the file
        (lambda rows: rows[0].__setitem__(1, "=cmd|' /C calc'!A0"), "formula"),
        (lambda rows: rows[0].__setitem__(5, "一百"), "0 to 100"),
    ],
)
def test_row_level_refusals(batch, operator, mutate, expected, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    rows = good_rows(2)
    mutate(rows)
    with translation.override("en"):
        upload(batch, operator, results_csv(rows))
    batch.refresh_from_db()
    assert batch.rows_with_errors == 1
    assert expected in " ".join(" ".join(e["messages"]) for e in batch.latest_file.errors)


def test_level_outside_the_batch_is_an_error(batch, operator):
    header = [*HEADER, "等级"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerow([1, "王芳", "", ids(1)[0], "", 90, 90, "三级"])
    upload(batch, operator, buffer.getvalue().encode())
    batch.refresh_from_db()
    assert batch.rows_with_errors == 1


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"", "empty.csv"), (b"%PDF-1.7 not a spreadsheet", "results.pdf"), ("姓名\n".encode(), "results.csv")],
)
def test_files_that_cannot_be_results_are_refused(batch, operator, data, name):
    with pytest.raises(InvalidInput):
        upload(batch, operator, data, name)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DECLARED


def test_oversized_file_is_refused_before_reading(batch, operator, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    with pytest.raises(InvalidInput, match=r"MB|larger"):
        upload(batch, operator, results_csv(good_rows(50)))


def test_suspended_institution_cannot_upload(batch, operator, institution, centre_user):
    from skillcert.institutions.services import suspend_institution

    suspend_institution(institution=institution, reason="暂停", actor=centre_user)
    with pytest.raises(NotAllowed):
        upload(batch, operator, results_csv(good_rows(2)))


def test_xlsx_template_roundtrip(batch, operator):
    from openpyxl import load_workbook

    from skillcert.assessments.templates import results_template

    workbook = load_workbook(io.BytesIO(results_template()))
    sheet = workbook.active
    for row in good_rows(3):
        sheet.append([row[0], row[1], "居民身份证", row[3], row[4], row[5], row[6], "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(batch, operator, buffer.getvalue(), "认定结果.xlsx")
    batch.refresh_from_db()
    assert (batch.rows_total, batch.rows_passed, batch.rows_with_errors) == (3, 3, 0)


def test_pages_show_preview_and_commit(batch, operator, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(operator)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/assessments/{batch.public_id}/upload/", {"file": SimpleUploadedFile("r.csv", results_csv(good_rows(3)))}
    )
    assert response.status_code == 302
    page = client.get(f"/assessments/{batch.public_id}/").content.decode()
    assert "3 行" in page or "3 rows" in page
    batch.refresh_from_db()
    confirmed = {"confirm": "yes", "file": batch.latest_file.public_id, "count": "3"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/assessments/{batch.public_id}/commit/", confirmed)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED


def test_another_institution_cannot_see_the_batch(batch, other_institution, centre_user):
    from skillcert.institutions.services import link_operator
    from tests.factories import make_user

    stranger = make_user("cook", "institution_operator")
    link_operator(user=stranger, institution=other_institution, actor=centre_user)
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/assessments/{batch.public_id}/").status_code == 404
    assert client.post(f"/assessments/{batch.public_id}/commit/").status_code == 404
    assert batch.public_id not in client.get("/assessments/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_cli_import_results(institution, tmp_path, capsys):
    path = tmp_path / "results.csv"
    path.write_bytes(results_csv(good_rows(6)))
    call_command(
        "import_results",
        str(path),
        "--institution",
        institution.public_id,
        "--occupation",
        "6-18-02-04",
        "--level",
        "3",
    )
    out = capsys.readouterr()
    assert "6 certificates issued" in out.out
    assert "6/6 100%" in out.err
    assert Certificate.objects.filter(level=3).count() == 6
