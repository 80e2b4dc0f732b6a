"""Catalogue search: exact code and name first, then name prefix, other names, substring; former names found."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from skillcert.catalog.loaders import ReferenceDataError, load_aliases
from skillcert.catalog.models import Occupation, OccupationAlias
from skillcert.catalog.selectors import Match, search_occupations

pytestmark = pytest.mark.usefixtures("reference")


def page_codes(query: str) -> list[str]:
    """The occupation codes of the first results page, in the order a visitor sees them."""
    html = Client().get("/catalog/", {"q": query}).content.decode()
    return re.findall(r'<td class="mono">([^<]+)</td>', html)


def api_codes(query: str, **params: str) -> list[str]:
    body = Client().get("/api/v1/catalog/occupations", {"q": query, **params}).json()
    return [item["code"] for item in body["items"]]


def test_the_occupation_named_exactly_comes_first():
    assert page_codes("电工")[0] == "6-31-01-03"
    assert api_codes("电工")[0] == "6-31-01-03"
    assert page_codes("焊工")[:2] == ["6-18-02-04", "6-18-03-04"]  # 焊工 before 喷涂喷焊工


def test_exact_name_then_prefix_then_substring_each_in_code_order():
    codes = page_codes("电工")
    assert codes[:3] == ["6-31-01-03", "2-02-11-01", "6-24-03-04"]  # 电工, then 电工电器…, 电工合金… (prefix)
    assert codes.index("2-02-12-01") > codes.index("6-24-03-04")  # 发电工程技术人员 only contains it
    hits = search_occupations("电工")[0:50]
    ranks = [Match[h.match.upper()] for h in hits]
    assert ranks == sorted(ranks)
    for tier in set(ranks):
        same = [h.code for h, r in zip(hits, ranks, strict=True) if r == tier]
        assert same == sorted(same)


def test_an_exact_code_comes_before_the_codes_under_it():
    assert page_codes("6-18-02")[0] == "6-18-02"
    assert api_codes("GBM62403") == ["6-24-03"]


def test_an_alias_comes_after_name_prefixes_and_before_substrings():
    OccupationAlias.objects.create(
        occupation=Occupation.objects.get(code="6-31-01-01"),
        name="老电工",
        kind="alias",
        source_title="测试来源",
        source_year=2020,
        verified=False,
        unverified_reason="测试",
    )
    codes = page_codes("电工")
    assert codes.index("6-24-03-04") < codes.index("6-31-01-01") < codes.index("2-02-12-01")
    html = Client().get("/catalog/", {"q": "电工"}).content.decode()
    assert "又称：老电工（来源：测试来源，2020年）" in html
    assert html.count('data-testid="alias-note"') == 1  # a result found by its own name has no note


def test_a_former_name_finds_the_current_occupation_and_says_so():
    html = Client().get("/catalog/", {"q": "育婴员"}).content.decode()
    assert page_codes("育婴员") == ["4-10-01-01"]
    assert "婴幼儿发展引导员" in html
    assert "曾用名：育婴员（来源：《婴幼儿发展引导员国家职业技能标准（2021年版）》" in html
    assert "未核实" in alias_note(html)  # no source states the rename in so many words
    english = Client(headers={"Accept-Language": "en"})
    english.post("/i18n/setlang/", {"language": "en", "next": "/catalog/"})
    assert "Former name: 育婴员 (source: " in english.get("/catalog/", {"q": "育婴员"}).content.decode()


def alias_note(html: str) -> str:
    found = re.search(r'<p class="alias-note" data-testid="alias-note">.*?</p>', html, re.S)
    assert found, "no alias note"
    return found.group(0)


def test_a_sourced_job_type_is_not_marked_unverified():
    html = Client().get("/catalog/", {"q": "直播销售员"}).content.decode()
    assert page_codes("直播销售员") == ["4-01-06-02"]
    assert "工种：直播销售员（来源：" in alias_note(html)
    assert "未核实" not in alias_note(html)


def test_the_api_gives_the_same_order_and_the_alias_with_its_source():
    for query in ("电工", "焊工", "6-18-02", "育婴员", "主播"):
        assert api_codes(query) == page_codes(query), query
    body = Client().get("/api/v1/catalog/occupations", {"q": "育婴员"}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["code"], item["match"]) == ("4-10-01-01", "alias")
    alias = item["matched_alias"]
    assert (alias["name"], alias["kind"], alias["source_year"], alias["verified"]) == (
        "育婴员",
        "former_name",
        2021,
        False,
    )
    assert alias["source_url"].startswith("https://") and alias["unverified_reason"]
    assert Client().get("/api/v1/catalog/occupations", {"q": "电工"}).json()["items"][0]["matched_alias"] is None


def test_api_paging_follows_the_ranking():
    everything = api_codes("工", limit="100")
    assert api_codes("工", offset="50", limit="10") == everything[50:60]
    assert Client().get("/api/v1/catalog/occupations", {"q": "工"}).json()["count"] == len(search_occupations("工"))


def test_the_api_count_is_exact_whether_the_page_is_full_or_not():
    cases = [("电工", {}), ("电工", {"limit": "9"}), ("电工", {"limit": "3"}), ("电工", {"offset": "20"})]
    cases += [("工", {}), ("工", {"offset": str(len(search_occupations("工")) - 5)}), ("焊工", {"offset": "1"})]
    for query, params in cases:
        body = Client().get("/api/v1/catalog/occupations", {"q": query, **params}).json()
        assert body["count"] == len(search_occupations(query)), (query, params)


def test_a_blank_query_finds_nothing():
    assert Client().get("/api/v1/catalog/occupations", {"q": "   "}).json() == {"count": 0, "items": []}


def test_new_occupations_rank_with_the_rest():
    assert page_codes("网络主播")[0] == "N6-15"  # a new occupation named exactly comes first
    assert api_codes("N6-05")[0] == "4-04-05-13"  # its former project code still finds it


def test_loading_aliases_twice_changes_nothing_and_a_removed_row_disappears(tmp_path, monkeypatch):
    assert load_aliases() == 0
    from skillcert.catalog import loaders

    source = loaders.DATA_DIR / "occupation_aliases.csv"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "occupation_aliases.csv").write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")
    monkeypatch.setattr(loaders, "DATA_DIR", tmp_path)
    assert load_aliases() == 1
    assert not OccupationAlias.objects.filter(name="育婴员").exists()
    assert page_codes("育婴员") == []


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda text: text.replace("4-10-01-01,育婴员", "4-10-01-99,育婴员"), "is not an occupation of the 大典"),
        (lambda text: text.replace("4-10-01-01,育婴员", "4-10-01-01,婴幼儿发展引导员"), "other than the occupation"),
        (lambda text: text.replace(",former_name,", ",nickname,", 1), "kind must be one of"),
        (lambda text: text.replace("（2021-12-03报道）,2020,", "（2021-12-03报道）,二〇二〇,"), "four digits"),
        (lambda text: re.sub(r",no,[^\n]*\n", ",no,\n", text, count=1), "needs its reason"),
    ],
)
def test_an_inconsistent_alias_row_stops_the_load_and_changes_nothing(tmp_path, monkeypatch, edit, message):
    from skillcert.catalog import loaders

    source = loaders.DATA_DIR / "occupation_aliases.csv"
    (tmp_path / "occupation_aliases.csv").write_text(edit(source.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(loaders, "DATA_DIR", tmp_path)
    before = list(OccupationAlias.objects.values_list("name", "occupation__code", "verified"))
    with pytest.raises(ReferenceDataError) as caught:
        load_aliases()
    assert message in str(caught.value)
    assert list(OccupationAlias.objects.values_list("name", "occupation__code", "verified")) == before


def test_the_occupation_page_lists_its_other_names_with_their_sources():
    html = Client().get("/catalog/4-10-01-01/").content.decode()
    assert 'data-testid="other-names"' in html
    assert "曾用名：育婴员（来源：" in alias_note(html) and "未核实" in alias_note(html)
    assert 'data-testid="other-names"' not in Client().get("/catalog/6-18-02-04/").content.decode()
