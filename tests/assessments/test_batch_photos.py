"""Photos for batch issuing: a ZIP named by ID number, checked like a hostile file, used on the certificates.

Every refusal keeps nothing (not even the good photos of the same ZIP), names the entry by position and
masked name, and never shows a full ID number.
"""

from __future__ import annotations

import functools
import io
import stat
import zipfile

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from skillcert.assessments import photos, services
from skillcert.assessments.choices import BatchStatus
from skillcert.assessments.models import PhotoArchive
from skillcert.certificates.models import Certificate
from skillcert.certificates.printing import certificate_pdf
from skillcert.core.errors import InvalidInput, NotAllowed
from skillcert.core.models import ChangeLogEntry, Job, JobStatus
from skillcert.people.models import Holder
from tests.assessments.test_batches import good_rows, results_csv
from tests.documents.helpers import photo
from tests.factories import valid_id

pytestmark = pytest.mark.django_db
ORANGE = (240, 120, 10)
BLUE = (20, 60, 200)


def make_zip(entries, compression=zipfile.ZIP_STORED):
    """A ZIP of (name or ZipInfo, bytes) entries, in this order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def checked(batch, operator):
    """The fixture batch with three candidates who all pass; returns (batch, their ID numbers)."""
    rows = good_rows(3)
    services.upload_results(batch=batch, actor=operator, filename="r.csv", data=results_csv(rows))
    batch.refresh_from_db()
    return batch, [row[3] for row in rows]


@pytest.fixture
def client_for(operator):
    client = Client()
    client.force_login(operator)
    return client


@pytest.fixture
def post_zip(django_capture_on_commit_callbacks):
    """Upload a ZIP through the batch page; its check (a job) runs when the request's transaction commits."""

    def post(client, batch, data, name="photos.zip"):
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post(f"/assessments/{batch.public_id}/photos/", {"archive": SimpleUploadedFile(name, data)})
        assert answer.status_code == 302
        return answer

    return post


def issue(batch, client, capture):
    with capture(execute=True):
        client.post(
            f"/assessments/{batch.public_id}/commit/",
            {"confirm": "yes", "file": batch.latest_file.public_id, "count": str(batch.rows_passed)},
        )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED


def pdf_images(pdf: bytes) -> list[Image.Image]:
    return [image.image for image in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images]


def dominant(image: Image.Image) -> tuple[int, int, int]:
    rgb = image.convert("RGB")
    return rgb.getpixel((rgb.width // 2, rgb.height // 2))  # type: ignore[return-value]


def close(colour, expected, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def test_a_good_zip_keeps_the_photos_encrypted_and_the_review_shows_who_has_one(checked, client_for, post_zip):
    batch, numbers = checked
    data = make_zip([(f"{numbers[0]}.jpg", photo(rgb=ORANGE)), (f"{numbers[1].lower()}.PNG", photo(fmt="PNG"))])
    answer = post_zip(client_for, batch, data)
    archive = PhotoArchive.objects.get(batch=batch)
    assert (archive.entries, archive.photos_saved, archive.errors) == (2, 2, [])
    kept = list(photos.staging_dir(batch.public_id).glob("*.bin"))
    assert len(kept) == 2
    for path in kept:
        stored = path.read_bytes()
        assert not stored.startswith(b"\xff\xd8") and b"PNG" not in stored[:16]  # encrypted at rest
        assert all(number not in path.name for number in numbers)  # named by keyed hash, not by ID number
    batch_page = client_for.get(answer["Location"]).content.decode()
    assert "photos.zip：已保存 2 张照片" in batch_page and "本批次已保存 2 张照片" in batch_page
    assert not list(photos.staging_dir(batch.public_id).parent.glob(".zips/*"))  # the uploaded ZIP is not kept
    review = client_for.get(f"/assessments/{batch.public_id}/review/").content.decode()
    cells = review.split('data-testid="photo">')[1:]
    assert [cell.split("<")[0] for cell in cells] == ["有", "有", "无"]
    assert "3 本中的 2 本" in review
    assert "1 本证书没有照片，将显示剪影。仍可颁发" in review
    assert all(number not in review for number in numbers)


def test_issued_certificates_carry_the_uploaded_photo_and_the_rest_a_silhouette(
    checked, client_for, django_capture_on_commit_callbacks, post_zip
):
    batch, numbers = checked
    post_zip(client_for, batch, make_zip([(f"{numbers[0]}.jpg", photo(rgb=ORANGE))]))
    issue(batch, client_for, django_capture_on_commit_callbacks)
    with_photo = Certificate.objects.get(batch_id=batch.public_id, holder_name="王芳")
    without = Certificate.objects.get(batch_id=batch.public_id, holder_name="李强")
    assert with_photo.holder.photo and not without.holder.photo
    images = pdf_images(certificate_pdf(with_photo))
    assert any(close(dominant(image), ORANGE) for image in images)
    assert not any(close(dominant(image), ORANGE) for image in pdf_images(certificate_pdf(without)))
    assert not photos.staging_dir(batch.public_id).exists()  # the kept copies are gone once the holders have theirs
    logged = ChangeLogEntry.objects.get(object_id=with_photo.holder.public_id, action="people.holder.set_photo")
    assert batch.public_id in logged.reason and logged.after["photo"] is True


def test_a_photo_already_on_record_is_kept_and_shown_in_the_review(
    checked, operator, client_for, django_capture_on_commit_callbacks, post_zip
):
    from skillcert.people.services import register_holder

    batch, numbers = checked
    holder = register_holder(name="王芳", id_type="resident_id", id_number=numbers[0], photo=photo(rgb=BLUE))
    before = holder.photo.name
    post_zip(client_for, batch, make_zip([(f"{numbers[0]}.jpg", photo(rgb=ORANGE))]))
    review = client_for.get(f"/assessments/{batch.public_id}/review/").content.decode()
    assert "有（已登记）" in review and "3 本中的 1 本" in review
    issue(batch, client_for, django_capture_on_commit_callbacks)
    holder.refresh_from_db()
    assert holder.photo.name == before


@functools.cache
def pixel_bomb() -> bytes:
    bomb = io.BytesIO()
    Image.new("1", (30000, 30000)).save(bomb, "PNG")  # a few kB, 900 megapixels decoded
    return bomb.getvalue()


def link_to(name):
    link = zipfile.ZipInfo(name)
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    return link


BAD_ENTRIES = {  # each bad entry, given the candidates' numbers; the expected words of the refusal
    "folder": (lambda n: ("photos/", b""), "文件夹"),
    "path": (lambda n: (f"photos/{n[1]}.jpg", photo()), "路径"),
    "parent path": (lambda n: (f"../{n[1]}.jpg", photo()), "路径"),
    "link": (lambda n: (link_to(f"{n[1]}.jpg"), b"/etc/passwd"), "链接"),
    "not an ID": (lambda n: ("张三.jpg", photo()), "不是证件号码"),
    "not in the batch": (lambda n: (f"{valid_id('51010719800101999')}.jpg", photo()), "没有该证件号码的考生"),
    "other format": (lambda n: (f"{n[1]}.gif", photo()), ".jpg"),
    "second photo": (lambda n: (f"{n[0]}.png", photo(fmt="PNG")), "第二张照片"),
    "landscape": (lambda n: (f"{n[1]}.jpg", photo(size=(400, 300))), "竖版"),
    "too small": (lambda n: (f"{n[1]}.jpg", photo(size=(80, 120))), "100×100"),
    "not an image": (lambda n: (f"{n[1]}.jpg", b"%PDF-1.4 not a photo"), "JPEG"),
    "over 2 MB": (lambda n: (f"{n[1]}.jpg", photo() + b"\0" * (2 * 1024 * 1024)), "2 MB"),
    "pixel bomb": (lambda n: (f"{n[1]}.png", pixel_bomb()), "4000×4000"),
}


def test_an_encrypted_entry_is_refused(checked, client_for, post_zip):
    batch, numbers = checked
    data = bytearray(make_zip([(f"{numbers[0]}.jpg", photo())]))
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local header and central directory
        start = data.index(signature)
        data[start + flag_at] |= 0x1  # "encrypted" (zipfile writes no encryption itself)
    post_zip(client_for, batch, bytes(data))
    archive = PhotoArchive.objects.get(batch=batch)
    assert "加密" in archive.errors[0]["message"] and photos.staged_hashes(batch.public_id) == set()


@pytest.mark.parametrize("case", list(BAD_ENTRIES))
def test_each_bad_entry_refuses_the_whole_zip_naming_it_by_position_and_masked_name(
    checked, client_for, case, post_zip
):
    batch, numbers = checked
    make_entry, words = BAD_ENTRIES[case]
    entry = make_entry(numbers)
    data = make_zip([(f"{numbers[0]}.jpg", photo()), entry])
    answer = post_zip(client_for, batch, data)
    archive = PhotoArchive.objects.get(batch=batch)
    assert archive.photos_saved == 0 and len(archive.errors) == 1
    error = archive.errors[0]
    assert error["entry"] == 2 and words in error["message"], error
    assert photos.staged_hashes(batch.public_id) == set()  # not even the good photo was kept
    assert not ChangeLogEntry.objects.filter(action="assessments.batch.upload_photos").exists()
    page = client_for.get(answer["Location"]).content.decode()
    assert "photos.zip 未被接受，其中的照片均未保存" in page and 'data-testid="photo-errors"' in page
    assert all(number not in page and number not in str(archive.errors) for number in numbers)


def test_a_bomb_entry_is_refused_by_its_compression_ratio_without_being_unpacked(checked, client_for, post_zip):
    batch, numbers = checked
    data = make_zip([(f"{numbers[0]}.jpg", b"\0" * (1024 * 1024))], compression=zipfile.ZIP_DEFLATED)
    assert len(data) < 20 * 1024
    post_zip(client_for, batch, data)
    assert "压缩率" in PhotoArchive.objects.get(batch=batch).errors[0]["message"]


def test_the_error_report_masks_the_id_number_in_the_entry_name(checked, operator):
    batch, _numbers = checked
    stranger = valid_id("51010719800101999")
    archive = services.upload_photos(
        batch=batch, actor=operator, filename="p.zip", data=make_zip([(f"{stranger}.jpg", photo())])
    )
    assert archive.errors == [
        {"entry": 1, "name": stranger[:3] + "*" * 11 + stranger[-4:] + ".jpg", "message": archive.errors[0]["message"]}
    ]


@pytest.mark.parametrize(
    ("data", "limit", "words"),
    [
        (b"PK\x03\x04 not really a zip", None, "不是可读取的 ZIP"),
        (make_zip([]), None, "空的"),
        (make_zip([(f"{n}.jpg", b"") for n in ("a", "b", "c")]), ("MAX_ENTRIES", 2), "最多 2 张照片"),
        (make_zip([("a.jpg", b"x" * 4096)]), ("MAX_UNPACKED_BYTES", 1024), "解压后超过"),
    ],
)
def test_a_zip_refused_as_a_whole_records_nothing(checked, operator, monkeypatch, data, limit, words):
    batch, _numbers = checked
    if limit:
        monkeypatch.setattr(photos, *limit)
    with pytest.raises(InvalidInput) as refused:
        services.upload_photos(batch=batch, actor=operator, filename="p.zip", data=data)
    assert words in str(refused.value.message)
    assert not PhotoArchive.objects.exists() and photos.staged_hashes(batch.public_id) == set()
    assert not list(photos.staging_dir(batch.public_id).parent.glob(".pending-*"))


def test_refusals_are_in_english_when_the_language_is_english(checked, operator):
    from django.utils import translation

    batch, _numbers = checked
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        services.upload_photos(batch=batch, actor=operator, filename="p.zip", data=make_zip([]))
    assert refused.value.message == "The ZIP archive is empty."
    with translation.override("en"):
        archive = services.upload_photos(
            batch=batch, actor=operator, filename="p.zip", data=make_zip([("张三.jpg", photo())])
        )
    assert archive.errors[0]["message"] == "The name is not an ID number; name each photo by the candidate's ID number."


def test_a_zip_refused_as_a_whole_on_the_page_says_why_and_keeps_no_copy(checked, client_for, post_zip):
    batch, _numbers = checked
    answer = post_zip(client_for, batch, b"not a zip at all")
    job = Job.objects.get(kind="assessments.photos", subject_id=batch.public_id)
    assert job.status == JobStatus.FAILED
    page = client_for.get(answer["Location"]).content.decode()
    assert "压缩包未被接受，未保存任何照片。 照片文件不是可读取的 ZIP 压缩包。" in page
    assert not PhotoArchive.objects.exists()
    assert not list(photos.staging_dir(batch.public_id).parent.glob(".zips/*"))


def test_photos_need_the_results_first_and_end_with_the_issue(
    batch, operator, client_for, django_capture_on_commit_callbacks
):
    zip_data = make_zip([("x.jpg", photo())])
    with pytest.raises(NotAllowed) as early:
        services.upload_photos(batch=batch, actor=operator, filename="p.zip", data=zip_data)
    assert "请先上传结果文件" in str(early.value.message)
    assert "请先上传结果文件" in client_for.get(f"/assessments/{batch.public_id}/").content.decode()
    rows = good_rows(2)
    services.upload_results(batch=batch, actor=operator, filename="r.csv", data=results_csv(rows))
    batch.refresh_from_db()
    issue(batch, client_for, django_capture_on_commit_callbacks)
    with pytest.raises(NotAllowed):
        services.upload_photos(
            batch=batch, actor=operator, filename="p.zip", data=make_zip([(f"{rows[0][3]}.jpg", photo())])
        )
    assert not PhotoArchive.objects.exists()
    assert 'data-testid="photo-form"' not in client_for.get(f"/assessments/{batch.public_id}/").content.decode()


def test_a_failed_issue_leaves_no_photo_file_and_keeps_the_uploaded_photos(
    checked, client_for, monkeypatch, django_capture_on_commit_callbacks, post_zip
):
    from skillcert.assessments import jobs

    batch, numbers = checked
    post_zip(client_for, batch, make_zip([(f"{numbers[0]}.jpg", photo())]))
    stored: list[str] = []

    def attach_then_fail(**kwargs):
        services.attach_batch_photos(**kwargs)
        stored.extend(kwargs["written"])
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs, "attach_batch_photos", attach_then_fail)
    with django_capture_on_commit_callbacks(execute=True):
        client_for.post(
            f"/assessments/{batch.public_id}/commit/",
            {"confirm": "yes", "file": batch.latest_file.public_id, "count": "3"},
        )
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CHECKED and not Certificate.objects.exists()
    assert len(stored) == 1
    from django.core.files.storage import default_storage

    assert not default_storage.exists(stored[0])
    assert len(photos.staged_hashes(batch.public_id)) == 1  # ready for the next attempt
    assert not Holder.objects.exclude(photo="").exists()


def test_the_results_template_explains_the_photo_zip():
    from openpyxl import load_workbook

    from skillcert.assessments.templates import results_template

    notes = " ".join(str(row[0].value) for row in load_workbook(io.BytesIO(results_template()))["填写说明"].iter_rows())
    assert "ZIP" in notes and "证件号码命名" in notes and "510104199001011234.jpg" in notes


def test_another_institution_cannot_upload_photos_to_the_batch(checked, other_institution, centre_user):
    from skillcert.institutions.services import link_operator
    from tests.factories import make_user

    batch, numbers = checked
    stranger = make_user("other-op", "institution_operator")
    link_operator(institution=other_institution, user=stranger, actor=centre_user)
    client = Client()
    client.force_login(stranger)
    archive = SimpleUploadedFile("p.zip", make_zip([(f"{numbers[0]}.jpg", photo())]))
    answer = client.post(f"/assessments/{batch.public_id}/photos/", {"archive": archive})
    assert answer.status_code == 404
    assert not PhotoArchive.objects.exists()
