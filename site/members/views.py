"""Members' pages: thin views over `organisations`, `needs` and the checks in `access`."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.ratelimit import over_limit

from . import consortium, digest, gdpr, limits, needs, organisations, ratings, search
from .access import LOGIN_URL, member_required, membership_of
from .forms import (
    AlertForm,
    DecisionForm,
    InvitationForm,
    JoinForm,
    NeedForm,
    OrganisationCreateForm,
    OrganisationForm,
    RatingForm,
    ReportForm,
    ResponseForm,
)
from .models import (
    Alert,
    BuyerRating,
    NeedAttachment,
    NeedReport,
    NeedStatus,
    Organisation,
    OrganisationKind,
    PartnerStatus,
    ResponseStatus,
)
from .search import DirectoryFilterForm, NeedFilterForm


def bad_request(request, message, status=400):
    return render(request, "members/forbidden.html", {"message": message}, status=status)


@never_cache
@member_required
def dashboard(request):
    organisation = request.membership.organisation
    return render(
        request,
        "members/dashboard.html",
        {
            "membership": request.membership,
            "organisation": organisation,
            "waiting_invitations": organisation.partner_invitations.filter(
                needs.readable_by(organisation, "response__need__"),
                status=PartnerStatus.INVITED,
            ).count(),
        },
    )


@never_cache
@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def create_organisation(request):
    if membership_of(request.user) is not None:
        return redirect("members:dashboard")
    form = OrganisationCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.filled_by_a_bot():
            return bad_request(
                request,
                "Votre demande n'a pas été enregistrée : le champ « Ne remplissez pas ce "
                "champ » doit rester vide.",
            )
        if form.is_valid():
            organisations.create_organisation(form, request.user)
            return redirect("members:dashboard")
    return render(
        request,
        "members/organisation_create.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def organisation(request):
    """The organisation's page: its people, and for its admin the form and invitations."""
    membership = request.membership
    org = membership.organisation
    form = invitation_form = None
    status = 200
    if membership.is_admin:
        form = OrganisationForm(
            request.POST if "save" in request.POST else None,
            request.FILES if "save" in request.POST else None,
            instance=org,
        )
        invitation_form = InvitationForm(
            request.POST if "invite" in request.POST else None, organisation=org
        )
        if request.method == "POST":
            if "save" in request.POST and form.is_valid():
                form.save()
                messages.success(request, "La fiche de l'organisation est enregistrée.")
                return redirect("members:organisation")
            if "invite" in request.POST and invitation_form.is_valid():
                organisations.invite(
                    org, invitation_form.cleaned_data["email"], request.user, request
                )
                messages.success(request, "L'invitation est envoyée.")
                return redirect("members:organisation")
            status = 400
    elif request.method == "POST":
        return bad_request(
            request, "Seul l'administrateur de votre organisation peut faire cela.", 403
        )
    return render(
        request,
        "members/organisation.html",
        {
            "organisation": org,
            "membership": membership,
            "people": org.memberships.select_related("user").order_by("full_name"),
            "invitations": organisations.with_state(
                org.invitations.filter(accepted_at__isnull=True).select_related(
                    "invited_by__membership"
                )
            ),
            "form": form,
            "invitation_form": invitation_form,
        },
        status=status,
    )


@never_cache
@member_required(admin=True)
@require_POST
def invitation_revoke(request, pk):
    """An organisation's admin revokes one of its invitations; another organisation's
    invitation is a 404, like one that does not exist."""
    invitation = get_object_or_404(request.membership.organisation.invitations.all(), pk=pk)
    try:
        organisations.revoke(invitation, request.user)
    except organisations.RevokeError as error:
        return bad_request(request, str(error), 409)
    messages.success(
        request, f"L'invitation envoyée à {invitation.email} est annulée : son lien ne marche plus."
    )
    return redirect("members:organisation")


@never_cache
@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def join(request, token):
    try:
        invitation = organisations.pending_invitation(token)
    except organisations.InvitationError as error:
        return bad_request(request, str(error))
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisations.accept(
                invitation,
                request.user,
                form.cleaned_data["full_name"],
                form.cleaned_data["job_title"],
            )
        except organisations.InvitationError as error:
            return bad_request(request, str(error))
        return redirect("members:dashboard")
    return render(
        request,
        "members/join.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )


def download(stored_file, name):
    """A private attachment, as a download that cannot run as a page of the site."""
    try:
        handle = stored_file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("Fichier introuvable.") from error
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def too_many(request, message):
    return bad_request(request, message, 429)


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def need_create(request):
    form = NeedForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if over_limit(
            f"members-need:{request.membership.organisation_id}",
            limits.NEEDS_PER_DAY_PER_ORGANISATION,
            limits.DAY,
        ):
            return too_many(
                request,
                "Votre organisation a publié beaucoup de besoins aujourd'hui : réessayez demain.",
            )
        need = needs.publish(form, request.membership)
        messages.success(request, "Votre besoin est publié.")
        return redirect("members:need", pk=need.pk)
    return render(
        request,
        "members/need_form.html",
        {"form": form, "need": None},
        status=400 if form.errors else 200,
    )


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def need_edit(request, pk):
    need = needs.need_for_owner(request.membership.organisation, pk)
    form = NeedForm(request.POST or None, request.FILES or None, instance=need)
    if request.method == "POST" and form.is_valid():
        form.save()
        needs.add_attachment(need, form.cleaned_data.get("attachment"))
        messages.success(request, "Le besoin est mis à jour.")
        return redirect("members:need", pk=need.pk)
    return render(
        request,
        "members/need_form.html",
        {"form": form, "need": need},
        status=400 if form.errors else 200,
    )


@never_cache
@member_required
def need_detail(request, pk):
    organisation = request.membership.organisation
    need = needs.need_for_reader(organisation, pk)
    own = need.organisation_id == organisation.pk
    context = {
        "need": need,
        "own": own,
        "attachments": need.attachments.all(),
        "categories": need.categories.all(),
        "departments": need.departments.all(),
    }
    context["buyer_rating"] = ratings.aggregate(need.organisation)
    if own:
        context["responses"] = consortium.with_accepted_partners(
            need.responses.select_related("organisation")
        )
        context["decision_form"] = DecisionForm()
    else:
        context["my_response"] = need.responses.filter(organisation=organisation).first()
        if need.is_open() and context["my_response"] is None:
            context["response_form"] = response_form(
                need,
                organisation,
                initial={
                    "contact_name": request.membership.full_name,
                    "contact_email": request.user.email,
                },
            )
            context["suggestions"] = context["response_form"].fields["partners"].queryset
        context["report_form"] = ReportForm()
    return render(request, "members/need_detail.html", context)


@never_cache
@member_required
@require_POST
def need_close(request, pk):
    need = needs.need_for_owner(request.membership.organisation, pk)
    if need.status == NeedStatus.OPEN:
        needs.close(need)
        messages.success(request, "Le besoin est clos.")
    return redirect("members:need", pk=need.pk)


@never_cache
@member_required
@require_POST
def need_report(request, pk):
    organisation = request.membership.organisation
    need = needs.need_for_reader(organisation, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return bad_request(request, form.errors["reason"][0])
    if over_limit(
        f"members-report:{organisation.pk}", limits.REPORTS_PER_DAY_PER_ORGANISATION, limits.DAY
    ):
        return too_many(request, "Trop de signalements aujourd'hui : réessayez demain.")
    NeedReport.objects.create(need=need, reporter=organisation, reason=form.cleaned_data["reason"])
    messages.success(request, "Merci : l'équipe de la CPME Occitanie va examiner ce besoin.")
    return redirect("members:need", pk=need.pk)


@never_cache
@member_required
def need_attachment(request, pk, attachment_pk):
    need = needs.need_for_reader(request.membership.organisation, pk)
    attachment = get_object_or_404(NeedAttachment, pk=attachment_pk, need=need)
    return download(attachment.file, attachment.name)


def response_form(need, organisation, response=None, **kwargs):
    """The response form, its partner choices limited to the consortium suggestions (and
    the partners already named, should they have left the suggestions since)."""
    named = consortium.active_partner_ids(response) if response else set()
    initial = {**kwargs.pop("initial", {}), "partners": list(named)}
    form = ResponseForm(instance=response, initial=initial, **kwargs)
    departments = [d.code for d in need.departments.all()]
    categories = [c.pk for c in need.categories.all()]
    if organisation.kind == OrganisationKind.SME:
        suggested = consortium.suggestions(need, organisation, departments, categories)
        form.fields["partners"].queryset = Organisation.objects.filter(
            pk__in={o.pk for o in suggested} | named
        )
    if response is not None:
        answered = response.partner_invitations.filter(
            status__in=(PartnerStatus.DECLINED, PartnerStatus.REVOKED)
        ).values_list("organisation_id", "status")
        form.declined_ids = frozenset(o for o, s in answered if s == PartnerStatus.DECLINED)
        form.revoked_ids = frozenset(o for o, s in answered if s == PartnerStatus.REVOKED)
    return form


@never_cache
@member_required
@require_POST
def rate_buyer(request, pk):
    response = needs.response_for(request.membership.organisation, pk)
    if response.organisation_id != request.membership.organisation_id:
        raise Http404("Réponse introuvable.")
    if not ratings.may_rate(response):
        return bad_request(request, "Vous pourrez évaluer l'acheteur une fois le besoin clos.", 409)
    if hasattr(response, "rating"):
        return bad_request(request, "Vous avez déjà évalué cet acheteur pour ce besoin.", 409)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return bad_request(request, "Répondez à la question « L'acheteur a-t-il répondu ? ».")
    BuyerRating.objects.create(response=response, **form.values())
    messages.success(request, "Merci : votre évaluation est comptée, anonymement, dans le total.")
    return redirect("members:response", pk=response.pk)


@never_cache
@member_required
@require_POST
def respond(request, pk):
    organisation = request.membership.organisation
    need = needs.need_for_reader(organisation, pk)
    if need.organisation_id == organisation.pk:
        return bad_request(request, "Vous ne pouvez pas répondre à votre propre besoin.", 403)
    if not need.is_open():
        return bad_request(request, "Ce besoin n'accepte plus de réponses.", 409)
    if need.responses.filter(organisation=organisation).exists():
        return bad_request(request, "Votre organisation a déjà répondu à ce besoin.", 409)
    form = response_form(need, organisation, data=request.POST, files=request.FILES)
    if not form.is_valid():
        return render(
            request,
            "members/need_detail.html",
            {
                "need": need,
                "own": False,
                "response_form": form,
                "attachments": need.attachments.all(),
                "categories": need.categories.all(),
                "departments": need.departments.all(),
                "report_form": ReportForm(),
            },
            status=400,
        )
    if over_limit(
        f"members-response:{organisation.pk}", limits.RESPONSES_PER_DAY_PER_ORGANISATION, limits.DAY
    ):
        return too_many(
            request,
            "Votre organisation a envoyé beaucoup de réponses aujourd'hui : réessayez demain.",
        )
    response = form.save(commit=False)
    response.need = need
    response.organisation = organisation
    response.author = request.user
    if response.attachment:
        response.attachment_name = form.cleaned_data["attachment"].name[-160:]
    with transaction.atomic():
        response.save()
        consortium.set_partners(response, form.cleaned_data["partners"], request.user)
    messages.success(
        request,
        "Votre réponse est envoyée à l'acheteur ; les partenaires choisis sont invités."
        if form.cleaned_data["partners"]
        else "Votre réponse est envoyée à l'acheteur.",
    )
    return redirect("members:response", pk=response.pk)


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def response_detail(request, pk):
    organisation = request.membership.organisation
    response = needs.response_for(organisation, pk)
    mine = response.organisation_id == organisation.pk
    form = None
    if mine and response.status == ResponseStatus.SUBMITTED and response.need.is_open():
        form = response_form(
            response.need,
            organisation,
            response=response,
            data=request.POST or None,
            files=request.FILES or None,
        )
        if request.method == "POST" and form.is_valid():
            saved = form.save(commit=False)
            if "attachment" in form.changed_data and form.cleaned_data["attachment"]:
                saved.attachment_name = form.cleaned_data["attachment"].name[-160:]
            with transaction.atomic():
                saved.save()
                consortium.set_partners(saved, form.cleaned_data["partners"], request.user)
            messages.success(request, "Votre réponse est mise à jour.")
            return redirect("members:response", pk=response.pk)
    elif request.method == "POST":
        return bad_request(request, "Cette réponse ne peut plus être modifiée.", 403)
    invitations = response.partner_invitations.select_related("organisation").order_by(
        "organisation__name"
    )
    my_invitation = next((i for i in invitations if i.organisation_id == organisation.pk), None)
    return render(
        request,
        "members/response_detail.html",
        {
            "response": response,
            "mine": mine,
            # The responder follows every invitation; the others see who accepted, and an
            # invited partner its own invitation.
            "invitations": invitations if mine else None,
            "accepted_partners": [i for i in invitations if i.status == PartnerStatus.ACCEPTED],
            "my_invitation": my_invitation,
            # The buyer's reason is for the responder and its accepted partners, not for an
            # organisation that was only invited to join.
            "shows_decision_reason": my_invitation is None
            or my_invitation.status == PartnerStatus.ACCEPTED,
            "form": form,
            "rating_form": RatingForm()
            if mine and ratings.may_rate(response) and not hasattr(response, "rating")
            else None,
        },
        status=400 if form is not None and form.errors else 200,
    )


@never_cache
@member_required
@require_POST
def response_decide(request, pk):
    organisation = request.membership.organisation
    response = needs.response_for(organisation, pk)
    if response.need.organisation_id != organisation.pk:
        raise Http404("Réponse introuvable.")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return bad_request(request, " ".join(form.errors.get("status", ["Décision invalide."])))
    needs.decide(response, form.cleaned_data["status"], form.cleaned_data["reason"])
    messages.success(request, "Votre décision est enregistrée.")
    return redirect("members:need", pk=response.need_id)


@never_cache
@member_required
def partner_invitations(request):
    """Invitations to joint responses received by the organisation, newest first; a need the
    organisation may no longer read is not named (`needs.with_need_visibility`)."""
    organisation = request.membership.organisation
    return render(
        request,
        "members/partner_invitations.html",
        {
            "invitations": needs.with_need_visibility(
                organisation.partner_invitations.select_related(
                    "response__need", "response__need__organisation", "response__organisation"
                ),
                organisation,
                "response__need__",
            ).order_by("-invited_at")[:100],
        },
    )


@never_cache
@member_required
@require_POST
def partner_invitation_answer(request, pk):
    """Accept or decline (`answer` = accepter / decliner), for the invited organisation only."""
    invitation = consortium.invitation_for(request.membership.organisation, pk)
    choice = request.POST.get("answer")
    if choice not in ("accepter", "decliner"):
        return bad_request(request, "Choisissez « Accepter » ou « Décliner ».")
    try:
        consortium.answer(invitation, request.user, accept=choice == "accepter")
    except consortium.AnswerError as error:
        return bad_request(request, str(error), 409)
    messages.success(
        request,
        f"Vous répondez avec {invitation.response.organisation.name} : l'acheteur le verra."
        if choice == "accepter"
        else "Invitation déclinée : l'acheteur ne verra pas votre organisation dans cette réponse.",
    )
    return redirect("members:partner_invitations")


@never_cache
@member_required
def response_attachment(request, pk):
    response = needs.response_for(request.membership.organisation, pk)
    if not response.attachment:
        raise Http404("Pas de pièce jointe.")
    return download(response.attachment, response.attachment_name or "reponse.pdf")


@never_cache
@member_required
def my_activity(request):
    organisation = request.membership.organisation
    return render(
        request,
        "members/my_activity.html",
        {
            "my_needs": organisation.needs.all()[:100],
            "my_responses": needs.with_need_visibility(
                organisation.responses.select_related("need", "need__organisation"),
                organisation,
                "need__",
            ).order_by("-created_at")[:100],
        },
    )


PER_PAGE = 20


def paginate(request, queryset):
    """A page of results; a page number past the end is a 404, garbage is page 1."""
    paginator = Paginator(queryset, PER_PAGE)
    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as error:
        raise Http404("Cette page de résultats n'existe pas.") from error


@never_cache
@member_required
def need_list(request):
    organisation = request.membership.organisation
    form = NeedFilterForm(request.GET or None)
    filters = form.active_filters() if request.GET else {}
    listing = (
        search.filter_needs(needs.open_needs(needs.visible_needs(organisation)), filters)
        .select_related("organisation")
        .order_by("-published_at", "-pk")
    )
    return render(
        request,
        "members/need_list.html",
        {"form": form, "page": paginate(request, listing), "filters": filters},
    )


@never_cache
@member_required
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.active_filters() if request.GET else {}
    listing = search.filter_directory(
        Organisation.objects.validated().filter(in_directory=True), filters
    )
    if not filters.get("q"):
        listing = listing.order_by("name", "pk")
    return render(
        request,
        "members/directory.html",
        {"form": form, "page": paginate(request, listing.distinct()), "filters": filters},
    )


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def alerts(request):
    alert, _ = Alert.objects.get_or_create(
        membership=request.membership, defaults={"active": False}
    )
    form = AlertForm(request.POST or None, instance=alert)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Vos alertes sont enregistrées.")
        return redirect("members:alerts")
    return render(request, "members/alerts.html", {"form": form})


@csrf_exempt  # the signed token is the authorisation; mail clients post without CSRF token
@never_cache
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request, token):
    alert = digest.alert_for_token(token)
    if alert is None:
        return bad_request(request, "Ce lien de désabonnement n'est pas valide.")
    if request.method == "POST":
        alert.active = False
        alert.save(update_fields=["active"])
        return render(request, "members/unsubscribed.html")
    return render(request, "members/unsubscribe.html")


@never_cache
@member_required
@require_POST
def response_payment(request, pk):
    """The commitment ledger: the SME that won says whether it was paid on time."""
    response = needs.response_for(request.membership.organisation, pk)
    if response.organisation_id != request.membership.organisation_id:
        raise Http404("Réponse introuvable.")
    if response.status != ResponseStatus.WON:
        return bad_request(request, "Seul un marché gagné peut être déclaré payé.", 409)
    answer = request.POST.get("paid_on_time")
    if answer not in ("oui", "non"):
        return bad_request(request, "Répondez « oui » ou « non ».")
    response.paid_on_time = answer == "oui"
    response.payment_reported_at = timezone.now()
    response.save(update_fields=["paid_on_time", "payment_reported_at"])
    messages.success(request, "Merci, votre déclaration est enregistrée.")
    return redirect("members:response", pk=response.pk)


@never_cache
@member_required
def data_export(request):
    """Everything the platform holds about the signed-in person, as JSON (GDPR, art. 15/20)."""
    export = gdpr.personal_data(request.membership)
    response = JsonResponse(export, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-pacte-occitan.json"'
    return response


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    if request.method == "POST":
        if request.POST.get("confirm") != "SUPPRIMER":
            return render(
                request,
                "members/delete_account.html",
                {"error": "Tapez SUPPRIMER en majuscules pour confirmer."},
                status=400,
            )
        gdpr.delete_person(request.membership)
        logout(request)
        return render(request, "members/account_deleted.html")
    return render(request, "members/delete_account.html")


def personal_data_notice(request):
    """What the platform stores, for the personal data policy (public, no login)."""
    return render(
        request, "members/personal_data.html", {"min_ratings": settings.MEMBERS_MIN_RATINGS}
    )
