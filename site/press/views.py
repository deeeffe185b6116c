"""Press alert pages: sign up, confirm, change themes, unsubscribe (one click too).

Links from e-mails open a page with a button: confirming and unsubscribing are POSTs,
because mail security scanners open every link of a message they inspect. The unsubscribe
address also takes the one-click POST mail clients send (RFC 8058), without CSRF token.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from config.security import client_ip

from . import subscriptions
from .alerts import send_confirmation
from .forms import SubscribeForm, ThemeChoiceForm

refused_page = "press/refused.html"


def refuse(request, message, status):
    return render(request, refused_page, {"message": message}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        if form.filled_by_a_bot():
            return refuse(
                request,
                "Votre demande n'a pas été enregistrée : le champ « Ne remplissez pas ce "
                "champ » doit rester vide.",
                400,
            )
        if form.is_valid():
            email = subscriptions.normalise_email(form.cleaned_data["email"])
            reason = subscriptions.signup_refused(client_ip(request), email)
            if reason:
                return refuse(request, reason, 429)
            token = subscriptions.confirmation_token(email, form.theme_ids())
            key = f"press-confirm:{subscriptions.digest(token)}"
            confirm_url = request.build_absolute_uri(reverse("press:confirm", args=[token]))
            send_confirmation.enqueue(email, confirm_url, key, key=key)
            return redirect("press:check_inbox")
    status = 400 if form.errors else 200
    return render(request, "press/subscribe.html", {"form": form}, status=status)


@never_cache
def check_inbox(request):
    return render(request, "press/check_inbox.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        email, theme_ids = subscriptions.read_confirmation(token)
    except subscriptions.InvalidLink as error:
        return refuse(request, str(error), 400)
    if request.method == "POST":
        subscriber = subscriptions.confirm(email, theme_ids)
        manage_url = reverse("press:manage", args=[subscriptions.manage_token(subscriber)])
        return render(
            request, "press/confirmed.html", {"subscriber": subscriber, "manage_url": manage_url}
        )
    return render(request, "press/confirm.html", {"email": email})


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    try:
        subscriber = subscriptions.subscriber_for(token)
    except subscriptions.InvalidLink as error:
        return refuse(request, str(error), 400)
    initial = {
        "scope": "all" if subscriber.all_themes else "some",
        "themes": subscriber.themes.all(),
    }
    form = ThemeChoiceForm(request.POST or None, initial=initial)
    saved = False
    if request.method == "POST" and form.is_valid():
        subscriptions.change_themes(subscriber, form.theme_ids())
        saved = True
    return render(
        request,
        "press/manage.html",
        {"form": form, "subscriber": subscriber, "saved": saved, "token": token},
        status=400 if form.errors else 200,
    )


@csrf_exempt  # the token is the authorisation; mail clients post without a CSRF token
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscriber = subscriptions.subscriber_for(token)
    except subscriptions.InvalidLink as error:
        return refuse(request, str(error), 400)
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber)
        return render(request, "press/unsubscribed.html", {"email": subscriber.email})
    return render(request, "press/unsubscribe.html", {"subscriber": subscriber})
