"""The claim checker (骗证识别, ): each rule carries the words of the notice it enforces.

:func:`check_text` reads an advertisement, a course page or a certificate's text and returns
findings: where in the text, which rule, why (in the active language) and the notice's own words
(quoted in Chinese). Rules that need the registry ask the catalogue
(:func:`skillcert.catalog.rules.certificate_types_for`), the institution directory
(:func:`skillcert.institutions.selectors.may_issue`) and the certificate register.
Warnings against a practice ("谨防包过骗局") are not findings: a rule's words preceded by a
negation in the same clause are skipped.

Real qualifications of the 国家职业资格目录（2021年版）are never a finding by themselves: a
"资格证" word that is part of (or right after) a catalogue qualification's name — 社会工作者职业资格,
导游资格证, 拍卖师资格证, 翻译专业资格 — is not a claim about another occupation, and a ministry
named in the same sentence as a professional-technical qualification is its implementing
department (those certificates carry the ministries' seals), not a false use of authority.

Certificate numbers: the checker is not a bulk look-up. It checks at most
:data:`MAX_NUMBERS_CHECKED` distinct numbers per text (the rest are listed as not
checked), the caller counts each checked number as one public certificate query
(:func:`numbers_to_check`), and it says only whether a number is in the register
and whether its form fits the certificate the text claims, never its status.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.supervision.choices import Category
from skillcert.supervision.matcher import Match, NameMatcher

MAX_TEXT_CHARS = 10_000
MAX_NUMBERS_CHECKED = 5

NOTICE_QUALIFICATION = "如遇宣称可以考取目录以外职业（工种）职业资格证书的，请务必谨慎辨别"
NOTICE_AUTHORITY = "对假借行政机关名义虚假或夸大宣传的……将联合劳动保障监察部门按有关规定严肃查处"
NOTICE_NATIONAL = "对违规使用“中国”“国家”等有关字样和标识的……将联合劳动保障监察部门按有关规定严肃查处"
NOTICE_FEES = "对增加收费项、提高收费标准等违规收费的……将联合劳动保障监察部门按有关规定严肃查处"
NOTICE_PERFUNCTORY = "对评价机构非法颁发或伪造证书、评价走过场直接发证的……将联合劳动保障监察部门按有关规定严肃查处"
NOTICE_RECORDED = (
    "由经人力资源社会保障部门备案的用人单位、技工院校和社会培训评价组织，按照国家职业技能标准或行业企业评价规范，"
    "对劳动者进行职业技能等级评价，对合格人员颁发职业技能等级证书"
)
NOTICE_SCOPE = "查阅我省已备案的企业、院校和第三方评价机构名单以及各机构备案职业（工种）和等级"
NOTICE_QUERY = "证书信息可以在人力资源社会保障部职业技能鉴定中心全国联网查询系统查询，那么你将被纳入人才统计范围"


@dataclass(frozen=True)
class Rule:
    """One rule of the checker: a stable code, a title, the notice's words and the complaint category it suggests."""

    code: str
    title: Any  # lazy translation
    notice_words: str
    category: str


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in [
        Rule(
            "qualification_outside_catalogue",
            gettext_lazy("Vocational qualification certificate promised for an occupation outside the catalogue"),
            NOTICE_QUALIFICATION,
            Category.ILLEGAL_ISSUING,
        ),
        Rule(
            "authority_name",
            gettext_lazy("An administrative authority's name used to sell"),
            NOTICE_AUTHORITY,
            Category.AUTHORITY,
        ),
        Rule(
            "national_words",
            gettext_lazy('"National", "China" or "nationwide" used to sell'),
            NOTICE_NATIONAL,
            Category.NATIONAL_WORDS,
        ),
        Rule(
            "no_real_assessment",
            gettext_lazy("Certificate without a real assessment (guaranteed pass, no exam, direct issue)"),
            NOTICE_PERFUNCTORY,
            Category.PERFUNCTORY,
        ),
        Rule(
            "certificate_lending",
            gettext_lazy("Renting out or lending certificates (挂证)"),
            NOTICE_PERFUNCTORY,
            Category.ILLEGAL_ISSUING,
        ),
        Rule("extra_fees", gettext_lazy("Fees that look like add-ons"), NOTICE_FEES, Category.FEES),
        Rule(
            "institution_not_recorded",
            gettext_lazy("Evaluation institution not in the directory of recorded institutions"),
            NOTICE_RECORDED,
            Category.ILLEGAL_ISSUING,
        ),
        Rule(
            "institution_not_active",
            gettext_lazy("Evaluation institution suspended, revoked or expired"),
            NOTICE_RECORDED,
            Category.ILLEGAL_ISSUING,
        ),
        Rule(
            "institution_outside_scope",
            gettext_lazy("Occupation or level outside the institution's recorded scope"),
            NOTICE_SCOPE,
            Category.ILLEGAL_ISSUING,
        ),
        Rule(
            "certificate_not_found",
            gettext_lazy("Certificate number not in the register"),
            NOTICE_QUERY,
            Category.ILLEGAL_ISSUING,
        ),
        Rule(
            "certificate_mismatch",
            gettext_lazy("Certificate number does not match what the text claims"),
            NOTICE_QUERY,
            Category.ILLEGAL_ISSUING,
        ),
    ]
}


@dataclass(frozen=True)
class Finding:
    """One suspicious claim: the rule, where it is in the text and why."""

    rule: Rule
    start: int
    end: int
    excerpt: str
    message: str
    institution_id: str = ""  # public id of a recorded institution the finding names
    certificate_number: str = ""

    @property
    def code(self) -> str:
        return self.rule.code


@dataclass
class CheckResult:
    """The text checked and its findings in text order."""

    text: str
    findings: list[Finding] = field(default_factory=list)
    unchecked_numbers: list[str] = field(default_factory=list)

    @property
    def unchecked_message(self) -> str:
        """Why some numbers were not checked (empty when every number was)."""
        if not self.unchecked_numbers:
            return ""
        return _(
            "Not checked: too many certificate numbers. Only the first %(n)s numbers of a text are checked; "
            "look the others up in the certificate query with the holder's name."
        ) % {"n": MAX_NUMBERS_CHECKED}

    def segments(self) -> list[tuple[str, int | None]]:
        """The text cut into (chunk, finding number from 1, or None) for highlighting; overlaps go to the first."""
        pieces: list[tuple[str, int | None]] = []
        position = 0
        for number, finding in enumerate(self.findings, start=1):
            if finding.start < position:
                continue
            if finding.start > position:
                pieces.append((self.text[position : finding.start], None))
            pieces.append((self.text[finding.start : finding.end], number))
            position = finding.end
        if position < len(self.text):
            pieces.append((self.text[position:], None))
        return pieces


# ---------------------------------------------------------------------------
# Word rules
# ---------------------------------------------------------------------------
NEGATION = re.compile(
    r"(?:不|无|没有|并非|严禁|禁止|杜绝|谨防|警惕|当心|小心|防范|识别|拒绝|举报|谎称|声称|宣称|号称|所谓|不存在|不承诺|凡是|任何)"
    r"[^。！？!?；;，,\n]{0,10}$"
)
CJK_NAME = r"[\u4e00-\u9fff（）()·]"
_CLAUSE = r"[^。！？!?；;，,\n]"

MINISTRIES = (
    r"人力资源(?:和|与)?社会保障部|国家人社部|人社部|教育部|国务院|国家?卫健委|卫生健康委员会|应急管理部|工信部|"
    r"工业和信息化部|中国就业培训技术指导中心"
)
AUTHORITY_PATTERNS = [
    re.compile(
        r"(?:"
        + MINISTRIES
        + r")(?!门)"
        + _CLAUSE
        + r"{0,10}?(?:颁发|颁证|发证|认证|直属|盖章|监制|统一颁|官方|授权|指导)"
    ),
    re.compile(r"(?:政府|官方|国家)(?:统一)?(?:颁发|颁证|发证|认证|监制|盖章|授权)"),
]
NATIONAL_PATTERNS = [
    re.compile(r"国家级(?!技能大师|高技能人才|重点|示范|一类|二类|非物质|非遗|专业技术人才知识更新)"),
    re.compile(r"(?:全国|国家)(?:通用|有效|认可|承认|统一(?:颁发|发证|证书|认证))"),
    re.compile(r"全国(?:范围|各地|各省|各省市|各大城市)(?:内)?(?:都|均|皆)?(?:通用|认可|能用|可用)"),
    re.compile(r"全国" + _CLAUSE + r"{1,10}?统一(?:报名|颁发|发证|认证|考试)"),
    re.compile(r"国家(?:级)?(?:职业技能等级证书|技能证书|证书)"),
    re.compile(r"中国(?!人民|共产党|特色|政府|公民)" + CJK_NAME + r"{0,8}?(?:认证中心|认证证书|职业技能证书|颁发)"),
    re.compile(r"国字头"),
]
NO_ASSESSMENT_WORDS = re.compile(
    r"包过|保过|包拿证|包通过|包取证|免考|免试|不用考试?|无需考试|无须考试|不需要考试|不参加考试|不考试|无需考核|"
    r"直接(?:发证|拿证|领证|出证|取证)|快速拿证|速成拿证|代考|替考|无需到场|不用到场|不过(?:全额)?退(?:款|费)|"
    r"考试[^。！？!?；;，,\n]{0,6}?(?:协助|代答|帮答|包办)"
)
_FEW_DAYS = r"(?:[1-9]|1[0-5]|[１-９]|[一二两三四五六七八九十]|十[一二三四五]|半)"
SPEED_PATTERNS = [
    re.compile(
        r"(?:最快|只需|仅需|只要|最短)?(?:" + _FEW_DAYS + r"(?:个工作)?(?:天|日|周|星期)|当天|当日|即时|立即|马上)"
        r"(?:内|左右)?(?:就|即|便|即可|就能|就可以|就可|可|包)?(?:拿证|下证|出证|领证|取证|办证)"
    ),
]
"""Certificates promised within days (三天拿证, 7天下证, 一周拿证): no real assessment and its recording fit in that.
Only the sellers' words (拿证, 下证, 出证 …) count: "考核后15个工作日内发放证书" is an institution's timeline."""
PAY_PATTERNS = [
    re.compile(
        r"(?:交|缴|付|给)(?:钱|费|款)(?:后)?(?:就|即|便|立即|马上|立马)(?:可|能|可以)?(?:发证|拿证|出证|领证|给证|办证)"
    ),
]
"""Certificates promised for payment (交钱就发证, 交费即出证): the fee buys the certificate, not an assessment."""
LENDING_WORDS = re.compile(r"挂证|挂靠|出租证书|租借证书")
FEE_PATTERNS = [
    re.compile(
        r"(?:加急|入库|上网|录入|挂网|联网|查询|制证|工本|内部|协调|关系|保过|包过|快速通道|绿色通道|VIP|档案|押金|资料)费"
    ),
    re.compile(
        r"(?:另收|另行收取|额外收取|额外缴纳|需另交|另交|另付|还需交|还要交|另需(?:缴纳|交纳|支付|交))"
        + _CLAUSE
        + r"{0,10}?(?:费|元)"
    ),
    re.compile(r"押金"),
    re.compile(
        r"(?:鉴定费|考试费|考核费|评价费|报名费|收费标准?)"
        + _CLAUSE
        + r"{0,10}?(?:上调|上涨|涨价|涨至|提高到|提高至|调高)"
    ),
]


def _negated(text: str, start: int) -> bool:
    """True when the words at ``start`` are warned against or denied in the same clause.

    A promise that itself starts with a negation word (不用考试, 无需考核) is a claim, not a warning:
    it is blanked out first, so "不用考试 三天拿证 全国通用" still flags what follows it.
    """
    before = NO_ASSESSMENT_WORDS.sub(lambda m: "_" * len(m.group(0)), text[max(0, start - 14) : start])
    return bool(NEGATION.search(before.rstrip("“\"'「『")))


def _word_findings(text: str, rule_code: str, patterns: list[re.Pattern[str]], message: str) -> Iterator[Finding]:
    for pattern in patterns:
        for m in pattern.finditer(text):
            if not _negated(text, m.start()):
                yield Finding(RULES[rule_code], m.start(), m.end(), m.group(0), message % {"words": m.group(0)})


def word_rules(text: str) -> Iterator[Finding]:
    """The rules that need only the words of the text."""
    yield from _word_findings(
        text,
        "authority_name",
        AUTHORITY_PATTERNS,
        _(
            "“%(words)s”: no ministry or government issues vocational skill level certificates; they are issued by "
            "recorded evaluation institutions. Using an authority's name to sell training is false publicity."
        ),
    )
    yield from _word_findings(
        text,
        "national_words",
        NATIONAL_PATTERNS,
        _("“%(words)s”: certificates and training may not be sold with words such as “国家”, “中国” or “全国”."),
    )
    yield from _word_findings(
        text,
        "no_real_assessment",
        [NO_ASSESSMENT_WORDS],
        _(
            "“%(words)s”: every certificate requires passing a real assessment (theory and practical skills); "
            "a promise to pass or to issue without an exam means the evaluation is a formality."
        ),
    )
    yield from _word_findings(
        text,
        "no_real_assessment",
        SPEED_PATTERNS,
        _(
            "“%(words)s”: a certificate within days of signing up is not possible with a real assessment; "
            "the assessment, marking and recording in the networked system take weeks."
        ),
    )
    yield from _word_findings(
        text,
        "no_real_assessment",
        PAY_PATTERNS,
        _(
            "“%(words)s”: a certificate is earned by passing the assessment, never by paying; a promise to issue "
            "on payment means the evaluation is a formality."
        ),
    )
    yield from _word_findings(
        text,
        "certificate_lending",
        [LENDING_WORDS],
        _(
            "“%(words)s”: certificates belong to the person assessed and may not be lent, rented or "
            "registered elsewhere."
        ),
    )
    yield from _word_findings(
        text,
        "extra_fees",
        FEE_PATTERNS,
        _(
            "“%(words)s”: looks like a fee item added on top of the approved assessment fee; querying and entering "
            "certificates into the networked system costs nothing."
        ),
    )


# ---------------------------------------------------------------------------
# Rules that ask the registry
# ---------------------------------------------------------------------------
LEVEL_WORDS = re.compile(r"高级技师|一级|技师|二级|高级|三级|中级|四级|初级|五级")
LEVEL_DIGITS = {
    "高级技师": 1,
    "一级": 1,
    "技师": 2,
    "二级": 2,
    "高级": 3,
    "三级": 3,
    "中级": 4,
    "四级": 4,
    "初级": 5,
    "五级": 5,
}
QUALIFICATION_WORDS = re.compile(r"职业资格证|职业资格等级证|资格证书|资格证")
CERTIFICATE_TYPE_WORDS = {
    "qualification": re.compile(r"职业资格证"),
    "skill_level": re.compile(r"职业技能等级证"),
    "special_ability": re.compile(r"专项职业能力证"),
}
NUMBER_PATTERN = re.compile(r"(?<![A-Za-z0-9])(?:[YS]\d{21}|ZG51\d{9}|ZX51\d{12}|\d{16})(?![A-Za-z0-9])")
NUMBER_CUE = re.compile(r"(?:证书编号|证书号|编号|证号)[：: ]*$")
ORG_PATTERN = re.compile(
    CJK_NAME
    + r"{2,30}?(?:职业技能评价中心|技能评价中心|评价中心|鉴定中心|鉴定站|鉴定所|培训学校|培训中心|技工学校|技师学院|"
    r"职业学院|学院|有限公司|研究院|认证中心|协会)"
)
ISSUING_CUE = re.compile(r"颁发|发证|出证|认定|评价|鉴定|考核|备案")
ISSUER_LABEL = re.compile(r"(?:发证|颁发|评价|鉴定|认定)(?:机构|单位)[：:]\s*$")
PLACE_START = re.compile(
    r"四川|成都|自贡|攀枝花|泸州|德阳|绵阳|广元|遂宁|内江|乐山|南充|眉山|宜宾|广安|达州|雅安|巴中|资阳|阿坝|甘孜|凉山|"
    r"中国|中华|全国|国家|天府|西南|蜀"
)
OFFICIAL_BODIES = re.compile(r"人社部|人力资源和社会保障|人力资源社会保障|人社厅|人社局|职鉴中心|鉴定指导中心")
LEADING_PARTICLES = "由经在到向与和及是为找选于的本我们该请从"
# Names people use for an occupation that the 2022 classification calls differently.
ALIASES = {"育婴师": "4-10-01-01", "育婴员": "4-10-01-01"}


@dataclass(frozen=True)
class Registry:
    """What the registry rules need, gathered once per check."""

    occupations: list[Match]
    levels: list[int]
    institutions: list[tuple[Match, Any]]
    answers: dict[str, Any] = field(default_factory=dict)
    qualifications: list[Match] = field(default_factory=list)  # catalogue qualification names; value: professional?

    def rule_for(self, code: str) -> Any:
        """The certificate-type rule for an occupation code, asked once per check."""
        if code not in self.answers:
            from skillcert.catalog.rules import certificate_types_for

            self.answers[code] = certificate_types_for(code)
        return self.answers[code]


_occupation_cache: dict[str, NameMatcher] = {}


def occupation_matcher() -> NameMatcher:
    """Occupation names (细类, published new occupations, aliases) → code; rebuilt only when the catalogue changes."""
    from skillcert.catalog.choices import OccupationLevel
    from skillcert.catalog.models import NewOccupation, Occupation

    occupations = Occupation.objects.filter(level=OccupationLevel.OCCUPATION)
    key = f"{occupations.count()}:{NewOccupation.objects.count()}"
    if key not in _occupation_cache:
        names = list(occupations.values_list("name", "code"))
        names += list(NewOccupation.objects.filter(occupation__isnull=True).values_list("name", "code"))
        known = {code for _name, code in names}
        names += [(alias, code) for alias, code in ALIASES.items() if code in known]
        _occupation_cache.clear()
        _occupation_cache[key] = NameMatcher.build(names)
    return _occupation_cache[key]


QUALIFICATION_SUFFIXES = ("专业技术资格", "职业资格", "执业资格", "专业资格", "从业资格", "资格")
_qualification_cache: dict[str, NameMatcher] = {}


def qualification_names(name: str) -> list[str]:
    """A catalogue entry's name as texts write it: in full, and without its "资格" ending (导游资格 → 导游)."""
    name = re.sub(r"（[^）]*）|\([^)]*\)", "", name).strip()
    names = [name]
    for suffix in QUALIFICATION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            names.append(name[: -len(suffix)])
            break
    return names


def qualification_matcher() -> NameMatcher:
    """Names of the catalogue's qualifications and sub-items → True for professional-technical ones."""
    from skillcert.catalog.models import QualificationItem

    items = list(QualificationItem.objects.all())
    key = f"{len(items)}:{max((i.pk for i in items), default=0)}"
    if key not in _qualification_cache:
        names: list[tuple[str, bool]] = []
        for item in items:
            for text in (item.clean_name, item.sub_item):
                for part in re.split(r"[、，]", text) if text == item.sub_item else [text]:
                    names += [(n, item.is_professional) for n in qualification_names(part)]
        _qualification_cache.clear()
        _qualification_cache[key] = NameMatcher.build(names)
    return _qualification_cache[key]


def _names_real_qualification(start: int, end: int, registry: Registry) -> bool:
    """True when the words at [start, end) are part of, or follow right after, a catalogue qualification's name."""
    return any(q.start < end and q.end >= start - 2 for q in registry.qualifications)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(mark, 0, start) for mark in "。！？!?；;\n")
    rights = [i for i in (text.find(mark, end) for mark in "。！？!?；;\n") if i >= 0]
    return left + 1, min(rights, default=len(text))


def _department_of_named_qualification(finding: Finding, text: str, registry: Registry) -> bool:
    """An authority whose nearest subject in its sentence is a professional-technical catalogue qualification.

    Those certificates carry the implementing ministries' seals, so "由人力资源社会保障部、民政部颁发" next to
    社会工作者职业资格 is a fact; next to an occupation outside the catalogue it stays a finding.
    """
    if finding.code != "authority_name":
        return False
    left, right = _sentence(text, finding.start, finding.end)
    named = [(q.start, q.end, bool(q.value)) for q in registry.qualifications if left <= q.start and q.end <= right]
    occupations = [
        (o.start, o.end, False)
        for o in registry.occupations
        if left <= o.start and o.end <= right and not any(q[0] < o.end and o.start < q[1] for q in named)
    ]
    subjects = named + occupations
    if not subjects:
        return False
    nearest = min(subjects, key=lambda m: max(m[0] - finding.end, finding.start - m[1], 0))
    return nearest[2]


def institution_matcher() -> NameMatcher:
    """Names of every institution in the public directory (applications excluded) → the institution."""
    from skillcert.institutions.choices import InstitutionStatus
    from skillcert.institutions.models import Institution

    found = Institution.objects.exclude(status=InstitutionStatus.APPLIED).select_related("region")
    return NameMatcher.build((i.name, i) for i in found)


def gather(text: str) -> Registry:
    institutions = [(m, m.value) for m in institution_matcher().find_all(text)]
    inside = [(m.start, m.end) for m, _i in institutions]
    occupations = [
        o for o in occupation_matcher().find_all(text) if not any(s < o.end and o.start < e for s, e in inside)
    ]
    levels = sorted({LEVEL_DIGITS[m.group(0)] for m in LEVEL_WORDS.finditer(text)})
    return Registry(occupations, levels, institutions, qualifications=qualification_matcher().find_all(text))


def _claimed_occupation(occupations: list[Match], start: int, end: int) -> list[Match]:
    """The occupation a certificate word refers to: the nearest one before it (within 40 characters),
    else one right after it ("职业资格证书（育婴员）")."""
    before = [o for o in occupations if o.end <= start and start - o.end <= 40]
    if before:
        return [max(before, key=lambda o: o.end)]
    return [o for o in occupations if 0 <= o.start - end <= 15][:1]


def qualification_rule(text: str, registry: Registry) -> Iterator[Finding]:
    """A 职业资格证书 promised for an occupation the catalogue does not list (the notice's first warning)."""
    from skillcert.catalog.choices import CertificateType

    reported: set[str] = set()
    for m in QUALIFICATION_WORDS.finditer(text):
        if _negated(text, m.start()) or _names_real_qualification(m.start(), m.end(), registry):
            continue
        for occupation in _claimed_occupation(registry.occupations, m.start(), m.end()):
            if occupation.value in reported:
                continue
            answer = registry.rule_for(occupation.value)
            if answer.allows(CertificateType.QUALIFICATION):
                continue
            reported.add(occupation.value)
            start, end = min(occupation.start, m.start()), max(occupation.end, m.end())
            yield Finding(
                RULES["qualification_outside_catalogue"],
                start,
                end,
                text[start:end],
                _(
                    "%(name)s (%(code)s) is not in the national vocational qualification catalogue (2021): no "
                    "vocational qualification certificate exists for it. %(reasons)s"
                )
                % {"name": answer.name, "code": answer.code, "reasons": " ".join(r.message for r in answer.reasons)},
            )


def _scope_refusal(institution: Any, codes: list[str], levels: list[int], today: dt.date) -> tuple[str, str] | None:
    """The first (code, message) of :func:`may_issue` refusing a claimed occupation and level, or None."""
    from skillcert.institutions.selectors import may_issue

    for code in codes:
        decisions = [
            may_issue(institution=institution, occupation_code=code, level=level, on_date=today)
            for level in (levels or [1, 2, 3, 4, 5])
        ]
        refusals = [d for d in decisions if not d.allowed]
        if levels and refusals:
            return refusals[0].code, refusals[0].message
        if not levels and len(refusals) == len(decisions) and refusals[0].code != "occupation_not_skill_level":
            return refusals[0].code, refusals[0].message
    return None


def institution_rules(text: str, registry: Registry) -> Iterator[Finding]:
    """A named recorded institution that is not active, or is outside its scope for the claimed occupation and level."""
    from skillcert.catalog.choices import CertificateType
    from skillcert.institutions.choices import InstitutionStatus

    today = timezone.localdate()
    skill_codes = []
    for code in dict.fromkeys(o.value for o in registry.occupations):
        if registry.rule_for(code).allows(CertificateType.SKILL_LEVEL):
            skill_codes.append(code)
    refusals: dict[int, tuple[str, str] | None] = {}
    for match, institution in registry.institutions:
        if institution.status != InstitutionStatus.ACTIVE:
            message = _("%(name)s is %(status)s in the directory of recorded institutions: it may not issue.") % {
                "name": institution.name,
                "status": institution.get_status_display(),
            }
            yield Finding(
                RULES["institution_not_active"], match.start, match.end, match.name, message, institution.public_id
            )
            continue
        if institution.pk not in refusals:  # an institution named many times is checked once
            refusals[institution.pk] = _scope_refusal(institution, skill_codes, registry.levels, today)
        refusal = refusals[institution.pk]
        if refusal is not None:
            yield Finding(
                RULES["institution_outside_scope"],
                match.start,
                match.end,
                match.name,
                refusal[1],
                institution.public_id,
            )


def _trim_org(candidate: str) -> str:
    place = PLACE_START.search(candidate)
    if place is not None and len(candidate) - place.start() >= 6:
        return candidate[place.start() :]
    while len(candidate) > 6 and candidate[0] in LEADING_PARTICLES:
        candidate = candidate[1:]
    return candidate


def unrecorded_rule(text: str, registry: Registry) -> Iterator[Finding]:
    """An organisation presented as evaluating or issuing that the directory does not list."""
    covered = [(m.start, m.end) for m, _i in registry.institutions]
    for m in ORG_PATTERN.finditer(text):
        name = _trim_org(m.group(0))
        start = m.end() - len(name)
        if any(s < m.end() and start < e for s, e in covered):
            continue
        evaluates = (
            bool(re.search(r"评价|鉴定", name))
            or bool(ISSUING_CUE.search(text[m.end() : m.end() + 12]))
            or bool(ISSUER_LABEL.search(text[max(0, start - 8) : start]))
        )
        if not evaluates or OFFICIAL_BODIES.search(name) or _negated(text, start):
            continue
        yield Finding(
            RULES["institution_not_recorded"],
            start,
            m.end(),
            name,
            _(
                "%(name)s is not in the directory of recorded evaluation institutions: only recorded institutions "
                "may evaluate and issue vocational skill level certificates."
            )
            % {"name": name},
        )


def _claimed_types(text: str) -> set[str]:
    return {kind for kind, pattern in CERTIFICATE_TYPE_WORDS.items() if pattern.search(text)}


def certificate_numbers(text: str) -> list[re.Match[str]]:
    """Every certificate number of the text, in text order (a bare 16-digit number only after a cue word)."""
    found = []
    for m in NUMBER_PATTERN.finditer(text[:MAX_TEXT_CHARS]):
        if m.group(0).isdigit() and not NUMBER_CUE.search(text[max(0, m.start() - 12) : m.start()]):
            continue  # a bare 16-digit number is more likely a phone or account number
        found.append(m)
    return found


def _distinct(matches: list[re.Match[str]]) -> list[str]:
    return list(dict.fromkeys(m.group(0) for m in matches))


def numbers_to_check(text: str) -> int:
    """How many register look-ups checking this text makes: each counts as one public certificate query."""
    return min(MAX_NUMBERS_CHECKED, len(_distinct(certificate_numbers(text))))


def type_of_number(number: str) -> str:
    """The certificate type a number's form belongs to (the numbering rules, not the register)."""
    from skillcert.certificates import numbering

    if numbering.SKILL_LEVEL_RE.match(number):
        return "skill_level"
    if numbering.SPECIAL_ABILITY_RE.match(number) or number.startswith("ZX"):
        return "special_ability"
    return "qualification"


def certificate_rules(text: str, registry: Registry) -> Iterator[Finding]:
    """Certificate numbers not in the register, or whose form is of another type than the text claims.

    Only the first :data:`MAX_NUMBERS_CHECKED` distinct numbers are looked up; a certificate's
    status is never told here (the public query tells it to whoever knows the holder's name).
    """
    from skillcert.catalog.choices import CertificateType
    from skillcert.certificates.models import Certificate

    matches = certificate_numbers(text)
    checked = set(_distinct(matches)[:MAX_NUMBERS_CHECKED])
    known = set(Certificate.objects.filter(number__in=checked).values_list("number", flat=True))
    claimed = _claimed_types(text)
    for m in matches:
        number = m.group(0)
        if number not in checked:
            continue
        if number not in known:
            message = _("No certificate with the number %(number)s is in the register.") % {"number": number}
            yield Finding(
                RULES["certificate_not_found"], m.start(), m.end(), number, message, certificate_number=number
            )
        elif claimed and type_of_number(number) not in claimed:
            message = _("The number %(number)s has the form of a %(type)s, not of the certificate the text claims.") % {
                "number": number,
                "type": CertificateType(type_of_number(number)).label,
            }
            yield Finding(RULES["certificate_mismatch"], m.start(), m.end(), number, message, certificate_number=number)


REGISTRY_RULES: list[Callable[[str, Registry], Iterator[Finding]]] = [
    qualification_rule,
    institution_rules,
    unrecorded_rule,
    certificate_rules,
]


def check_text(text: str) -> CheckResult:
    """Check a text against every rule; findings in text order, one per rule and place."""
    text = text[:MAX_TEXT_CHARS]
    registry = gather(text)
    findings = [f for f in word_rules(text) if not _department_of_named_qualification(f, text, registry)]
    for rule in REGISTRY_RULES:
        findings.extend(rule(text, registry))
    unique = {(f.code, f.start, f.end): f for f in findings}
    ordered = sorted(unique.values(), key=lambda f: (f.start, -f.end, f.code))
    unchecked = _distinct(certificate_numbers(text))[MAX_NUMBERS_CHECKED:]
    return CheckResult(text, _drop_nested(ordered), unchecked)


def _drop_nested(findings: list[Finding]) -> list[Finding]:
    """Of two findings of the same rule, drop the one lying inside the other ("国家级证书" inside "国家级")."""
    kept: list[Finding] = []
    for finding in findings:
        if any(k.code == finding.code and k.start <= finding.start and finding.end <= k.end for k in kept):
            continue
        kept.append(finding)
    return kept
