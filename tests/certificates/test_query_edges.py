"""Edges of the public query: names compared as printed, the number forgiven in case and spaces in both queries,
the holder page's order and the lookup by public id.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
import time_machine
from django.core.cache import cache

from skillcert.certificates import services
from skillcert.certificates.selectors import (
    SPECIAL_QUERY_TYPES,
    certificates_of_holder,
    get_by_public_id,
    normalise_name,
    query_by_name_and_id,
    query_by_number_and_name,
)
from tests.factories import CertificateFactory, IssueSpecFactory, make_bureau, valid_id

pytestmark = pytest.mark.django_db
ID = valid_id("51010719900307123")
DOTTED_ID = valid_id("51010719920512004")
NAMESAKE_ID = valid_id("51010719850101001")


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()


def issue(holder, institution, operator, *, level: int = 3, issued_on: dt.date = dt.date(2026, 5, 20)):
    return CertificateFactory(
        holder=holder, issued_on=issued_on, job_type="手工电弧焊", level=level, institution=institution, actor=operator
    )


@pytest.fixture
def dotted_holder(db):
    from skillcert.people.services import register_holder

    return register_holder(name="阿依古丽·买买提", id_type="resident_id", id_number=DOTTED_ID, gender="female")


@pytest.mark.parametrize("dot", ["・", "•", "．", ".", "·"])
def test_every_kind_of_middle_dot_reads_as_the_same_name(dot):
    assert normalise_name(f"阿依古丽{dot}买买提") == "阿依古丽·买买提"


def test_spaces_anywhere_are_ignored_and_nothing_else_changes():
    assert normalise_name(" 张 三\u3000\t") == "张三"
    assert normalise_name("张三") == "张三"
    assert normalise_name("") == "" and normalise_name(None) == ""  # type: ignore[arg-type]


def test_names_are_compared_in_composed_form():
    assert normalise_name(unicodedata.normalize("NFD", "Zoé")) == "Zoé"


@pytest.mark.parametrize(
    "typed", ["阿依古丽・买买提", "阿依古丽•买买提", "阿依古丽．买买提", "阿依古丽.买买提", "阿依古丽 · 买买提"]
)
def test_the_number_query_accepts_the_name_with_any_middle_dot(dotted_holder, institution, operator, typed):
    certificate = issue(dotted_holder, institution, operator)
    assert query_by_number_and_name(certificate_number=certificate.number, name=typed) == [certificate]


def test_the_number_query_still_needs_the_letters_of_the_name(dotted_holder, institution, operator):
    certificate = issue(dotted_holder, institution, operator)
    assert query_by_number_and_name(certificate_number=certificate.number, name="阿依古丽·买买") == []


def test_the_id_query_forgives_case_and_spaces_around_the_number(holder, institution, operator):
    first, second = issue(holder, institution, operator, level=3), issue(holder, institution, operator, level=4)
    typed = f"  {second.number.lower()}\t"
    assert query_by_name_and_id(name="张三", id_number=ID, certificate_number=typed) == [second]
    assert first not in query_by_name_and_id(name="张三", id_number=ID, certificate_number=typed)


def test_the_id_query_finds_nothing_for_a_name_not_printed_on_the_certificate(holder, institution, operator):
    issue(holder, institution, operator)
    assert query_by_name_and_id(name="张四", id_number=ID) == []
    assert query_by_name_and_id(name="张三", id_number=valid_id("51010719900307124")) == []


def test_the_holder_page_lists_newest_first_then_by_number(holder, institution, operator):
    older = issue(holder, institution, operator, level=3, issued_on=dt.date(2026, 5, 10))  # the lowest number
    same_day = [issue(holder, institution, operator, level=level) for level in (5, 4)]
    listed = list(certificates_of_holder(holder.pk))
    assert listed == [*sorted(same_day, key=lambda c: c.number), older]


def test_the_holder_page_shows_only_that_holders_certificates(holder, dotted_holder, institution, operator):
    own = issue(holder, institution, operator)
    issue(dotted_holder, institution, operator)
    assert list(certificates_of_holder(holder.pk)) == [own]


def test_a_certificate_is_found_by_its_public_id_and_only_by_it(holder, institution, operator):
    certificate = issue(holder, institution, operator)
    found = get_by_public_id(certificate.public_id)
    assert found == certificate and found.holder == holder and found.institution == institution
    assert get_by_public_id(certificate.public_id[:-1]) is None
    assert get_by_public_id("") is None


@pytest.fixture
def special(holder, reference):
    """A 专项职业能力证书 of the same holder, issued by the city bureau for one of its projects."""
    from skillcert.catalog.models import Region, SpecialAbilityProject

    chengdu = Region.objects.get(code="510100")
    project = SpecialAbilityProject.objects.create(
        code="S510100-ZX-0099", name="川菜烹饪（回锅肉制作）", content="刀工、火候、调味", assessment_method="实际操作",
        publisher="成都市人力资源和社会保障局", region=chengdu, published_on=dt.date(2024, 1, 1),
    )  # fmt: skip
    spec = IssueSpecFactory(
        special_ability=True,
        holder=holder,
        issued_on=dt.date(2026, 5, 20),
        project=project,
        region=chengdu,
        issuer_name="成都市人力资源和社会保障局",
    )
    return services.issue_certificate(spec=spec, actor=make_bureau("chengdu-bureau", "510100"))


def test_a_namesake_with_another_id_number_never_shows_up(holder, institution, operator):
    from skillcert.people.services import register_holder

    namesake = register_holder(name="张三", id_type="resident_id", id_number=NAMESAKE_ID, gender="male")
    own, theirs = issue(holder, institution, operator), issue(namesake, institution, operator, level=4)
    assert query_by_name_and_id(name="张三", id_number=ID) == [own]
    assert query_by_name_and_id(name="张三", id_number=NAMESAKE_ID) == [theirs]


def test_each_query_answers_only_its_own_certificate_types(holder, institution, operator, special):
    skill = issue(holder, institution, operator)
    assert query_by_name_and_id(name="张三", id_number=ID) == [skill]
    assert query_by_name_and_id(name="张三", id_number=ID, types=SPECIAL_QUERY_TYPES) == [special]
    assert query_by_number_and_name(certificate_number=special.number, name="张三") == []
    assert query_by_number_and_name(certificate_number=special.number, name="张三", types=SPECIAL_QUERY_TYPES) == [
        special
    ]
    assert query_by_number_and_name(certificate_number=skill.number, name="张三", types=SPECIAL_QUERY_TYPES) == []


def test_the_holder_page_reads_every_certificate_with_its_relations_in_one_query(
    holder, institution, operator, special, django_assert_num_queries
):
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        first = issue(holder, institution, operator)
        services.reissue_certificate(certificate=first, reason="姓名更正", actor=operator)
    with django_assert_num_queries(1):
        rows = [
            (
                c.holder.name,
                c.institution and c.institution.name,
                c.project and c.project.name,
                c.region.name,
                c.superseded_by and c.superseded_by.number,
            )
            for c in certificates_of_holder(holder.pk)
        ]
    assert len(rows) == 3 and sum(1 for row in rows if row[4]) == 1
