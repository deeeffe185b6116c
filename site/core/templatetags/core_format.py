from django import template
from django.template.defaultfilters import stringfilter
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

from core.formats import (
    clock_time,
    duration,
    file_size,
    first_of_month,
    french_spacing_html,
    plural_suffix,
)

register = template.Library()
register.filter("taille", file_size)
register.filter("duree", duration)
register.filter("pluriel", plural_suffix)
register.filter("heure", clock_time)


@register.filter(needs_autoescape=True)
@stringfilter
def premier(value, autoescape=True):
    """After |date: « 1 mars » becomes « 1er mars »."""
    return _keep_safety(value, first_of_month, autoescape)


@register.filter(needs_autoescape=True)
@stringfilter
def typo(value, autoescape=True):
    """French spacing for a text (a title, a summary) or for HTML (base.html passes the whole
    visible page through it): see core.formats.french_spacing_html."""
    return _keep_safety(value, french_spacing_html, autoescape)


def _keep_safety(value, transform, autoescape):
    """User text is escaped first; the transform only adds spaces, so the result is safe."""
    if autoescape and not isinstance(value, SafeData):
        value = conditional_escape(value)
    return mark_safe(transform(value))  # noqa: S308
