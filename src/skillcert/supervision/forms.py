"""Forms of the public complaint pages, the claim checker and the case back office."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from skillcert.core.errors import DomainError
from skillcert.supervision.choices import Category, Outcome, Rating, SanctionKind
from skillcert.supervision.claims import MAX_TEXT_CHARS
from skillcert.supervision.evidence import MAX_FILES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks type and size of each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ClaimCheckForm(forms.Form):
    text = forms.CharField(
        label=_("Text to check"),
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(
            attrs={"rows": 8, "placeholder": _("Paste an advertisement, a course page or a certificate's text")}
        ),
    )


CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")


class ComplaintForm(forms.Form):
    category = forms.ChoiceField(label=_("What is the complaint about?"), choices=Category.choices)
    description = forms.CharField(label=_("What happened"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}))
    claim_text = forms.CharField(
        label=_("The advertisement or text (optional)"),
        max_length=MAX_TEXT_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    institution = forms.CharField(
        label=_("Evaluation institution (optional)"),
        max_length=200,
        required=False,
        help_text=_("Choose from the directory, or type the name as advertised."),
    )
    certificate_number = forms.CharField(label=_("Certificate number (optional)"), max_length=32, required=False)
    evidence = MultipleFileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=format_lazy(_("PDF, JPG or PNG, at most 10 MB each, at most {n} files."), n=MAX_FILES),
    )
    anonymous = forms.BooleanField(
        label=_("File anonymously"),
        required=False,
        initial=True,  # privacy by default: the tracking code is enough to follow the case
        widget=forms.CheckboxInput(attrs={"aria-describedby": "contact-hint", "aria-controls": "contact-fields"}),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), max_length=120, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("anonymous") and not (data.get("contact_phone") or data.get("contact_email")):
            self.add_error("contact_phone", _("Give a phone number or an e-mail address, or file anonymously."))
        given = [name for name in CONTACT_FIELDS if (self.data.get(name) or "").strip()]
        if data.get("anonymous") and given:
            # Neither kept against the anonymous choice nor dropped without a word: the filer decides.
            self.add_error(
                "anonymous",
                _(
                    "You ticked “File anonymously” and also gave contact details. "
                    "Clear the contact details, or untick “File anonymously” so that case staff can reach you."
                ),
            )
        return data


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class AddInformationForm(forms.Form):
    text = forms.CharField(label=_("Information to add"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))
    evidence = MultipleFileField(label=_("More evidence (optional)"), required=False)


class CaseActionForm(forms.Form):
    """One form for every case action; the service says which fields each action needs."""

    note = forms.CharField(
        label=_("Note or reason"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False)


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Sanction"), choices=SanctionKind.choices)
    reason = forms.CharField(
        label=_("Reason (published on the institution's page; no personal data)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due_on = forms.DateField(label=_("Rectify by"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    certificate_numbers = forms.CharField(
        label=_("Certificate numbers found illegal (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InspectionForm(forms.Form):
    institution = forms.CharField(label=_("Evaluation institution"), max_length=200)
    inspected_on = forms.DateField(label=_("Inspection date"), widget=forms.DateInput(attrs={"type": "date"}))
    scope = forms.CharField(label=_("What was inspected"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    findings = forms.CharField(label=_("Findings"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    follow_up_due = forms.DateField(
        label=_("Follow-up due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: on its fields when named, else as a form error."""
    placed = False
    for name, messages in error.fields.items():
        if name in form.fields:
            for message in messages:
                form.add_error(name, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(error.message))
