"""``{% change_action entry.action %}``: a change-log action as its label, the code kept for whoever searches by it."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from skillcert.core.actions import label_for

register = template.Library()


@register.simple_tag
def change_action(code: str) -> SafeString:
    """The translated label; the raw code stays in the title (staff search the log and the admin by it)."""
    return format_html('<span class="change-action" title="{}" data-action="{}">{}</span>', code, code, label_for(code))
