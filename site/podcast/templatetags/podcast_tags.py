import segno
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def feed_qr_code(show):
    """The feed's address as an inline SVG QR code, made here (segno) so that phones can
    subscribe without the page loading anything from elsewhere. segno escapes the title."""
    code = segno.make(show.feed_url, error="m")
    svg = code.svg_inline(
        scale=4,
        border=2,
        dark="#0b2f5b",
        svgclass="subscribe__qr",
        title=f"QR code du flux RSS de « {show.title} »",
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 (segno's own SVG, title escaped by segno)
