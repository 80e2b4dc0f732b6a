"""Forms for declaring a batch and uploading its results."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.choices import SkillLevel
from skillcert.catalog.models import Region, SpecialAbilityProject
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

    field_order = ["occupation_code", "job_type", "level", "assessment_date", "evaluators"]

    def __init__(self, *args: Any, occupations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["occupation_code"]).choices = occupations


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        projects = SpecialAbilityProject.objects.filter(status="active").order_by("code")
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = projects
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = Region.objects.order_by("code")


class UploadForm(forms.Form):
    """The results file."""

    file = forms.FileField(label=_("Results file (xlsx or csv, from the template)"))
