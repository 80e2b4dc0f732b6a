"""Forms for declaring a batch and uploading its results."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.choices import SkillLevel
from skillcert.catalog.models import Region, SpecialAbilityProject
from skillcert.certificates.choices import EvaluationStandard
from skillcert.core.params import StrictIntegerField


class BatchDetailsForm(forms.Form):
    """Fields every batch has."""

    assessment_date = forms.DateField(label=_("Assessment date"), widget=forms.DateInput(attrs={"type": "date"}))
    evaluators = forms.CharField(
        label=_("Evaluators"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Names of the evaluators, one per line."),
    )
    theory_pass_mark = StrictIntegerField(label=_("Theory pass mark"), min_value=0, max_value=100, initial=60)
    practical_pass_mark = StrictIntegerField(label=_("Practical pass mark"), min_value=0, max_value=100, initial=60)


class SkillBatchForm(BatchDetailsForm):
    """A 职业技能等级认定 batch of one institution: occupation and level from its recorded scope."""

    occupation_code = forms.ChoiceField(label=_("Occupation (from your recorded scope)"))
    job_type = forms.CharField(label=_("Job type or direction"), max_length=120, required=False)
    level = forms.TypedChoiceField(label=_("Level"), choices=SkillLevel.choices, coerce=int)
    standard_kind = forms.ChoiceField(
        label=_("Evaluated against"),
        choices=[(k, label) for k, label in EvaluationStandard.choices if k != EvaluationStandard.SPECIAL],
        initial=EvaluationStandard.NATIONAL,
    )
    standard_code = forms.CharField(
        label=_("Code of the standard or specification"),
        max_length=32,
        required=False,
        help_text=_("Required for an industry or enterprise evaluation specification; empty: the occupation code."),
    )

    field_order = [
        "occupation_code",
        "job_type",
        "level",
        "standard_kind",
        "standard_code",
        "assessment_date",
        "evaluators",
    ]

    def __init__(
        self, *args: Any, occupations: list[tuple[str, str]], levels: list[int] | None = None, **kwargs: Any
    ) -> None:
        """``levels``: the levels recorded in the institution's scope; only those are offered, the first preselected
        (offering a level the institution may not assess only leads to a refusal after the form is filled)."""
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["occupation_code"]).choices = occupations
        if levels is not None:
            level = cast(forms.TypedChoiceField, self.fields["level"])
            level.choices = [(value, label) for value, label in SkillLevel.choices if value in levels]
            level.initial = levels[0] if levels else None


class SpecialBatchForm(BatchDetailsForm):
    """A 专项职业能力考核 batch of an HR department."""

    project = forms.ModelChoiceField(label=_("Assessment project"), queryset=SpecialAbilityProject.objects.none())
    region = forms.ModelChoiceField(
        label=_("Issuing department"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("The provincial department"),
    )

    field_order = ["project", "region", "assessment_date", "evaluators"]

    def __init__(self, *args: Any, bureau_region: Region | None = None, **kwargs: Any) -> None:
        """``bureau_region``: a city bureau's own 市(州), its only issuer (no choice is offered; the service
        refuses and logs any other value a forged request sends). Centre staff choose the province or a city."""
        super().__init__(*args, **kwargs)
        projects = SpecialAbilityProject.objects.filter(status="published").order_by("code")
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = projects
        region = cast(forms.ModelChoiceField, self.fields["region"])
        region.queryset = Region.objects.order_by("code")
        self.issuer_name = ""
        if bureau_region is not None:
            from skillcert.certificates.services import special_ability_issuer

            region.widget = forms.HiddenInput()
            region.initial = bureau_region.pk
            self.issuer_name = special_ability_issuer(bureau_region)


class UploadForm(forms.Form):
    """The results file."""

    file = forms.FileField(label=_("Results file (xlsx or csv, from the template)"))


class PhotoZipForm(forms.Form):
    """The ZIP of candidates' photos, each named by ID number."""

    archive = forms.FileField(label=_("ZIP of photos named by ID number"))
