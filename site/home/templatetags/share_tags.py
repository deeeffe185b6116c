from django import template

from home.models import SiteIdentity
from home.share import share_values

register = template.Library()


@register.inclusion_tag("components/share_meta.html", takes_context=True)
def share_meta(context):
    """Open Graph and Twitter/X card tags of the page being rendered (none off the page tree:
    search results and forms are not shared)."""
    page = context.get("page")
    request = context.get("request")
    if page is None or request is None or not hasattr(page, "page_image"):
        return {"share": None}
    identity = SiteIdentity.for_request(request)
    subject = context.get("share_subject")
    return {"share": share_values(page, request, identity.organisation_name, subject)}
