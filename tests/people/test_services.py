"""Holder services: registering (idempotent), corrections, photos, revealing, and no plain ID number stored."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.utils import translation
from PIL import Image

from skillcert.core import roles
from skillcert.core.errors import InvalidInput, NotAllowed, PermissionDenied
from skillcert.core.models import ChangeLogEntry
from skillcert.people import services
from skillcert.people.idnumbers import IdType
from skillcert.people.models import Holder, SurnameReading
from skillcert.people.protection import decrypt
from skillcert.people.selectors import find_holder, find_holders_by_name_and_id, romanise
from tests.factories import make_user

NUMBER = "11010519491231002X"  # the GB 11643 example: a woman born 31 December 1949
MAN = "510107199003071236"


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (120, 160), exif: bool = False) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # camera make
        data[0x0112] = 1  # orientation
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def register(**overrides):
    data = {"name": "张三", "id_type": IdType.RESIDENT_ID, "id_number": NUMBER}
    return services.register_holder(**{**data, **overrides})


@pytest.mark.django_db
def test_register_holder_stores_hash_encrypted_copy_and_mask_and_logs_a_redacted_snapshot():
    holder = register()
    assert holder.romanised_name == "Zhang San"
    assert holder.gender == "female"  # from the 17th digit
    assert holder.id_number_masked == "110***********002X"
    assert decrypt(holder.id_number_encrypted) == NUMBER
    assert len(holder.id_number_hash) == 64
    entry = ChangeLogEntry.objects.get(object_type="people.holder", object_id=holder.public_id)
    assert entry.action == "people.holder.register"
    assert entry.after["id_number_masked"] == "110***********002X"
    assert NUMBER not in str(entry.after)


@pytest.mark.django_db
def test_register_holder_is_idempotent_whatever_the_spelling_of_the_number():
    first = register()
    again = register(id_number=" 110105 19491231002x")
    assert again.pk == first.pk
    assert Holder.objects.count() == 1
    assert ChangeLogEntry.objects.filter(object_type="people.holder", action="people.holder.register").count() == 1
    assert find_holder(id_type=IdType.RESIDENT_ID, id_number=NUMBER) == first


@pytest.mark.django_db
def test_a_known_number_under_another_name_is_refused_and_changes_nothing():
    holder = register()
    with translation.override("zh-hans"), pytest.raises(NotAllowed) as caught:
        register(name="李四")
    assert caught.value.code == "holder_name_differs"
    assert "张三" not in str(caught.value.message)  # never tells the other name
    holder.refresh_from_db()
    assert holder.name == "张三"


@pytest.mark.django_db
def test_bad_input_is_refused_with_every_wrong_field_and_nothing_is_stored():
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as caught:
        register(name="张3", id_number="110105194912310021")
    assert set(caught.value.fields) == {"name", "id_number"}
    assert "校验位不正确" in str(caught.value.fields["id_number"][0])
    assert Holder.objects.count() == 0
    assert not ChangeLogEntry.objects.filter(object_type__startswith="people.").exists()


@pytest.mark.django_db
def test_gender_must_agree_with_the_number():
    with pytest.raises(InvalidInput) as caught:
        register(id_number=MAN, gender="female")
    assert caught.value.code == "gender_mismatch"
    assert register(id_number=MAN, gender="男").gender == "male"


@pytest.mark.django_db
def test_other_id_types_and_explicit_romanised_names():
    holder = register(name="John Smith", id_type=IdType.PASSPORT, id_number="e12345678")
    assert (holder.romanised_name, holder.gender, holder.id_number_masked) == ("John Smith", "unspecified", "E1*****78")
    rare = register(name="𠮷田", id_number=MAN)
    assert rare.romanised_name == ""  # no known reading: staff enter it by hand
    typed = register(name="𠮷祥", id_type=IdType.TAIWAN_PERMIT, id_number="12345678", romanised_name="ji  xiang")
    assert typed.romanised_name == "ji xiang"


@pytest.mark.django_db
def test_two_factor_query_needs_the_name_and_the_number():
    holder = register()
    assert find_holders_by_name_and_id("张三", "11010519491231002x") == [holder]
    assert find_holders_by_name_and_id("李四", NUMBER) == []
    assert find_holders_by_name_and_id("张三", MAN) == []
    assert find_holders_by_name_and_id("张三", "not a number") == []


@pytest.mark.django_db
def test_bulk_registration_keeps_order_reuses_rows_and_logs_each_new_holder():
    existing = register()
    inputs = [
        services.HolderInput("李四", IdType.RESIDENT_ID, MAN),
        services.HolderInput("张三", IdType.RESIDENT_ID, NUMBER.lower()),
        services.HolderInput("李四", IdType.RESIDENT_ID, MAN),
        services.HolderInput("王五", IdType.HK_MACAO_PERMIT, "H12345678"),
    ]
    holders = services.register_holders_bulk(inputs)
    assert [h.name for h in holders] == ["李四", "张三", "李四", "王五"]
    assert holders[1].pk == existing.pk and holders[0].pk == holders[2].pk
    assert Holder.objects.count() == 3
    assert ChangeLogEntry.objects.filter(action="people.holder.register").count() == 3


@pytest.mark.django_db
def test_bulk_registration_is_all_or_nothing_and_names_the_entries():
    register()
    with pytest.raises(InvalidInput) as caught:
        services.register_holders_bulk(
            [
                services.HolderInput("李四", IdType.RESIDENT_ID, MAN),
                services.HolderInput("王五", IdType.RESIDENT_ID, "110105194912310021"),
            ]
        )
    assert list(caught.value.fields) == ["holder_2"]
    with pytest.raises(InvalidInput) as conflict:
        services.register_holders_bulk(
            [
                services.HolderInput("李四", IdType.RESIDENT_ID, MAN),
                services.HolderInput("赵六", IdType.RESIDENT_ID, MAN),
            ]
        )
    assert list(conflict.value.fields) == ["holder_2"]
    assert Holder.objects.count() == 1


@pytest.mark.django_db
def test_photo_is_stored_without_metadata_under_a_random_name():
    holder = register(photo=image_bytes("JPEG", exif=True))
    holder.refresh_from_db()
    assert holder.photo.name.startswith(f"people/photos/{holder.public_id}")
    stored = Image.open(holder.photo.open("rb"))
    assert stored.format == "JPEG" and stored.size == (120, 160)
    assert 0x010F not in stored.getexif()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (image_bytes(size=(80, 160)), "100×100"),
        (image_bytes("GIF"), "JPEG 或 PNG"),
        (b"not an image at all", "无法读取"),
        (b"\xff" * (2 * 1024 * 1024 + 1), "2 MB"),
    ],
)
@pytest.mark.django_db
def test_bad_photos_are_refused_with_a_clear_message(data, words):
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as caught:
        register(photo=data)
    assert words in str(caught.value.message)
    assert Holder.objects.count() == 0


@pytest.mark.django_db
def test_correct_holder_needs_the_capability_and_a_reason_and_is_logged(centre_user):
    holder = register()
    operator = make_user("op", roles.INSTITUTION_OPERATOR)
    with pytest.raises(PermissionDenied):
        services.correct_holder(holder=holder, actor=operator, reason="改名", name="张叁")
    with pytest.raises(InvalidInput):
        services.correct_holder(holder=holder, actor=centre_user, reason=" ", name="张叁")
    services.correct_holder(holder=holder, actor=centre_user, reason="户籍改名，见公安证明", name="单叁")
    holder.refresh_from_db()
    assert (holder.name, holder.romanised_name) == ("单叁", "Shan San")
    entry = ChangeLogEntry.objects.get(object_id=holder.public_id, action="people.holder.correct")
    assert (entry.before["name"], entry.after["name"], entry.actor) == ("张三", "单叁", centre_user)
    assert entry.reason == "户籍改名，见公安证明"
    with pytest.raises(NotAllowed):
        services.correct_holder(holder=holder, actor=centre_user, reason="again", name="单叁")


@pytest.mark.django_db
def test_reveal_needs_view_personal_data_and_every_reveal_is_logged_with_its_reason(centre_user):
    holder = register()
    for role in (roles.INSTITUTION_OPERATOR, roles.CITY_BUREAU, roles.INSPECTOR):
        with pytest.raises(PermissionDenied):
            services.reveal_id_number(holder=holder, user=make_user(f"u-{role}", role), reason="curious")
    with pytest.raises(InvalidInput):
        services.reveal_id_number(holder=holder, user=centre_user, reason="")
    assert not ChangeLogEntry.objects.filter(action="people.holder.reveal_id_number").exists()
    assert services.reveal_id_number(holder=holder, user=centre_user, reason="投诉核查 2026-17") == NUMBER
    entry = ChangeLogEntry.objects.get(action="people.holder.reveal_id_number")
    assert (entry.actor, entry.reason, entry.object_id) == (centre_user, "投诉核查 2026-17", holder.public_id)
    assert NUMBER not in str(entry.after)


@pytest.mark.django_db
def test_surname_readings_kept_by_staff_override_the_file_and_are_logged(centre_user):
    with pytest.raises(PermissionDenied):
        services.set_surname_reading(surname="覃", reading="tan", actor=make_user("c", roles.CITY_BUREAU))
    with pytest.raises(InvalidInput):
        services.set_surname_reading(surname="覃", reading="tán1", actor=centre_user)
    services.set_surname_reading(surname="覃", reading="Tan", note="本人要求", actor=centre_user)
    assert SurnameReading.objects.get().reading == "tan"
    assert romanise("覃明") == "Tan Ming"
    assert register(name="覃明").romanised_name == "Tan Ming"
    services.remove_surname_reading(surname="覃", actor=centre_user)
    assert romanise("覃明") == "Qin Ming"
    actions = list(ChangeLogEntry.objects.filter(object_type="people.surnamereading").values_list("action", flat=True))
    assert sorted(actions) == ["people.surname_reading.remove", "people.surname_reading.set"]


@pytest.mark.django_db
def test_reencrypting_after_a_key_rotation_keeps_every_number_readable(settings):
    from cryptography.fernet import Fernet

    holder = register()
    settings.PII_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.PII_ENCRYPTION_KEYS]
    assert services.reencrypt_id_numbers() == 1
    settings.PII_ENCRYPTION_KEYS = settings.PII_ENCRYPTION_KEYS[:1]  # the old key is retired
    holder.refresh_from_db()
    assert decrypt(holder.id_number_encrypted) == NUMBER


def all_text_in(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from models)
        return "\n".join(str(value) for row in cursor.fetchall() for value in row if value is not None)


@pytest.mark.django_db
def test_no_plain_id_number_anywhere_in_the_database(centre_user):
    numbers = {
        IdType.RESIDENT_ID: NUMBER,
        IdType.HMT_RESIDENCE_PERMIT: "810000199408230021",
        IdType.FOREIGN_PERMANENT_RESIDENT: "911036198506130012",
        IdType.PASSPORT: "EA1234567",
    }
    holders = [
        register(name=f"张{n}", id_type=t, id_number=v) for n, (t, v) in zip("一二三四", numbers.items(), strict=True)
    ]
    services.register_holders_bulk([services.HolderInput("李四", IdType.HK_MACAO_PERMIT, "M87654321")])
    services.correct_holder(holder=holders[0], actor=centre_user, reason="更正", name="张三")
    services.reveal_id_number(holder=holders[0], user=centre_user, reason="核查")
    text = all_text_in(Holder._meta.db_table) + all_text_in(ChangeLogEntry._meta.db_table)
    for number in [*numbers.values(), "M87654321"]:
        assert number not in text
        assert number[:-1] not in text  # not even without its check character
