"""Thin views: the report page's and the media plan's routes, and the admin's CSV import."""

import base64
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin_access import editable_pages
from core.charts import bar_chart
from core.ical import build_calendar, calendar_response
from core.pages import site_pages
from positions.models import Theme

from .exports import (
    CSV_SEPARATORS,
    export_queryset,
    iter_csv,
    iter_json,
    media_action_vevent,
    table_schema,
)
from .figures import (
    ROW_FIELDS,
    compute_figures,
    department_map,
    media_figures,
    media_timeline,
    promoted_pages,
)
from .forms import ImportConfirmForm, ImportUploadForm, MandateFilterForm, filter_mandates
from .imports import COLUMN_HELP, COLUMNS, REQUIRED_COLUMNS, import_template, parse, run_import
from .models import BodyKind, BodyLevel, MandateRole, MediaStatus, visible_statuses

IMPORT_PERMISSIONS = ["influence.add_body", "influence.add_representative", "influence.add_mandate"]


def filtered(page, request):
    """The page's published mandates narrowed by the valid GET filters, and the form."""
    form = MandateFilterForm(request.GET, Theme.in_french_order(Theme.objects.only("slug", "name")))
    filters = form.active_filters()
    return filter_mandates(page.published_mandates(), filters), form, filters


def report(page, request):
    mandates, form, filters = filtered(page, request)
    day = page.get_reference_date()
    figures = compute_figures(page.published_mandates().values(*ROW_FIELDS), day)
    query = form.query_string()
    return page.render(
        request,
        context_overrides={
            "reference_date": day,
            "figures": figures,
            "kind_chart": bar_chart(figures.by_kind),
            "level_chart": bar_chart(figures.by_level),
            "map": department_map(figures.by_department, filters.get("department", "")),
            "filter_form": form,
            "filters": filters,
            "mandates": export_queryset(mandates),
            "export_query": f"?{query}" if query else "",
            "export_query_semicolon": f"?{query}&sep=%3B" if query else "?sep=%3B",
        },
    )


def export_csv(page, request):
    mandates, _form, _filters = filtered(page, request)
    separator = CSV_SEPARATORS.get(request.GET.get("sep", ","), ",")
    response = StreamingHttpResponse(
        iter_csv(mandates, separator), content_type="text/csv; charset=utf-8"
    )
    suffix = "-point-virgule" if separator == ";" else ""
    response["Content-Disposition"] = f'attachment; filename="mandats-{page.year}{suffix}.csv"'
    return response


def export_json(page, request):
    mandates, _form, filters = filtered(page, request)
    metadata = {
        "annee": page.year,
        "date_reference": page.get_reference_date().isoformat(),
        "source": page.full_url,
        "filtres": filters,
    }
    return StreamingHttpResponse(
        iter_json(mandates, metadata), content_type="application/json; charset=utf-8"
    )


def export_schema(page, request):
    return JsonResponse(table_schema(), json_dumps_params={"ensure_ascii": False, "indent": 2})


def sees_internal_view(page, request):
    """Whoever may edit or publish the media plan sees every action of it, in a preview or on
    the live page when logged in; everyone else (admin access alone included) gets the public
    view. Wagtail shows previews only to those who may edit the page."""
    if getattr(request, "is_preview", False):
        return True
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    permissions = page.permissions_for_user(user)
    return permissions.can_edit() or permissions.can_publish()


def linked_page_ids(actions):
    return {action.linked_position_id or action.linked_episode_id for action in actions} - {None}


def team_page_ids(actions, request):
    """Promoted pages the team's view may name though unpublished: those the user works on
    (a media plan's editor may have no right on an embargoed position it promotes)."""
    ids = linked_page_ids(actions)
    if not ids:
        return set()
    pages = editable_pages(request.user).filter(pk__in=ids)
    return set(pages.values_list("pk", flat=True))


def public_page_ids(actions):
    """Ids of the promoted pages a visitor may open: live and outside any private section."""
    ids = linked_page_ids(actions)
    if not ids:
        return set()
    return set(site_pages().live().public().filter(pk__in=ids).values_list("pk", flat=True))


def private_response(response, internal):
    """The team's view must never be stored by a shared cache (CDN, proxy)."""
    if internal:
        patch_cache_control(response, private=True, no_cache=True)
    return response


def media_plan(page, request):
    internal = sees_internal_view(page, request)
    statuses = visible_statuses(internal=internal, planned_public=page.public_planned_actions)
    actions = page.visible_actions(internal)
    public_ids = public_page_ids(actions)
    team_ids = team_page_ids(actions, request) if internal else set()
    figures = media_figures(actions, statuses)
    response = page.render(
        request,
        context_overrides={
            "internal_view": internal,
            "actions": actions,
            "timeline": media_timeline(actions),
            "coverage": [
                action
                for action in actions
                if action.status == MediaStatus.DONE and action.coverage_url
            ],
            "public_page_ids": public_ids,
            "team_page_ids": team_ids,
            "promoted": promoted_pages(actions, public_ids, team_page_ids=team_ids),
            "figures": figures,
            "channel_chart": bar_chart(figures.by_channel),
            "status_chart": bar_chart(figures.by_status),
        },
    )
    return private_response(response, internal)


def media_plan_ical(page, request):
    internal = sees_internal_view(page, request)
    actions = page.visible_actions(internal)
    page_url = page.get_full_url(request)
    shown_ids = public_page_ids(actions) | (team_page_ids(actions, request) if internal else set())
    body = build_calendar(
        actions,
        name=f"{page.title} – CPME Occitanie{' (vue interne)' if internal else ''}",
        domain=request.get_host().split(":")[0],
        url_for=lambda action: f"{page_url}#action-{action.pk}",
        make_vevent=partial(media_action_vevent, shown_page_ids=shown_ids),
    )
    return private_response(calendar_response(body, page.slug), internal)


PREVIEW_ROWS = 100


def may_publish_people(request):
    return request.user.has_perm("influence.publish_representative")


def import_template_download(request):
    """« Télécharger le modèle »: the header and two example rows, to fill in a spreadsheet."""
    if not request.user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied
    response = HttpResponse(import_template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-mandats.csv"'
    return response


class ImportView(WagtailAdminTemplateMixin, TemplateView):
    """Upload a CSV, see what it would create, confirm: nothing is written before that."""

    template_name = "influence/admin/import.html"
    page_title = "Importer des mandats"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        if report := kwargs.get("report"):
            # A 2 MB file holds tens of thousands of rows: the preview lists the first ones.
            kwargs.update(
                planned_shown=report.planned[:PREVIEW_ROWS],
                planned_left=max(len(report.planned) - PREVIEW_ROWS, 0),
                errors_shown=report.errors[:PREVIEW_ROWS],
                errors_left=max(len(report.errors) - PREVIEW_ROWS, 0),
            )
        return super().get_context_data(
            upload_form=kwargs.pop("upload_form", None) or ImportUploadForm(),
            column_help=[(name, name in REQUIRED_COLUMNS, *COLUMN_HELP[name]) for name in COLUMNS],
            kinds=BodyKind.choices,
            levels=BodyLevel.choices,
            roles=MandateRole.choices,
            themes=Theme.in_french_order(),
            **kwargs,
        )

    def post(self, request):
        if "payload" in request.POST:
            return self.confirm(request)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(upload_form=form))
        data = form.cleaned_data["csv_file"].read()
        report = parse(data, may_publish_people=may_publish_people(request))
        confirm_form = None
        if report.ok:
            confirm_form = ImportConfirmForm(
                initial={"payload": base64.b64encode(data).decode("ascii")}
            )
        return self.render_to_response(
            self.get_context_data(report=report, confirm_form=confirm_form)
        )

    def confirm(self, request):
        form = ImportConfirmForm(request.POST)
        if not form.is_valid():
            for error in form.errors["payload"]:
                messages.error(request, error)
            return self.render_to_response(self.get_context_data())
        report = run_import(
            form.cleaned_data["payload"], may_publish_people=may_publish_people(request)
        )
        if not report.imported:
            return self.render_to_response(self.get_context_data(report=report))
        messages.success(
            request,
            f"{len(report.planned)} mandat(s) importé(s), {len(report.new_bodies)} instance(s) "
            f"et {len(report.new_people)} mandataire(s) créé(s).",
        )
        return redirect(reverse("wagtailsnippets_influence_mandate:list"))
