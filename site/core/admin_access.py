"""Which pages an admin user may see the unpublished state of, and which snippets they may
see listed.

Wagtail shows every page's latest draft title in its page chooser and dashboards, to anyone
who can open the admin. Embargoed texts are drafts and scheduled revisions: their titles are
for the people who work on them, i.e. who may edit or publish the page.
"""

from django.db.models import Q
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)


def editable_pages(user):
    return PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change", "publish"])


def visible_in_admin_lists(pages, user):
    """Pages the user works on, and published pages whose public state is all there is.

    One primary-key filter over a subquery, because search backends filter on indexed fields
    only and the page chooser searches the queryset it gets.
    """
    visible = Page.objects.filter(
        Q(pk__in=editable_pages(user).values("pk")) | Q(live=True, has_unpublished_changes=False)
    )
    return pages.filter(pk__in=visible.values("pk"))


def listed_snippets(request, model):
    """The rows of a snippet model this staff member may see: those of its admin listing
    (the viewset's `get_queryset`, e.g. their departments), to those who may open that
    listing; nobody else. Wagtail's snippet chooser and bulk actions otherwise name every
    row to anyone who reaches the admin (an editor would read colleagues' invitation
    addresses, hidden needs' titles)."""
    viewset = model.snippet_viewset
    if not viewset.permission_policy.user_has_any_permission(
        request.user, ["add", "change", "delete", "view"]
    ):
        return model._default_manager.none()
    rows = viewset.get_queryset(request)
    return model._default_manager.all() if rows is None else rows


class StaffChooseView(ChooseView):
    def get_object_list(self):
        return listed_snippets(self.request, self.model_class)


class StaffChooseResultsView(ChooseResultsView):
    def get_object_list(self):
        return listed_snippets(self.request, self.model_class)


class StaffChosenView(SnippetChosenView):
    def get_object(self, pk):
        return listed_snippets(self.request, self.model_class).get(pk=pk)


class StaffChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return listed_snippets(self.request, self.model_class).filter(pk__in=pks)


class StaffChooserViewSet(SnippetChooserViewSet):
    """The chooser of the members' and the Export Advisor's snippets, limited like their
    listings (`listed_snippets`)."""

    choose_view_class = StaffChooseView
    choose_results_view_class = StaffChooseResultsView
    chosen_view_class = StaffChosenView
    chosen_multiple_view_class = StaffChosenMultipleView
