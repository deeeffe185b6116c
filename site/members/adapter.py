"""allauth adapter: members' mail goes through the background queue, and a signed-in member
lands in the members' space."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from .mail import queue_message


class MemberAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        # Rendered now (the context holds model instances and the request), sent by a job.
        queue_message(self.render_mail(template_prefix, email, context))

    def get_login_redirect_url(self, request):
        return reverse("members:dashboard")


def axes_username(request, credentials):
    """django-axes counts failures per (username, address); members sign in by e-mail."""
    credentials = credentials or {}
    return (
        credentials.get("username")
        or credentials.get("email")
        or request.POST.get("login", request.POST.get("username"))
    )
