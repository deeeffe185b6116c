"""Who can read a file: the rule for documents and uploaded files used by pages.

Wagtail's files (documents, our audio assets) have no draft state: uploading one does not
say whether it may be read yet. The pages that use it do. A file is public when a live page
that anyone may read uses it (Wagtail's reference index records what a page's published row
points to: foreign keys, chooser blocks, rich-text links), or, for documents, when a moderator
marked it public on purpose (`core.models.PublicDocument`). Otherwise only the people working
on a page that uses it (in its published row, latest draft or any scheduled revision) may
read it, and a reader a page's view restriction lets in may read what that live page uses.
See docs/operations.md, "Who can read a file".
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import ForeignKey, Q
from wagtail.models import Page, ReferenceIndex, Revision, get_page_models
from wagtail.permissions import policy_registry

from .admin_access import editable_pages


def content_type_of(model):
    return ContentType.objects.get_for_model(model)


def page_references(model):
    """The reference index's rows from pages' published rows to rows of `model`."""
    return ReferenceIndex.objects.filter(
        base_content_type=content_type_of(Page), to_content_type=content_type_of(model)
    )


def page_ids_using(instance):
    """Pages whose published row uses `instance`, by the reference index."""
    return set(
        page_references(type(instance))
        .filter(to_object_id=str(instance.pk))
        .values_list("object_id", flat=True)
    )


def revision_fields(model):
    """(page content type, field name) of every page foreign key to `model`.

    Revisions are not in the reference index; their content stores a foreign key as the
    target's id under the field's name, which JSON lookups reach on SQLite and PostgreSQL.
    """
    return [
        (content_type_of(page_model), field.name)
        for page_model in get_page_models()
        for field in page_model._meta.concrete_fields
        if isinstance(field, ForeignKey)
        and field.related_model is model
        and field.model is page_model  # inherited fields are found on their own model
    ]


def pending_revisions():
    """Revisions that may still become public: each page's latest one, and every scheduled one
    (a newer draft does not cancel a scheduled release)."""
    return Revision.page_revisions.filter(
        Q(pk__in=Page.objects.values("latest_revision_id")) | Q(approved_go_live_at__isnull=False)
    )


def draft_page_ids_using(instance):
    """Pages whose latest draft or a scheduled revision uses `instance` in a foreign key."""
    condition = Q(pk__in=[])
    for content_type, field in revision_fields(type(instance)):
        condition |= Q(content_type=content_type, **{f"content__{field}": instance.pk})
    rows = pending_revisions().filter(condition).values_list("object_id", flat=True)
    return {int(pk) for pk in rows}


def all_page_ids_using(instance):
    return {int(pk) for pk in page_ids_using(instance)} | draft_page_ids_using(instance)


def is_publicly_used(instance):
    """A live page that anyone may read uses it."""
    ids = page_ids_using(instance)
    return bool(ids) and Page.objects.live().public().filter(pk__in=ids).exists()


def document_is_public(document):
    from .models import PublicDocument

    return PublicDocument.objects.filter(document=document).exists() or is_publicly_used(document)


def live_pages_a_replacement_would_change(user, document):
    """Live pages using the document that the user may not publish: replacing its file would
    change what they offer without a moderator (a document has no draft of its own)."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    from .models import PublicDocument

    publishable = PagePermissionPolicy().instances_user_has_permission_for(user, "publish")
    live = Page.objects.live().filter(pk__in=page_ids_using(document))
    blocked = list(live.exclude(pk__in=publishable.values("pk")).order_by("title"))
    if PublicDocument.objects.filter(document=document).exists() and not user.has_perm(
        "core.change_publicdocument"
    ):
        blocked.append(None)  # marked public by a moderator: theirs to change
    return blocked


def lets_in(page, request):
    """A live page has view restrictions and every one of them accepts this request."""
    restrictions = page.get_view_restrictions()
    return bool(restrictions) and all(r.accept_request(request) for r in restrictions)


def can_read_document(request, document):
    """The rule stated in the module docstring; a document no page uses yet may also be read
    by who may change it in the library (to check an upload before choosing it)."""
    if document_is_public(document):
        return True
    user = request.user
    if not user.is_authenticated:
        return False
    page_ids = all_page_ids_using(document)
    if not page_ids:
        policy = policy_registry.get_by_type(type(document))
        return policy.user_has_permission_for_instance(user, "change", document)
    if editable_pages(user).filter(pk__in=page_ids).exists():
        return True
    published = Page.objects.live().filter(pk__in=page_ids_using(document))
    return any(lets_in(page, request) for page in published)


def uses(model):
    """Every (file id, page id) pair: published rows and pending revisions."""
    pairs = {
        (int(target), int(page))
        for target, page in page_references(model).values_list("to_object_id", "object_id")
    }
    for content_type, field in revision_fields(model):
        rows = pending_revisions().filter(content_type=content_type)
        for page, target in rows.values_list("object_id", f"content__{field}"):
            if isinstance(target, int):
                pairs.add((target, int(page)))
    return pairs


def withheld_from(user, model, public_ids=()):
    """Ids of files the user may not see in admin lists, choosers and APIs.

    Withheld: a file some page uses, none of them live and public, and none the user edits or
    publishes; a draft's file tells what is coming. Files no page uses stay visible to those
    who may open the library: it is where editors find them. `public_ids` are files public
    for another reason (documents marked public).
    """
    pages_of = {}
    for target, page in uses(model):
        pages_of.setdefault(target, set()).add(page)
    rows = [
        (int(target), int(page))
        for target, page in page_references(model).values_list("to_object_id", "object_id")
    ]
    public_pages = set(
        Page.objects.live()
        .public()
        .filter(pk__in={page for _, page in rows})
        .values_list("pk", flat=True)
    )
    published = {target for target, page in rows if page in public_pages}
    editable = set(editable_pages(user).values_list("pk", flat=True))
    return {
        target
        for target, pages in pages_of.items()
        if target not in published and target not in public_ids and not pages & editable
    }
