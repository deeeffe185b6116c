from django import template

from core.images import picture

register = template.Library()


@register.inclusion_tag("components/picture.html")
def responsive_image(image, preset, alt=None, eager=False, css_class=""):
    """One <picture> for every image slot: WebP with a JPEG fallback, srcset and sizes,
    width and height (no layout shift), lazy unless the image is in the first screen.

    Without `alt`, the editor's description of the image is used; pass alt="" for an image
    that only illustrates a link whose text already says everything.
    """
    if not image:
        return {"picture": None}
    return {
        "picture": picture(image, preset),
        "alt": (getattr(image, "description", "") or "") if alt is None else alt,
        "eager": eager,
        "css_class": css_class,
    }
