"""The claim-checker corpus: realistic texts with the findings they should (and are known not to) produce.

Each ``corpus/*.txt`` starts with ``# expect: rule rule …`` (``-`` for none), optionally
``# miss: rule …`` (claims a person would flag that the checker is known to miss; they count
against recall in ``make bench``) and ``# blind: batch N`` (written before that round of rules
ran on it: batch 1's first pass found 1 of 8 wanted findings and the rules were widened from it;
batch 2 was not used to change any rule, so its figures estimate unseen wording honestly).
``{{WELDER_CERT}}`` stands for the number of a certificate issued in :func:`build_world`.
Files named ``s*`` are suspicious, ``l*`` legitimate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.factories import IssueSpecFactory

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"


@dataclass(frozen=True)
class Sample:
    name: str
    text: str
    expect: frozenset[str]
    miss: frozenset[str]
    blind: str = ""  # "batch 1", "batch 2": written before the rules (of that round) ran on it


def _codes(line: str) -> frozenset[str]:
    return frozenset(code for code in line.split(":", 1)[1].split() if code != "-")


def load_corpus(placeholders: dict[str, str]) -> list[Sample]:
    samples = []
    for path in sorted(CORPUS_DIR.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        header = [line for line in lines if line.startswith("# ")]
        body = "\n".join(line for line in lines if not line.startswith("# "))
        for key, value in placeholders.items():
            body = body.replace("{{" + key + "}}", value)
        expect = next(_codes(h) for h in header if h.startswith("# expect:"))
        miss = next((_codes(h) for h in header if h.startswith("# miss:")), frozenset())
        blind = next(
            (h.split(":", 1)[1].split(";")[0].split(",")[0].strip() for h in header if h.startswith("# blind:")), ""
        )
        samples.append(Sample(path.stem, body, expect, miss, blind))
    return samples


def _institution(centre: Any, name: str, serial: int, scope: list[tuple[str, tuple[int, ...]]]) -> Any:
    from skillcert.institutions.services import set_scope_row
    from tests.factories import make_institution

    first_code, first_levels = scope[0]
    institution = make_institution(centre, name=name, serial=serial, occupation=first_code, levels=first_levels)
    for code, levels in scope[1:]:
        set_scope_row(
            institution=institution,
            occupation_code=code,
            levels=levels,
            valid_from=dt.date(2020, 1, 1),
            valid_until=None,
            reason="备案范围",
            actor=centre,
        )
    return institution


def build_world(centre: Any) -> dict[str, str]:
    """The directory and register the corpus refers to; returns the placeholders."""
    from skillcert.certificates.services import issue_certificate
    from skillcert.institutions.services import suspend_institution
    from skillcert.people.services import register_holder
    from tests.factories import valid_id

    tianfu = _institution(
        centre, "四川天府焊接技能评价中心", 701, [("6-18-02-04", (3, 4, 5)), ("4-10-01-05", (3, 4, 5))]
    )
    _institution(centre, "成都锦城烹饪技能评价中心", 702, [("4-03-02-01", (2, 3, 4, 5))])
    _institution(centre, "乐山嘉州茶艺职业技能评价中心", 703, [("4-03-02-07", (4, 5))])
    mianyang = _institution(centre, "绵阳科创职业技能评价中心", 704, [("4-01-06-01", (4, 5))])
    suspend_institution(institution=mianyang, reason="质量调研检查发现考评记录缺失", actor=centre)
    holder = register_holder(
        name="王小川", id_type="resident_id", id_number=valid_id("51010719920101123"), gender="male"
    )
    certificate = issue_certificate(spec=IssueSpecFactory(holder=holder, institution=tianfu))
    return {"WELDER_CERT": certificate.number}


def score(samples: list[Sample], found: dict[str, set[str]]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) over rule codes per text; misses count as negatives."""
    tp = fp = fn = 0
    for sample in samples:
        wanted = set(sample.expect | sample.miss)
        got = found[sample.name]
        tp += len(wanted & got)
        fp += len(got - wanted)
        fn += len(wanted - got)
    return tp, fp, fn
