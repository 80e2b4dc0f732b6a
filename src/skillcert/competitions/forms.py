"""Forms of the competition pages; the services do the real validation."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.choices import CertificateType, SkillLevel
from skillcert.competitions.choices import CompetitionClass, TeamKind
from skillcert.competitions.services import EventInput
from skillcert.core.errors import InvalidInput
from skillcert.core.params import MAX_YEAR, MIN_YEAR, StrictIntegerField

TEAM_WORDS = {
    "单人": TeamKind.SINGLE, "个人": TeamKind.SINGLE, "single": TeamKind.SINGLE,
    "双人": TeamKind.PAIR, "pair": TeamKind.PAIR,
    "团体": TeamKind.TEAM, "团队": TeamKind.TEAM, "team": TeamKind.TEAM,
}  # fmt: skip
CERTIFICATE_TYPES = [
    (CertificateType.SKILL_LEVEL.value, CertificateType.SKILL_LEVEL.label),
    (CertificateType.SPECIAL_ABILITY.value, CertificateType.SPECIAL_ABILITY.label),
]


def parse_events(text: str) -> list[EventInput]:
    """One event per line: ``name, code[, 单人|双人|团体][, levels][, 工种]`` (code = occupation or project code)."""
    events = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [p.strip() for p in re.split(r"[,，|]", line)]
        if not any(parts):
            continue
        if len(parts) < 2 or not parts[1]:
            raise InvalidInput(
                _("Event line %(n)s: write the event's name and its occupation or project code.") % {"n": number}
            )
        team = TEAM_WORDS.get(parts[2].lower()) if len(parts) > 2 and parts[2] else TeamKind.SINGLE
        if team is None:
            raise InvalidInput(_("Event line %(n)s: the kind is 单人, 双人 or 团体.") % {"n": number})
        events.append(
            EventInput(
                name=parts[0],
                occupation_code=parts[1],  # the service reads the one its certificate type needs
                project_code=parts[1],
                team_kind=team,
                levels=parts[3] if len(parts) > 3 and parts[3] else "12",
                job_type=parts[4] if len(parts) > 4 else "",
            )
        )
    return events


class RegisterForm(forms.Form):
    """A host registers a competition."""

    name = forms.CharField(label=_("Competition name"), max_length=200)
    year = StrictIntegerField(
        label=_("Year"), initial=lambda: timezone.localdate().year, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    competition_class = forms.ChoiceField(label=_("Class"), choices=CompetitionClass.choices)
    certificate_type = forms.ChoiceField(label=_("Certificate type"), choices=CERTIFICATE_TYPES)
    committee_name = forms.CharField(
        label=_("Organising committee (office)"),
        max_length=200,
        help_text=_("Certificates of 一赛一授权 are issued in this name, under the centre's proxy seal."),
    )
    events = forms.CharField(
        label=_("Events"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: name, occupation code (or special ability project code), 单人/双人/团体, levels it "
            "may award (e.g. 12 = 高级技师 and 技师), job type. Example: 焊工, 6-18-02-04, 单人, 12"
        ),
    )
    stages = forms.CharField(
        label=_("Stages"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="初赛\n决赛",
        help_text=_("One per line, in order; the last line is the final stage."),
    )

    def clean_events(self) -> list[EventInput]:
        try:
            return parse_events(self.cleaned_data["events"])
        except InvalidInput as exc:
            raise forms.ValidationError(str(exc.message)) from exc

    def clean_stages(self) -> list[str]:
        return [s.strip() for s in self.cleaned_data["stages"].splitlines() if s.strip()]


class ReasonForm(forms.Form):
    """A reason for approving (optional) or rejecting (required, checked by the service)."""

    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(forms.Form):
    """The final results file of one stage."""

    stage = forms.ChoiceField(label=_("Stage"))
    file = forms.FileField(label=_("Results file (xlsx or csv)"))

    def __init__(self, *args: Any, stages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["stage"]).choices = stages


LEVEL_OR_NONE = [("", _("as proposed")), ("0", _("no certificate"))] + [
    (str(level.value), level.label) for level in SkillLevel
]


class ResultsApprovalForm(forms.Form):
    """The centre confirms the proposals; a winner's level may be changed (one field per winner)."""

    def __init__(self, *args: Any, winners: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for winner in winners:
            self.fields[f"level_{winner.public_id}"] = forms.ChoiceField(
                label=str(winner.row_no), choices=LEVEL_OR_NONE, required=False
            )

    def levels(self) -> dict[str, int | None]:
        chosen: dict[str, int | None] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("level_") and value != "":
                chosen[name.removeprefix("level_")] = int(value)
        return chosen


class AwardRuleForm(forms.Form):
    """Change one award-to-level rule (before approval)."""

    team_kind = forms.ChoiceField(label=_("Event kind"), choices=TeamKind.choices)
    top_ranks = StrictIntegerField(label=_("Ranks 1 to"), min_value=1, max_value=100)
    level = forms.TypedChoiceField(
        label=_("Level"),
        choices=[("", "—"), *[(str(level.value), level.label) for level in SkillLevel]],
        coerce=int,
        required=False,
        empty_value=None,
    )


class HostForm(forms.Form):
    """The centre records a host, optionally as a recorded evaluation institution."""

    name = forms.CharField(label=_("Host organisation"), max_length=200)
    institution: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Recorded evaluation institution (if the host is one)"),
        queryset=None,
        required=False,
        empty_label=_("Not a recorded evaluation institution"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from skillcert.institutions.models import Institution

        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["institution"])
        field.queryset = Institution.objects.exclude(status="applied").order_by("name")


class LinkAccountForm(forms.Form):
    """The centre lets an account of the competition-host role act for a host."""

    host = forms.ChoiceField(label=_("Host"))
    username = forms.CharField(label=_("Account (user name)"), max_length=150)

    def __init__(self, *args: Any, hosts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["host"]).choices = hosts
