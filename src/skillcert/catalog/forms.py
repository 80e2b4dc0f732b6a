"""Back-office forms for 专项职业能力考核项目: the project and its specification, retiring, the record status.

The forms only shape the input; every rule (code format, duplicate codes, an unknown 市(州),
what a record status needs) is the service's, which answers in its own words.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from skillcert.catalog import selectors, services
from skillcert.catalog.choices import RecordStatus
from skillcert.catalog.models import SpecialAbilityProject
from skillcert.core.errors import DomainError


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the fields it names, else on the whole form."""
    shown = False
    for field, messages in error.fields.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, str(message))
            shown = True
    if not shown:
        form.add_error(None, str(error.message))


def region_choices() -> list[tuple[str, Any]]:
    """The province first, then Sichuan's 21 市(州)."""
    return [(services.PROVINCE_CODE, _("Sichuan Province (provincial project)"))] + [
        (r.code, r.name) for r in selectors.regions()
    ]


class ProjectForm(forms.Form):
    """A project's name, where it belongs and its 考核规范; the code only when it is first recorded."""

    code = forms.CharField(
        label=_("Project code"),
        max_length=32,
        help_text=_("Fixed once recorded; printed in the specification query, e.g. S510100-ZX-0007."),
    )
    name = forms.CharField(label=_("Project name"), max_length=120)
    # A text field with a select: the service refuses a code that is not a 市(州) of Sichuan.
    region_code = forms.CharField(label=_("City or prefecture"), max_length=12, widget=forms.Select())
    content = forms.CharField(label=_("Assessment content"), widget=forms.Textarea(attrs={"rows": 5}))
    assessment_method = forms.CharField(label=_("Assessment method"), widget=forms.Textarea(attrs={"rows": 3}))
    spec_code = forms.CharField(label=_("Specification code (optional)"), max_length=32, required=False)
    spec_version = forms.CharField(label=_("Specification version (optional)"), max_length=32, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"].widget.choices = region_choices()
        if editing:
            del self.fields["code"]

    def details(self) -> services.ProjectDetails:
        data = self.cleaned_data
        return services.ProjectDetails(
            name=data["name"],
            region_code=data["region_code"],
            content=data["content"],
            assessment_method=data["assessment_method"],
            spec_code=data.get("spec_code") or "",
            spec_version=data.get("spec_version") or "",
        )


def initial_from(project: SpecialAbilityProject) -> dict[str, Any]:
    """The edit form filled with the draft as it stands."""
    return {
        "name": project.name,
        "region_code": project.region.code if project.region is not None else services.PROVINCE_CODE,
        "content": project.content,
        "assessment_method": project.assessment_method,
        "spec_code": project.spec_code,
        "spec_version": project.spec_version,
    }


class RetireForm(forms.Form):
    """Retiring needs the staff's reason (kept in the change log)."""

    reason = forms.CharField(
        label=_("Reason (staff only)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the project is retired, in your own words: kept in the change log."),
    )


class RecordStatusForm(forms.Form):
    """The national record status with its reference number and date."""

    status = forms.CharField(
        label=_("National record status"), max_length=16, widget=forms.Select(choices=RecordStatus.choices)
    )
    reference = forms.CharField(
        label=_("Reference number"),
        max_length=64,
        required=False,
        help_text=_("The Ministry's record number (required once recorded), or the submission's document number."),
    )
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),  # the form a date input reads
        help_text=_("The date of the record, or of the submission."),
    )
