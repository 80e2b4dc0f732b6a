"""Forms of the back office and the public directory; services do the real validation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from skillcert.catalog.choices import SkillLevel
from skillcert.catalog.models import Region
from skillcert.core.errors import DomainError
from skillcert.institutions.choices import InstitutionKind, InstitutionStatus, NumberLetter

PUBLIC_STATUSES = [(s.value, s.label) for s in InstitutionStatus if s != InstitutionStatus.APPLIED]
LEVEL_CHOICES = [(level.value, level.label) for level in reversed(SkillLevel)]


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: on its fields when it names them, else on the whole form."""
    shown = False
    for field, messages in error.fields.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, str(message))
            shown = True
    if not shown:
        form.add_error(None, str(error.message))


class DirectoryForm(forms.Form):
    """The public directory's search: name, 市(州), occupation, level, status (all optional)."""

    q = forms.CharField(label=_("Institution name"), required=False, max_length=60)
    region = forms.ModelChoiceField(
        label=_("City or prefecture"),
        queryset=Region.objects.order_by("code"),
        required=False,
        to_field_name="code",
        empty_label=_("All cities and prefectures"),
    )
    occupation = forms.CharField(label=_("Occupation (code or name)"), required=False, max_length=60)
    level = forms.TypedChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *LEVEL_CHOICES], coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All statuses")), *PUBLIC_STATUSES], required=False)


class ManageFilterForm(DirectoryForm):
    """The back-office list: the directory's filters plus applications."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *InstitutionStatus.choices], required=False
    )


class RecordForm(forms.Form):
    """An application for a record, or a correction of one (centre staff)."""

    name = forms.CharField(label=_("Name as registered"), max_length=200)
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=24, help_text=_("18 characters, GB 32100")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=InstitutionKind.choices)
    number_letter = forms.ChoiceField(
        label=_("Number letter (technical schools only)"),
        choices=[("", _("As the kind says")), *NumberLetter.choices],
        required=False,
    )
    region = forms.ModelChoiceField(label=_("City or prefecture"), queryset=Region.objects.order_by("code"))
    address = forms.CharField(label=_("Address"), max_length=200)
    contact_person = forms.CharField(label=_("Contact person"), max_length=60)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40)
    contact_email = forms.CharField(label=_("Contact email"), max_length=254, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ContactsForm(forms.Form):
    """Address and contacts, which the institution keeps up to date itself."""

    address = forms.CharField(label=_("Address"), max_length=200)
    contact_person = forms.CharField(label=_("Contact person"), max_length=60)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40)
    contact_email = forms.CharField(label=_("Contact email"), max_length=254, required=False)


class TransitionForm(forms.Form):
    """Suspend, reinstate or revoke: a reason is always required."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ApproveForm(TransitionForm):
    """Approval also fixes the record's validity and the codes used in certificate numbers."""

    record_valid_until = forms.DateField(
        label=_("Record valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    record_number = forms.CharField(
        label=_("Record number"), max_length=40, required=False, help_text=_("Leave empty to number it automatically.")
    )
    institution_code = forms.CharField(label=_("Institution code"), max_length=4, initial="0000")
    site_serial = forms.CharField(
        label=_("Site serial"), max_length=6, required=False, help_text=_("Leave empty for the next free serial.")
    )


class RenewForm(TransitionForm):
    """Renewal sets the new end of the record's validity."""

    record_valid_until = forms.DateField(
        label=_("Record valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ScopeRowForm(forms.Form):
    """One scope row: the rule of the catalogue decides whether the occupation may be recorded."""

    occupation_code = forms.CharField(
        label=_("Occupation code"), max_length=16, help_text=_("e.g. 6-18-02-04, or a new occupation's code N6-05")
    )
    job_type = forms.CharField(label=_("Job type or direction (optional)"), max_length=60, required=False)
    levels = forms.TypedMultipleChoiceField(
        label=_("Levels"), choices=LEVEL_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class WithdrawForm(TransitionForm):
    """Withdrawing a scope row."""


class OperatorForm(forms.Form):
    """Link an existing account with the operator role to this institution."""

    username = forms.CharField(label=_("Account name"), max_length=150)


class TokenForm(forms.Form):
    """A new API token for one of the institution's systems."""

    label = forms.CharField(label=_("Which system uses it"), max_length=80)


def initial_from(instance: Any, names: list[str]) -> dict[str, Any]:
    """Initial form values from an object's attributes."""
    return {name: getattr(instance, name) for name in names}
