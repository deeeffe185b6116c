"""Position papers for journalists: themes, the positions index, positions and the press room."""

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import KeyFiguresBlock
from core.images import image_field, prefetch_renditions
from core.pages import SitePage, site_pages
from core.routing import FileRoutesMixin
from core.validators import french_phone_validator

from .blocks import PositionStreamBlock, PressKitItemBlock
from .documents import InvalidPdf, document_page_count
from .feeds import FEED_FORMATS, build_feed, feed_query


def french_sort_key(text):
    """Accents and case set aside, then the accented form after the plain one (côte < côté)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return plain.casefold(), text


class Theme(index.Indexed, models.Model):
    """A policy theme (foncier, énergie…) shared by positions and by representatives' mandates."""

    name = models.CharField("Nom", max_length=80, unique=True)
    slug = models.SlugField(
        "Identifiant d'adresse",
        max_length=80,
        unique=True,
        help_text="Le nom du thème dans les adresses, en minuscules, sans accents ni espaces : "
        "« energie » donne https://www.cpme-occitanie.fr/prises-de-position/?theme=energie.",
    )
    description = models.TextField("Description", blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("description"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "thème"
        verbose_name_plural = "thèmes"

    def __str__(self):
        return self.name

    @classmethod
    def in_french_order(cls, queryset=None):
        """Themes sorted as a French reader expects: « Énergie » among the E, not after
        « Travail » where SQLite's byte order (and PostgreSQL's C collation) put it."""
        themes = cls.objects.all() if queryset is None else queryset
        return sorted(themes, key=lambda theme: french_sort_key(theme.name))


class PressPerson(index.Indexed, models.Model):
    """Someone journalists can quote or call; photo and phone are optional."""

    name = models.CharField("Nom", max_length=120)
    role = models.CharField("Fonction", max_length=200)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Photo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField("E-mail", blank=True)
    phone = models.CharField(
        "Téléphone", max_length=20, blank=True, validators=[french_phone_validator]
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("email"),
        FieldPanel("phone"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("role")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.role}"


class Spokesperson(PressPerson):
    """Who journalists may quote or interview; requests go through the press office, so the
    press room shows no direct line for them."""

    bio = models.TextField(
        "Courte biographie",
        max_length=600,
        blank=True,
        help_text="Trois ou quatre phrases, reprises telles quelles dans l'espace presse.",
    )
    photo_credit = models.CharField(
        "Crédit de la photo",
        max_length=120,
        default="CPME Occitanie",
        help_text="À mentionner par les journalistes qui reprennent la photo.",
    )
    themes = models.ManyToManyField(
        "positions.Theme",
        verbose_name="Thèmes sur lesquels s'exprimer",
        blank=True,
        related_name="spokespeople",
    )

    panels = [
        *PressPerson.panels,
        FieldPanel("photo_credit"),
        FieldPanel("bio"),
        FieldPanel("themes", widget=CheckboxSelectMultiple),
    ]

    class Meta(PressPerson.Meta):
        verbose_name = "porte-parole"
        verbose_name_plural = "porte-parole"


class PressContact(PressPerson):
    class Meta(PressPerson.Meta):
        verbose_name = "contact presse"
        verbose_name_plural = "contacts presse"


class PositionKind(models.TextChoices):
    POSITION = "position", "Prise de position"
    WHITE_PAPER = "livre-blanc", "Livre blanc"
    PRESS_RELEASE = "communique", "Communiqué de presse"
    TEST_PME = "test-pme", "Résultat Test PME Occitanie"


class PositionIndexPage(RoutablePageMixin, SitePage):
    """Every position, filterable by theme, kind and year, with RSS and Atom feeds."""

    visitor_label = "prises de position"

    intro = models.TextField("Introduction", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["positions.PositionPage"]
    max_count = 1
    per_page = 10

    page_description = (
        "La liste des prises de position, avec recherche, filtres et flux. Une seule par site."
    )

    class Meta:
        verbose_name = "index des prises de position"

    def positions(self):
        """Live, public positions of this index, newest first: what any public list may show."""
        return (
            PositionPage.objects.child_of(self).live().public().order_by("-publication_date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        from .views import position_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(position_listing(self.positions(), request.GET, self.per_page))
        # Each card shows its position's picture: their renditions in one query.
        prefetch_renditions(*(position.social_image for position in context["results"]))
        return context

    @path("flux/<str:fmt>/", name="feed")
    @path("flux/<str:fmt>/<slug:theme_slug>/", name="theme_feed")
    def feed(self, request, fmt, theme_slug=None):
        if fmt not in FEED_FORMATS:
            raise Http404("Format de flux inconnu.")
        positions = self.positions().prefetch_related("themes")
        title = f"{self.title} · CPME Occitanie"
        link = self.get_full_url(request)
        if theme_slug:
            theme = get_object_or_404(Theme, slug=theme_slug)
            positions = positions.filter(themes=theme)
            title = f"{self.title} – {theme.name} · CPME Occitanie"
            link = f"{link}?theme={theme.slug}"
        route = "theme_feed" if theme_slug else "feed"
        route_kwargs = {"fmt": fmt, **({"theme_slug": theme_slug} if theme_slug else {})}
        self_url = self.get_full_url(request) + self.reverse_subpage(route, kwargs=route_kwargs)
        body = build_feed(
            [position.feed_entry(request) for position in positions[:50]],
            fmt=fmt,
            title=title,
            link=link,
            self_url=self_url,
            description=self.intro or "Les prises de position de la CPME Occitanie.",
        )
        return HttpResponse(body, content_type=FEED_FORMATS[fmt])

    def feed_links(self):
        return {
            fmt: self.url + self.reverse_subpage("feed", kwargs={"fmt": fmt})
            for fmt in FEED_FORMATS
        }


def paris_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_default_timezone())


class PositionPageForm(WagtailAdminPageForm):
    """Checks the PDF when an editor saves, not in the model: a scheduled publication must
    never fail because of a file, or the embargoed text would not be released."""

    def clean(self):
        cleaned_data = super().clean()
        document = cleaned_data.get("pdf")
        self.instance.pdf_page_count = None
        if document:
            try:
                self.instance.pdf_page_count = document_page_count(document)
            except InvalidPdf as error:
                self.add_error("pdf", str(error))
        return cleaned_data


class PositionPage(SitePage):
    """One position paper, white paper, press release or Test PME result, citable by journalists."""

    serve_select_related = ("pdf", "social_image", "spokesperson__photo", "press_contact__photo")
    serve_prefetch_related = ("themes",)
    image_field_name = "social_image"
    og_type = "article"

    kind = models.CharField(
        "Type", max_length=20, choices=PositionKind.choices, default=PositionKind.POSITION
    )
    themes = ParentalManyToManyField(
        "positions.Theme", verbose_name="Thèmes", related_name="positions"
    )
    publication_date = models.DateField("Date de publication", default=timezone.localdate)
    updated_date = models.DateField(
        "Mise à jour le",
        null=True,
        blank=True,
        help_text="À renseigner si le texte a changé après sa publication.",
    )
    summary = models.TextField(
        "Résumé",
        max_length=600,
        help_text="Texte brut de 600 caractères au plus, repris sur les cartes, dans les flux "
        "et par les moteurs de recherche.",
    )
    body = StreamField(PositionStreamBlock(), verbose_name="Contenu", blank=True)
    pdf = models.ForeignKey(
        get_document_model_string(),
        verbose_name="Document PDF",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Version à télécharger. Elle reste inaccessible au public avant la mise en "
        "ligne de la page.",
    )
    pdf_page_count = models.PositiveIntegerField(
        "Nombre de pages du PDF", null=True, editable=False
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Image de partage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Affichée en tête de la page, sur sa carte et par les réseaux sociaux quand "
        "la page est partagée. Placez le point focal sur le sujet.",
    )
    spokesperson = models.ForeignKey(
        "positions.Spokesperson",
        verbose_name="Porte-parole",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
    )
    press_contact = models.ForeignKey(
        "positions.PressContact",
        verbose_name="Contact presse",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("themes", widget=CheckboxSelectMultiple),
                FieldPanel("publication_date"),
                FieldPanel("updated_date"),
            ],
            heading="Classement et dates",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("pdf"),
        MultiFieldPanel(
            [FieldPanel("spokesperson"), FieldPanel("press_contact")], heading="Presse"
        ),
        InlinePanel("related_links", label="Contenu lié", heading="Contenus liés"),
    ]
    promote_panels = [*SitePage.promote_panels, FieldPanel("social_image")]
    # Title (boost 2 on Page), summary and proposals weigh more than the body's text.
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("proposal_text", boost=2),
        index.SearchField("body"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.FilterField("kind"),
        index.FilterField("publication_date"),
    ]

    base_form_class = PositionPageForm
    parent_page_types = ["positions.PositionIndexPage"]
    subpage_types = []

    page_description = (
        "Une prise de position, un livre blanc, un communiqué ou un résultat du Test PME, "
        "éventuellement sous embargo."
    )

    class Meta:
        verbose_name = "prise de position"
        verbose_name_plural = "prises de position"

    def clean(self):
        super().clean()
        if (
            self.updated_date
            and self.publication_date
            and self.updated_date < self.publication_date
        ):
            raise ValidationError(
                {"updated_date": "La mise à jour ne peut pas précéder la publication."}
            )

    def proposal_text(self):
        """The numbered proposals' titles: what journalists quote, weighted in search."""
        return " ".join(
            proposal["title"]
            for block in self.body
            if block.block_type == "proposals"
            for proposal in block.value["proposals"]
        )

    @classmethod
    def latest(cls, count):
        """The newest live, public positions anywhere on the site (home page, press room)."""
        return (
            cls.objects.live()
            .public()
            .order_by("-publication_date", "-pk")
            .select_related("social_image")
            .prefetch_related("themes")[:count]
        )

    @cached_property
    def index(self):
        """The parent listing in one query (get_parent().specific takes two)."""
        return PositionIndexPage.objects.filter(path=self.path[: -self.steplen]).first()

    @property
    def updated_or_published(self):
        return self.updated_date or self.publication_date

    def live_related_pages(self):
        """Related content that is itself public, in the editor's order."""
        ids = [link.related_page_id for link in self.related_links.all()]
        pages = site_pages().live().public().filter(pk__in=ids).specific().in_bulk()
        return [pages[pk] for pk in ids if pk in pages]

    def feed_entry(self, request):
        return {
            "title": self.title,
            "url": self.get_full_url(request),
            "summary": self.summary,
            "published": paris_midnight(self.publication_date),
            "updated": paris_midnight(self.updated_or_published),
            "categories": [theme.name for theme in self.themes.all()],
            "kind": self.get_kind_display(),
        }

    def get_context(self, request, *args, **kwargs):
        from .metadata import json_ld_script, news_article, social_image_url

        # The picture and the press people's portraits: their renditions in one query.
        people = (self.spokesperson, self.press_contact)
        prefetch_renditions(self.page_image, *(person.photo for person in people if person))
        context = super().get_context(request, *args, **kwargs)
        context["related_pages"] = self.live_related_pages()
        context["json_ld"] = json_ld_script(news_article(self, request))
        context["social_image_url"] = social_image_url(self, request)
        return context


class PositionRelatedPage(Orderable):
    """Related content: other positions and Cash PME episodes."""

    page = ParentalKey("positions.PositionPage", related_name="related_links")
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page liée",
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [
        PageChooserPanel(
            "related_page", page_type=["positions.PositionPage", "podcast.EpisodePage"]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = "contenu lié"
        verbose_name_plural = "contenus liés"


EMBARGO_POLICY = (
    "Certains textes vous sont transmis sous embargo : ils ne peuvent être publiés, cités ni "
    "résumés avant la date et l'heure indiquées en tête du message. Sur ce site, un texte sous "
    "embargo et son PDF restent inaccessibles jusqu'à leur mise en ligne automatique. En cas "
    "de doute, appelez le service de presse avant de publier."
)


def feed_not_found(reason):
    return HttpResponseNotFound(reason, content_type="text/plain; charset=utf-8")


class PressRoomPage(FileRoutesMixin, SitePage):
    """The newsroom: every release and position, spokespeople, the press kit, coverage and the
    press office. Texts journalists reuse (boilerplate, embargo policy) are editable here."""

    intro = models.TextField("Introduction", blank=True)
    press_office_phone = models.CharField(
        "Téléphone du service de presse",
        max_length=20,
        blank=True,
        validators=[french_phone_validator],
    )
    press_office_email = models.EmailField("E-mail du service de presse", blank=True)
    embargo_policy = models.TextField("Politique d'embargo", default=EMBARGO_POLICY)
    boilerplate = models.TextField(
        "À propos de la CPME Occitanie",
        blank=True,
        help_text="Le paragraphe de présentation que les journalistes copient en fin d'article.",
    )
    key_figures = StreamField(
        [("figures", KeyFiguresBlock())],
        verbose_name="Chiffres clés",
        blank=True,
        block_counts={"figures": {"max_num": 1}},
    )
    image = image_field()
    kit = StreamField(
        [("image", PressKitItemBlock())],
        verbose_name="Photos haute définition du kit presse",
        blank=True,
        help_text="Les logos (clair et sombre, SVG et PNG) sont ajoutés d'office.",
    )

    serve_select_related = ("image",)
    image_field_name = "image"

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("press_office_phone"),
                FieldPanel("press_office_email"),
                FieldPanel("embargo_policy"),
            ],
            heading="Service de presse",
        ),
        MultiFieldPanel(
            [FieldPanel("boilerplate"), FieldPanel("key_figures"), FieldPanel("kit")],
            heading="Kit presse",
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    per_page = 12

    page_description = (
        "L'espace presse : contacts, dernières prises de position et kit presse. Un seul par site."
    )

    class Meta:
        verbose_name = "espace presse"

    def publications(self):
        """Every live, public position and press release of the site, newest first."""
        return PositionPage.objects.live().public().order_by("-publication_date", "-pk")

    def get_context(self, request, *args, **kwargs):
        from .press_room import coverage, logo_pack, press_room_people
        from .views import position_listing

        people = press_room_people()
        # The header picture, the portraits and the kit's photos: their renditions in one
        # query (SitePage.get_context then finds the header's already read).
        prefetch_renditions(
            self.page_image,
            *(person.photo for group in people.values() for person in group),
            *(block.value["image"] for block in self.kit),
        )
        context = super().get_context(request, *args, **kwargs)
        context.update(position_listing(self.publications(), request.GET, self.per_page))
        context.update(people)
        context["coverage"] = coverage()
        context["logos"] = logo_pack()
        filters = context["filters"]
        query = feed_query(filters["theme"], filters["kind"])
        context["feed_links"] = {fmt: url + query for fmt, url in self.feed_links().items()}
        return context

    @path("flux/<str:fmt>/", name="feed")
    def feed(self, request, fmt):
        """RSS or Atom of the list, narrowed by ?theme= and ?kind= like the page itself.
        A value that matches nothing is a 404 whose plain-text body says why."""
        if fmt not in FEED_FORMATS:
            return feed_not_found("Format de flux inconnu : utilisez « rss » ou « atom ».")
        positions = self.publications().prefetch_related("themes")
        title = f"{self.title} · CPME Occitanie"
        theme_slug = request.GET.get("theme", "")
        kind = request.GET.get("kind", "")
        if theme_slug:
            theme = Theme.objects.filter(slug=theme_slug[:80]).first()
            if theme is None:
                return feed_not_found("Thème inconnu : ce flux n'existe pas.")
            positions = positions.filter(themes=theme)
            title = f"{self.title} – {theme.name} · CPME Occitanie"
        if kind:
            if kind not in PositionKind.values:
                return feed_not_found("Type de publication inconnu : ce flux n'existe pas.")
            positions = positions.filter(kind=kind)
            title = f"{title} ({PositionKind(kind).label})"
        query = feed_query(theme_slug, kind)
        body = build_feed(
            [position.feed_entry(request) for position in positions[:50]],
            fmt=fmt,
            title=title,
            link=self.get_full_url(request) + query,
            self_url=self.get_full_url(request) + self.reverse_subpage("feed", args=[fmt]) + query,
            description=self.intro or "Communiqués et prises de position de la CPME Occitanie.",
        )
        return HttpResponse(body, content_type=FEED_FORMATS[fmt])

    def feed_links(self):
        return {fmt: self.url + self.reverse_subpage("feed", args=[fmt]) for fmt in FEED_FORMATS}

    @path("kit-presse.zip/", name="kit_zip")
    def kit_zip(self, request):
        """The whole press kit as one ZIP, written while it is sent (see press_room.py)."""
        from .press_room import kit_files, kit_zip_response

        return kit_zip_response(kit_files(self))
