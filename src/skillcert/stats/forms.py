"""The statistics filter (years of issue, 市(州), level, certificate type), shared by the pages, exports and API."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.catalog.choices import CertificateType, SkillLevel
from skillcert.core.errors import InvalidInput
from skillcert.core.params import MAX_YEAR, MIN_YEAR, StrictIntegerField
from skillcert.stats.selectors import StatsFilter


def region_choices() -> list[tuple[str, Any]]:
    from skillcert.catalog.models import Region

    choices: list[tuple[str, Any]] = [("", gettext_lazy("All of Sichuan"))]
    choices += [(code, name) for code, name in Region.objects.order_by("code").values_list("code", "name")]
    choices.append(("-", gettext_lazy("Province-wide or not tied to a city")))
    return choices


class StatsFilterForm(forms.Form):
    """Every field is optional; an empty form means all certificates (revoked ones excluded)."""

    year_from = StrictIntegerField(
        label=gettext_lazy("From year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    year_to = StrictIntegerField(label=gettext_lazy("To year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    region = forms.ChoiceField(label=gettext_lazy("City or prefecture"), required=False)
    level = forms.TypedChoiceField(
        label=gettext_lazy("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("All levels")), *SkillLevel.choices],
    )
    type = forms.ChoiceField(
        label=gettext_lazy("Certificate type"),
        required=False,
        choices=[("", gettext_lazy("All types")), *CertificateType.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = region_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None and start > end:
            self.add_error("year_to", _("The last year must not be before the first year."))
        return data

    def stats_filter(self) -> StatsFilter:
        """The selector's filter from a valid form."""
        data = self.cleaned_data
        return StatsFilter(
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            region_code=data.get("region") or "",
            level=data.get("level"),
            certificate_type=data.get("type") or "",
        )


def filter_from(params: Any) -> StatsFilter:
    """Validate query parameters into a filter, or raise :class:`InvalidInput` with each field's message."""
    form = StatsFilterForm({k: v for k, v in params.items() if k in StatsFilterForm.base_fields})
    if not form.is_valid():
        fields = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        raise InvalidInput(_("Some filters are not valid."), fields=fields)
    return form.stats_filter()
