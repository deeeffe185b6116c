"""The Cash PME podcast: the show, its episodes, and the audio files they play."""

import uuid
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F, Q, Subquery
from django.forms import CheckboxSelectMultiple
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.formats import duration, file_size
from core.images import prefetch_renditions
from core.pages import SitePage, site_pages
from core.routing import FileRoutesMixin

from .apple_categories import APPLE_CATEGORIES, CATEGORY_CHOICES, SUBCATEGORY_CHOICES
from .storage import get_audio_storage
from .transcripts import TranscriptError, parse_transcript

EPISODES_PER_PAGE = 10
APPLE_TEXT_LIMIT = 4000  # bytes, for the show description and episode summaries


def validate_apple_text_length(value):
    size = len(value.encode("utf-8"))
    if size > APPLE_TEXT_LIMIT:
        raise ValidationError(
            f"Ce texte pèse {file_size(size)} : Apple Podcasts en accepte 4 Ko au plus. Retirez "
            f"environ {size - APPLE_TEXT_LIMIT} caractères (une lettre accentuée compte double)."
        )


class AudioAsset(index.Indexed, models.Model):
    """An uploaded episode file: immutable, content-addressed, described by mutagen."""

    title = models.CharField("Titre", max_length=255)
    file = models.FileField("Fichier", storage=get_audio_storage, max_length=255, editable=False)
    sha256 = models.CharField("Empreinte SHA-256", max_length=64, unique=True, editable=False)
    mime_type = models.CharField("Type MIME", max_length=40, editable=False)
    size_bytes = models.BigIntegerField("Taille (octets)", editable=False)
    duration_seconds = models.FloatField("Durée (secondes)", editable=False)
    bitrate = models.PositiveIntegerField("Débit (bit/s)", editable=False)
    sample_rate = models.PositiveIntegerField("Échantillonnage (Hz)", editable=False)
    channels = models.PositiveSmallIntegerField("Canaux", editable=False)
    created_at = models.DateTimeField("Déposé le", auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Déposé par",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # "id" lets the chooser's search leave out files the user may not see (podcast.views).
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("id"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "fichier audio"
        verbose_name_plural = "fichiers audio"

    def __str__(self):
        return self.title

    @property
    def url(self):
        return self.file.url

    @property
    def duration_label(self):
        return duration(self.duration_seconds)

    @property
    def bitrate_label(self):
        return f"{round(self.bitrate / 1000)} kbit/s"


class ListenLink(Orderable):
    """Where else the show can be followed ("Écouter sur…")."""

    PLATFORMS = [
        ("apple", "Apple Podcasts"),
        ("spotify", "Spotify"),
        ("deezer", "Deezer"),
        ("youtube", "YouTube Music"),
        ("amazon", "Amazon Music"),
        ("podcast-addict", "Podcast Addict"),
        ("pocket-casts", "Pocket Casts"),
        ("antennapod", "AntennaPod"),
        ("overcast", "Overcast"),
        ("other", "Autre plateforme"),
    ]
    show = ParentalKey("podcast.PodcastPage", related_name="listen_links")
    platform = models.CharField("Plateforme", max_length=20, choices=PLATFORMS)
    url = models.URLField("Adresse de l'émission sur la plateforme")

    panels = [FieldRowPanel([FieldPanel("platform"), FieldPanel("url")])]


class PodcastPage(FileRoutesMixin, SitePage):
    """The show: everything a podcast directory asks about it, and the list of its episodes."""

    description = models.TextField(
        "Description",
        validators=[validate_apple_text_length],
        help_text="4 Ko au plus, soit environ 4 000 caractères.",
    )
    author = models.CharField("Auteur", max_length=120, default="CPME Occitanie")
    owner_name = models.CharField("Propriétaire (nom)", max_length=120)
    owner_email = models.EmailField(
        "Propriétaire (e-mail)",
        help_text="Apple et les annuaires écrivent à cette adresse pour vérifier l'émission.",
    )
    language = models.CharField("Langue", max_length=10, default="fr")
    apple_category = models.CharField(
        "Catégorie Apple", max_length=40, choices=CATEGORY_CHOICES, default="Business"
    )
    apple_subcategory = models.CharField(
        "Sous-catégorie Apple", max_length=40, choices=SUBCATEGORY_CHOICES, blank=True
    )
    explicit = models.BooleanField("Contenu explicite", default=False)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Pochette",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Carrée, JPEG ou PNG, au moins 1 400 × 1 400 pixels.",
    )
    show_type = models.CharField(
        "Type d'émission",
        max_length=10,
        choices=[("episodic", "Épisodique (du plus récent au plus ancien)"), ("serial", "Série")],
        default="episodic",
    )
    copyright = models.CharField("Droits", max_length=200, blank=True)
    funding_url = models.URLField("Lien de soutien ou d'adhésion", blank=True)
    funding_label = models.CharField("Libellé du lien de soutien", max_length=120, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldRowPanel([FieldPanel("owner_name"), FieldPanel("owner_email")]),
                FieldPanel("copyright"),
            ],
            heading="Auteur et propriétaire",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("apple_category"), FieldPanel("apple_subcategory")]),
                FieldRowPanel([FieldPanel("language"), FieldPanel("show_type")]),
                FieldPanel("explicit"),
            ],
            heading="Annuaires de podcasts",
        ),
        MultiFieldPanel(
            [FieldPanel("funding_url"), FieldPanel("funding_label")], heading="Soutien"
        ),
        InlinePanel("listen_links", heading="Écouter sur…", label="plateforme"),
    ]
    # The show's description says what it is (« le podcast… »): it weighs like a summary.
    search_fields = [*Page.search_fields, index.SearchField("description", boost=2)]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["podcast.EpisodePage"]
    image_field_name = "cover_image"

    page_description = (
        "L'émission de podcast (Cash PME) : sa présentation et son flux d'abonnement. Les "
        "épisodes se créent en dessous."
    )

    class Meta:
        verbose_name = "podcast"

    def clean(self):
        super().clean()
        subcategories = APPLE_CATEGORIES.get(self.apple_category, [])
        if self.apple_subcategory and self.apple_subcategory not in subcategories:
            raise ValidationError(
                {
                    "apple_subcategory": (
                        f"« {self.apple_subcategory} » n'est pas une sous-catégorie de "
                        f"« {self.apple_category} »."
                    )
                }
            )

    def published_episodes(self):
        """Live, public episodes, newest first: what listeners may see."""
        return (
            EpisodePage.objects.child_of(self)
            .live()
            .public()
            .select_related("audio")
            .order_by("-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Seasons together, the latest season first (episodes without a season last), so the
        # template can group them under one heading per season.
        listed = self.published_episodes().order_by(
            F("season").desc(nulls_last=True), "-first_published_at", "-pk"
        )
        paginator = Paginator(listed, EPISODES_PER_PAGE)
        try:
            episodes = paginator.page(request.GET.get("page") or 1)
        except PageNotAnInteger:
            episodes = paginator.page(1)
        except EmptyPage as error:
            raise Http404("Cette page de la liste des épisodes n'existe pas.") from error
        for episode in episodes:
            episode.__dict__["show"] = self  # their audio URLs need no query of their own
        context["episodes"] = episodes
        context["has_seasons"] = any(episode.season for episode in episodes)
        return context

    # Machine-readable routes, file-like (see core.routing). The views are imported on call:
    # they import these models.
    @re_path(r"^feed\.xml/$", name="feed")
    def feed(self, request):
        from .feed_views import feed

        return feed(request, self)

    @path("<uuid:guid>/audio.<str:ext>/", name="audio")
    def audio(self, request, guid, ext):
        from .feed_views import audio

        return audio(request, self, guid, ext)

    @path("<uuid:guid>/transcript.vtt/", name="transcript")
    def transcript_vtt(self, request, guid):
        from .feed_views import transcript

        return transcript(request, self, guid)

    @path("<uuid:guid>/lecteur/", name="embed")
    def embed(self, request, guid):
        from .embed_views import embed
        from .feed_views import published_episode

        return embed(request, self, published_episode(self, guid))

    @path("<uuid:guid>/chapters.json/", name="chapters")
    def chapters_json(self, request, guid):
        from .feed_views import chapters

        return chapters(request, self, guid)

    def route_url(self, name, full=True, **kwargs):
        base = self.get_full_url() if full else self.get_url()
        return base + self.reverse_subpage(name, kwargs=kwargs)

    @property
    def feed_url(self):
        return self.route_url("feed")


class EpisodePage(SitePage):
    """One monthly episode. Its GUID is fixed at creation so podcast apps never re-download it."""

    serve_select_related = ("audio", "cover_image")
    og_type = "music.song"

    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The GUID an imported episode had in its former feed: our feed keeps giving it, so apps
    # that already have the episode do not download it again (see podcast.importer).
    imported_guid = models.CharField(max_length=500, blank=True, editable=False, db_index=True)
    number = models.PositiveIntegerField("Numéro d'épisode", null=True, blank=True)
    season = models.PositiveIntegerField("Saison", null=True, blank=True)
    episode_type = models.CharField(
        "Type d'épisode",
        max_length=10,
        choices=[("full", "Épisode complet"), ("trailer", "Bande-annonce"), ("bonus", "Bonus")],
        default="full",
    )
    summary = models.TextField(
        "Résumé",
        validators=[validate_apple_text_length],
        help_text="Texte sans mise en forme repris par les applications de podcast "
        "(4 Ko au plus, soit environ 4 000 caractères).",
    )
    show_notes = RichTextField(
        "Notes de l'épisode",
        blank=True,
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3"],
    )
    explicit = models.BooleanField("Contenu explicite", default=False)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Pochette de l'épisode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Facultative : à défaut, la pochette de l'émission est utilisée.",
    )
    audio = models.ForeignKey(
        "podcast.AudioAsset",
        verbose_name="Fichier audio",
        null=True,  # a draft may wait for its audio; publishing requires it (blank=False)
        on_delete=models.PROTECT,
        related_name="episodes",
    )
    themes = ParentalManyToManyField(
        "positions.Theme",
        verbose_name="Thèmes",
        blank=True,
        related_name="episodes",
        help_text="L'épisode apparaît sur la page de ces thèmes.",
    )
    transcript = models.TextField(
        "Transcription",
        blank=True,
        help_text="Collez la transcription avec ses minutages, telle que l'exporte votre outil "
        "de sous-titrage (fichier .vtt ou .srt ouvert dans un éditeur de texte).",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("audio"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("season")]),
                FieldPanel("episode_type"),
                FieldPanel("explicit"),
            ],
            heading="Numérotation",
        ),
        FieldPanel("summary"),
        FieldPanel("themes", widget=CheckboxSelectMultiple),
        FieldPanel("show_notes"),
        FieldPanel("cover_image"),
        InlinePanel("chapters", heading="Chapitres", label="chapitre"),
        InlinePanel("people", heading="Invités et animateurs", label="personne"),
        FieldPanel("transcript"),
        InlinePanel("related_pages", heading="Contenus liés", label="contenu lié"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("show_notes"),
        index.SearchField("transcript"),
    ]
    exclude_fields_in_copy = ["guid", "imported_guid"]

    parent_page_types = ["podcast.PodcastPage"]
    subpage_types = []

    page_description = (
        "Un épisode du podcast, avec son fichier audio, ses notes, chapitres, invités et "
        "transcription."
    )

    class Meta:
        verbose_name = "épisode"

    @property
    def page_image(self):
        return self.effective_cover

    def with_content_json(self, content):
        """An old revision may name an audio file deleted since (`podcast.ingest.release_audio`
        keeps only those the page rows, latest drafts and scheduled revisions name): it
        then loads with no file chosen, as the editor shows it, instead of failing
        (modelcluster cannot drop a dangling protected foreign key by itself)."""
        audio = content.get("audio")
        if audio and not AudioAsset.objects.filter(pk=audio).exists():
            content = {**content, "audio": None}
        return super().with_content_json(content)

    def save(self, *args, **kwargs):
        """Saves, and once committed deletes the audio file this save replaced if nothing
        uses it any more (`podcast.ingest.release_audio`): publishing an episode with
        another file, from the editor or an import, leaves no orphan in the storage. Draft
        saves do not touch the row's audio (Wagtail saves only a revision)."""
        update_fields = kwargs.get("update_fields")
        replaced = None
        if self.pk and (update_fields is None or "audio" in update_fields):
            previous = EpisodePage.objects.filter(pk=self.pk).values_list("audio_id", flat=True)
            replaced = previous.first()
        saved = super().save(*args, **kwargs)
        if replaced and replaced != self.audio_id:
            from .ingest import release_audio

            transaction.on_commit(partial(release_audio, replaced), robust=True)
        return saved

    def clean(self):
        super().clean()
        if self.transcript.strip():
            try:
                parse_transcript(self.transcript)
            except TranscriptError as error:
                raise ValidationError({"transcript": str(error)}) from error

    @cached_property
    def show(self):
        """The parent show in one query (get_parent().specific takes two), with its cover."""
        return (
            PodcastPage.objects.select_related("cover_image")
            .filter(path=self.path[: -self.steplen])
            .first()
        )

    def get_context(self, request, *args, **kwargs):
        # The show first: the page's picture may be its cover. Its renditions and those of
        # the guests' photos in one query (SitePage.get_context then finds them read).
        show = self._show_with_neighbours()
        self.__dict__["show"] = show
        people = list(self.people.select_related("photo"))
        prefetch_renditions(self.page_image, *(person.photo for person in people))
        context = super().get_context(request, *args, **kwargs)
        context["previous_episode"] = neighbour(show, "previous", request)
        context["next_episode"] = neighbour(show, "next", request)
        context["people"] = people
        ids = [link.page_id for link in self.related_pages.all()]
        pages = site_pages().live().public().filter(pk__in=ids).in_bulk() if ids else {}
        context["related_pages"] = [pages[pk] for pk in ids if pk in pages]
        return context

    @classmethod
    def with_shows(cls, episodes):
        """Gives listed episodes their show, read in one query for all of them, so that their
        audio URLs (a route of the show) cost no query each."""
        paths = {episode.path[: -episode.steplen] for episode in episodes}
        shows = {show.path: show for show in PodcastPage.objects.filter(path__in=paths)}
        for episode in episodes:
            episode.__dict__["show"] = shows.get(episode.path[: -episode.steplen])
        return episodes

    @property
    def oembed_url(self):
        """Where oEmbed consumers (WordPress, wagtail.embeds…) find this episode's player."""
        parts = self.get_url_parts()
        if parts is None:
            return ""
        query = urlencode({"url": self.full_url, "format": "json"})
        return f"{parts[1]}{reverse('podcast_oembed')}?{query}"

    def _show_with_neighbours(self):
        """The show, with the title and slug of the episodes published just before and just
        after this one as annotations: previous/next cost no query beyond the show's own."""
        siblings = (
            EpisodePage.objects.live()
            .public()
            .filter(path__startswith=self.path[: -self.steplen], depth=self.depth)
            .exclude(pk=self.pk)
        )
        published = self.first_published_at or timezone.now()  # a preview reads as newest
        older = siblings.filter(
            Q(first_published_at__lt=published)
            | Q(first_published_at=published, pk__lt=self.pk or 0)
        ).order_by("-first_published_at", "-pk")
        newer = siblings.filter(
            Q(first_published_at__gt=published)
            | Q(first_published_at=published, pk__gt=self.pk or 0)
        ).order_by("first_published_at", "pk")
        return (
            PodcastPage.objects.select_related("cover_image")
            .filter(path=self.path[: -self.steplen])
            .annotate(
                previous_title=Subquery(older.values("title")[:1]),
                previous_slug=Subquery(older.values("slug")[:1]),
                next_title=Subquery(newer.values("title")[:1]),
                next_slug=Subquery(newer.values("slug")[:1]),
            )
            .first()
        )

    @property
    def effective_cover(self):
        return self.cover_image or self.show.cover_image

    @property
    def audio_url(self):
        """The counting redirect, so that plays on the site are counted like feed downloads."""
        if not self.audio:
            return ""
        return self.show.route_url(
            "audio", full=False, guid=self.guid, ext=self.audio.file.name.rsplit(".", 1)[-1]
        )

    @property
    def transcript_cues(self):
        if not self.transcript.strip():
            return []
        try:
            return parse_transcript(self.transcript)
        except TranscriptError:
            return []


def neighbour(show, which, request):
    """{"title", "url"} of the previous or next episode read by _show_with_neighbours."""
    slug = getattr(show, f"{which}_slug", None) if show else None
    if not slug:
        return None
    return {"title": getattr(show, f"{which}_title"), "url": f"{show.get_url(request)}{slug}/"}


chapter_start_validator = RegexValidator(
    r"^(\d{1,2}:)?\d{1,2}:\d{2}$",
    "Indiquez le début au format mm:ss ou hh:mm:ss, par exemple 12:30.",
)


class EpisodeChapter(Orderable):
    episode = ParentalKey(EpisodePage, related_name="chapters")
    start = models.CharField("Début", max_length=8, validators=[chapter_start_validator])
    title = models.CharField("Titre", max_length=200)
    url = models.URLField("Lien", blank=True)

    panels = [FieldRowPanel([FieldPanel("start"), FieldPanel("title")]), FieldPanel("url")]

    @property
    def start_seconds(self):
        seconds = 0
        for part in self.start.split(":"):
            seconds = seconds * 60 + int(part)
        return seconds


class EpisodePerson(Orderable):
    """Guests and hosts, with the Podcast Index role vocabulary."""

    ROLES = [("guest", "Invité"), ("host", "Animateur"), ("co-host", "Co-animateur")]
    FEMININE_ROLES = {"guest": "Invitée", "host": "Animatrice", "co-host": "Co-animatrice"}
    episode = ParentalKey(EpisodePage, related_name="people")
    name = models.CharField("Nom", max_length=120)
    role = models.CharField("Rôle", max_length=10, choices=ROLES, default="guest")
    gender = models.CharField(
        "Accord du rôle",
        max_length=1,
        choices=[("m", "Masculin (invité, animateur)"), ("f", "Féminin (invitée, animatrice)")],
        default="m",
    )
    title = models.CharField("Fonction", max_length=200, blank=True)
    url = models.URLField("Lien", blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Photo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role"), FieldPanel("gender")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("url"), FieldPanel("photo")]),
    ]

    @property
    def role_label(self):
        """The role as the page writes it, agreeing with the person."""
        if self.gender == "f":
            return self.FEMININE_ROLES[self.role]
        return self.get_role_display()


class EpisodeRelatedPage(Orderable):
    episode = ParentalKey(EpisodePage, related_name="related_pages")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="Page", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]


class FeedVersion(models.Model):
    """Which rendering of a show's feed is current, shared by every process through the database.

    The rendered feed lives in the cache under (show, version). Keeping the version in the
    database rather than in the cache is what makes invalidation reach every gunicorn worker
    and the `publish_scheduled` process even with the per-process local-memory cache.
    """

    show = models.OneToOneField(
        PodcastPage, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "version du flux"

    def __str__(self):
        return f"{self.show_id}:{self.version}"


class DownloadSalt(models.Model):
    """The day's random salt. Deleted after two days, which makes older hashes unlinkable."""

    day = models.DateField(primary_key=True)
    value = models.CharField(max_length=64)

    def __str__(self):
        return self.day.isoformat()


class DownloadHit(models.Model):
    """One counted download: the listener is only a salted hash of IP and user agent."""

    episode = models.ForeignKey(EpisodePage, on_delete=models.CASCADE, related_name="+")
    listener = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "téléchargement"
        constraints = [
            # The salt changes every day, so this is "once per listener per episode per day".
            models.UniqueConstraint(fields=["episode", "listener"], name="podcast_hit_once")
        ]

    def __str__(self):
        return f"{self.episode_id} {self.created_at:%Y-%m-%d %H:%M}"


class DailyDownloads(models.Model):
    """Counts per episode and day: what editors read, kept after raw hits are purged."""

    episode = models.ForeignKey(EpisodePage, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "téléchargements du jour"
        constraints = [
            models.UniqueConstraint(fields=["episode", "day"], name="podcast_daily_once")
        ]

    def __str__(self):
        return f"{self.episode_id} {self.day}: {self.downloads}"


class ImportedEpisodeSource(models.Model):
    """What an imported episode's former host served at the last import (podcast.importer).

    Kept apart from `EpisodePage` because it is not editorial content: it must not go through
    revisions (publishing an older revision would bring back stale validators). The import
    reads it to tell, without downloading, whether the audio or the cover changed.
    """

    episode = models.OneToOneField(
        EpisodePage, primary_key=True, on_delete=models.CASCADE, related_name="import_source"
    )
    audio_url = models.URLField(max_length=2000)
    # The enclosure's `length` as the feed declared it (not the file's size: hosts often
    # declare 0 or a wrong figure, consistently).
    audio_length = models.BigIntegerField(default=0)
    # The host's validators for the audio, sent back as If-None-Match / If-Modified-Since.
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=64, blank=True)
    # The SHA-256 of the host's file as last imported: a host that sends no validator is
    # checked by hashing its file again, and the comparison must not take a sound an editor
    # replaced here for a change at the host.
    audio_sha256 = models.CharField(max_length=64, blank=True)
    # {URL: [ETag, Last-Modified]} of the transcript and chapters the feed linked, sent back
    # as conditions on the next run.
    text_validators = models.JSONField(default=dict, blank=True)
    image_url = models.URLField(max_length=2000, blank=True)

    class Meta:
        verbose_name = "source d'un épisode importé"

    def __str__(self):
        return f"{self.episode_id}: {self.audio_url}"


class ImportRunStatus(models.TextChoices):
    QUEUED = "queued", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Échec"


ACTIVE_IMPORT_STATUSES = [ImportRunStatus.QUEUED, ImportRunStatus.RUNNING]


class FeedImportRun(models.Model):
    """One « Simuler » or « Importer » from the admin, run by a background job
    (podcast.import_runs): downloading a real show's files takes far longer than a request
    may. The editor follows it on its own page and reads the report kept here.

    At most one run per show and feed address is waiting or running (a constraint, so two
    clicks at the same moment cannot both pass): the same import twice in parallel would
    download everything twice and race on the same episodes.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Lancé par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    show = models.ForeignKey(
        PodcastPage, verbose_name="Émission", on_delete=models.CASCADE, related_name="+"
    )
    feed_url = models.URLField("Adresse du flux RSS", max_length=2000)
    apply = models.BooleanField("Import (sinon simulation)", default=False)
    status = models.CharField(
        "État", max_length=10, choices=ImportRunStatus.choices, default=ImportRunStatus.QUEUED
    )
    # [{"title", "action", "reason"}] as podcast.importer.Outcome gives them, episode by
    # episode while the run goes (out of `items_total`, the feed's number of episodes).
    outcomes = models.JSONField("Compte rendu", default=list, blank=True)
    items_total = models.PositiveIntegerField("Épisodes dans le flux", null=True, blank=True)
    error = models.TextField("Erreur", blank=True)
    job = models.ForeignKey(
        "core.BackgroundJob",
        verbose_name="Tâche de fond",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("Lancé le", auto_now_add=True)
    started_at = models.DateTimeField("Commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("Terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "import de flux"
        verbose_name_plural = "imports de flux"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "feed_url"],
                condition=Q(status__in=ACTIVE_IMPORT_STATUSES),
                name="podcast_one_active_import_per_feed",
            )
        ]

    def __str__(self):
        return f"{self.feed_url} → {self.show_id} ({self.get_status_display()})"

    @property
    def active(self):
        return self.status in ACTIVE_IMPORT_STATUSES
