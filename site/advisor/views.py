"""Export Advisor pages: thin views over `ratings`, `introductions`, `search`, and the
members' space checks (`members.access.member_required`) on every request."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.ratelimit import over_limit
from members.access import member_required
from members.limits import DAY
from members.views import bad_request, paginate, too_many

from . import introductions, limits, ratings, search, worldmap
from .countries import COUNTRY_NAMES, COUNTRY_REGION, REGION_NAMES
from .forms import (
    CountryRatingForm,
    IntroductionForm,
    PresenceForm,
    ReportForm,
    ResourceRatingForm,
    ResourceRecommendationForm,
)
from .models import Presence, Rating, RatingStatus, Resource


def country_or_404(code):
    code = code.upper()
    if code not in COUNTRY_NAMES:
        raise Http404("Pays inconnu.")
    return code


def visible_resources():
    """Resources staff published: a member's recommendation shows nowhere before review."""
    return Resource.objects.filter(published=True)


def published_ratings(queryset):
    return queryset.filter(ratings.PUBLISHED).select_related("organisation")


@never_cache
@member_required
def home(request):
    """The map, the search form and the matching presences."""
    form = search.PresenceFilterForm(request.GET or None)
    filters = form.active_filters() if request.GET else {}
    found = search.filter_presences(search.visible_presences(), filters)
    if filters.get("secteur"):
        found = found.distinct()
    return render(
        request,
        "advisor/home.html",
        {
            "form": form,
            "filters": filters,
            "page": paginate(request, search.listing(found)),
            **map_context(search.counts_by_country()),
        },
    )


def map_context(counts):
    """The map is drawn only when its cached fragment (templates/advisor/_map.html, keyed on
    the counts) is missing: drawing and rendering its 170 outlines is most of a search page's
    time otherwise."""
    return {
        "map": SimpleLazyObject(lambda: worldmap.world_map(counts)),
        "map_key": sorted(counts.items()),
    }


# A country page shows the first of each list; the search (filtered on the country) pages
# through all presences.
COUNTRY_PAGE_PRESENCES = 12
COUNTRY_PAGE_RESOURCES = 12
LATEST_RATINGS = 20


@never_cache
@member_required
def country(request, code):
    code = country_or_404(code)
    organisation = request.membership.organisation
    rating_count, averages = ratings.country_averages(code)
    own_rating = Rating.objects.filter(
        organisation=organisation, country=code, resource__isnull=True
    ).first()
    presences = search.visible_presences().filter(country=code)
    resources = ratings.with_averages(visible_resources().filter(country=code)).order_by(
        "-rating_count", "name", "pk"
    )[:COUNTRY_PAGE_RESOURCES]
    return render(
        request,
        "advisor/country.html",
        {
            "code": code,
            "name": COUNTRY_NAMES[code],
            "region": REGION_NAMES[COUNTRY_REGION[code]],
            "presence_count": presences.count(),
            "presences": search.listing(presences)[:COUNTRY_PAGE_PRESENCES],
            "resources": [(r, ratings.resource_averages(r)) for r in resources],
            "rating_count": rating_count,
            "averages": averages,
            "ratings": published_ratings(
                Rating.objects.filter(country=code, resource__isnull=True)
            )[:LATEST_RATINGS],
            "own_rating": own_rating,
            "rating_form": CountryRatingForm(instance=own_rating),
            "report_form": ReportForm(),
            "organisation": organisation,
            "min_ratings": settings.ADVISOR_MIN_RATINGS,
        },
    )


@never_cache
@member_required
def resource(request, pk):
    item = get_object_or_404(ratings.with_averages(visible_resources()), pk=pk)
    own_rating = Rating.objects.filter(
        organisation=request.membership.organisation, resource=item
    ).first()
    return render(
        request,
        "advisor/resource.html",
        resource_context(request, item, own_rating, ResourceRatingForm(instance=own_rating)),
    )


def resource_context(request, item, own_rating, form):
    return {
        "resource": item,
        "averages": ratings.resource_averages(item),
        "ratings": published_ratings(item.ratings.all())[:LATEST_RATINGS],
        "own_rating": own_rating,
        "rating_form": form,
        "report_form": ReportForm(),
        "organisation": request.membership.organisation,
        "min_ratings": settings.ADVISOR_MIN_RATINGS,
    }


def over_rating_limit(request):
    return over_limit(
        f"advisor-rating:{request.membership.organisation_id}",
        limits.RATINGS_PER_DAY_PER_ORGANISATION,
        DAY,
    )


def rating_saved(request, rating):
    if rating.status == RatingStatus.PUBLISHED:
        messages.success(request, "Votre avis est publié.")
    else:
        messages.success(
            request, "Votre avis est enregistré ; il sera publié après examen par l'équipe."
        )


@never_cache
@member_required
@require_POST
def rate_resource(request, pk):
    item = get_object_or_404(ratings.with_averages(visible_resources()), pk=pk)
    own_rating = Rating.objects.filter(
        organisation=request.membership.organisation, resource=item
    ).first()
    form = ResourceRatingForm(request.POST, instance=own_rating)
    if not form.is_valid():
        return render(
            request,
            "advisor/resource.html",
            resource_context(request, item, own_rating, form),
            status=400,
        )
    if over_rating_limit(request):
        return too_many(
            request, "Votre organisation a donné beaucoup d'avis aujourd'hui : réessayez demain."
        )
    rating_saved(request, ratings.save_rating(form, request.membership, resource=item))
    return redirect("advisor:resource", pk=item.pk)


@never_cache
@member_required
@require_POST
def rate_country(request, code):
    code = country_or_404(code)
    own_rating = Rating.objects.filter(
        organisation=request.membership.organisation, country=code, resource__isnull=True
    ).first()
    form = CountryRatingForm(request.POST, instance=own_rating)
    if not form.is_valid():
        return bad_request(
            request,
            "Votre avis n'est pas enregistré : "
            + " ".join(error for errors in form.errors.values() for error in errors),
        )
    if over_rating_limit(request):
        return too_many(
            request, "Votre organisation a donné beaucoup d'avis aujourd'hui : réessayez demain."
        )
    rating_saved(request, ratings.save_rating(form, request.membership, country=code))
    return redirect("advisor:country", code=code)


@never_cache
@member_required
@require_POST
def report_rating(request, pk):
    organisation = request.membership.organisation
    # Only a rating members can see: one hidden (its organisation suspended, its resource
    # unpublished) reported by its id would stay hidden after it comes back.
    rating = get_object_or_404(
        Rating.objects.filter(ratings.PUBLISHED).exclude(resource__published=False), pk=pk
    )
    if rating.organisation_id == organisation.pk:
        return bad_request(
            request, "Vous ne pouvez pas signaler l'avis de votre organisation.", 403
        )
    form = ReportForm(request.POST)
    if not form.is_valid():
        return bad_request(request, form.errors["reason"][0])
    if over_limit(
        f"advisor-report:{organisation.pk}", limits.REPORTS_PER_DAY_PER_ORGANISATION, DAY
    ):
        return too_many(request, "Trop de signalements aujourd'hui : réessayez demain.")
    ratings.report(rating, organisation, form.cleaned_data["reason"])
    messages.success(
        request, "Merci : l'avis est masqué jusqu'à ce que l'équipe de la CPME l'ait examiné."
    )
    if rating.resource_id:
        return redirect("advisor:resource", pk=rating.resource_id)
    return redirect("advisor:country", code=rating.country)


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def recommend_resource(request):
    """A member recommends a provider abroad; it waits for staff before it is shown."""
    form = ResourceRecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if over_limit(
            f"advisor-recommendation:{request.membership.organisation_id}",
            limits.RECOMMENDATIONS_PER_DAY_PER_ORGANISATION,
            DAY,
        ):
            return too_many(
                request,
                "Votre organisation a recommandé beaucoup de ressources aujourd'hui : "
                "réessayez demain.",
            )
        recommended = form.save(commit=False)
        recommended.recommended_by = request.membership.organisation
        recommended.published = False
        recommended.save()
        messages.success(
            request,
            "Merci : l'équipe de la CPME vérifie votre recommandation avant de la publier.",
        )
        return redirect("advisor:country", code=recommended.country)
    return render(
        request,
        "advisor/resource_recommend.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@member_required
def my_presences(request):
    organisation = request.membership.organisation
    return render(
        request,
        "advisor/my_presences.html",
        {
            "presences": organisation.presences.prefetch_related("sectors").select_related(
                "contact"
            ),
            "ratings": Rating.objects.filter(organisation=organisation).select_related("resource"),
        },
    )


PRESENCES_ADMIN_ONLY = (
    "Seuls les administrateurs de votre organisation peuvent déclarer, modifier ou "
    "supprimer ses présences à l'étranger : adressez-vous à l'un d'eux."
)


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def presence_edit(request, pk=None):
    """Presences speak for the organisation (and name whom others may contact), so only its
    admins declare and change them."""
    if not request.membership.is_admin:
        return bad_request(request, PRESENCES_ADMIN_ONLY, 403)
    organisation = request.membership.organisation
    presence = None
    if pk is not None:
        # Another organisation's presence is "not found", never editable.
        presence = get_object_or_404(Presence, pk=pk, organisation=organisation)
    form = PresenceForm(request.POST or None, instance=presence, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        saved = introductions.save_presence(form, request.membership)
        messages.success(request, "Votre présence est enregistrée.")
        if saved.awaits_contact_confirmation:
            messages.info(
                request,
                f"{saved.contact.full_name} reçoit un e-mail pour confirmer accepter d'être "
                "sollicité ; d'ici là, aucune demande ne lui parvient.",
            )
        return redirect("advisor:my_presences")
    return render(
        request,
        "advisor/presence_form.html",
        {"form": form, "presence": presence},
        status=400 if form.errors else 200,
    )


@never_cache
@member_required
@require_POST
def presence_delete(request, pk):
    if not request.membership.is_admin:
        return bad_request(request, PRESENCES_ADMIN_ONLY, 403)
    presence = get_object_or_404(Presence, pk=pk, organisation=request.membership.organisation)
    presence.delete()
    messages.success(request, "La présence est supprimée.")
    return redirect("advisor:my_presences")


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def introduction(request, pk):
    presence = get_object_or_404(
        search.visible_presences().select_related("organisation", "contact"), pk=pk
    )
    form = IntroductionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if over_limit(
            f"advisor-introduction:{request.membership.organisation_id}",
            limits.INTRODUCTIONS_PER_DAY_PER_ORGANISATION,
            DAY,
        ):
            return too_many(
                request,
                "Votre organisation a envoyé beaucoup de demandes aujourd'hui : réessayez demain.",
            )
        try:
            introductions.ask(
                presence,
                request.membership,
                form.cleaned_data["kind"],
                form.cleaned_data["message"],
            )
        except introductions.IntroductionError as error:
            return bad_request(request, str(error), 409)
        messages.success(
            request,
            "Votre demande est envoyée. Vous recevrez les coordonnées de votre contact par "
            "e-mail s'il l'accepte.",
        )
        return redirect("advisor:country", code=presence.country)
    return render(
        request,
        "advisor/introduction.html",
        {
            "presence": presence,
            "form": form,
            "cooldown_days": introductions.DECLINED_COOLDOWN.days,
        },
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def introduction_answer(request, token):
    """The contact's answer, from the signed link in their e-mail (no login needed)."""
    try:
        intro = introductions.request_for_token(token)
    except introductions.IntroductionError as error:
        return bad_request(request, str(error))
    if request.method == "POST":
        choice = request.POST.get("answer")
        if choice not in ("accepter", "decliner"):
            return bad_request(request, "Choisissez « Accepter » ou « Décliner ».")
        try:
            introductions.answer(intro, accept=choice == "accepter")
        except introductions.IntroductionError as error:
            return bad_request(request, str(error), 409)
        return render(request, "advisor/introduction_answered.html", {"request_": intro})
    return render(request, "advisor/introduction_answer.html", {"request_": intro})


@never_cache
@require_http_methods(["GET", "POST"])
def contact_confirm(request, token):
    """The named contact confirms, themselves, that they accept introduction requests (the
    signed link in their e-mail; no login needed, like the answer to a request)."""
    try:
        presence = introductions.presence_for_confirmation(token)
    except introductions.IntroductionError as error:
        return bad_request(request, str(error))
    if request.method == "POST":
        introductions.confirm_contact(presence)
        return render(request, "advisor/contact_confirmed.html", {"presence": presence})
    return render(request, "advisor/contact_confirm.html", {"presence": presence})


def rules(request):
    """How ratings are collected, moderated and dated (public: Code de la consommation,
    L111-7-2)."""
    return render(request, "advisor/rules.html", {"min_ratings": settings.ADVISOR_MIN_RATINGS})
