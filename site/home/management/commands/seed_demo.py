"""Build the demo site from the seed documents' facts. Safe to run again: it never duplicates."""

import io
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

import advisor.demo
import antennas.demo
import events.demo
import influence.demo
import members.demo
import podcast.demo
import themes.demo
from antennas.models import MembershipPage
from core.demo import published_child
from home import demo_content, demo_images
from home.models import HomePage, SiteIdentity, SiteNavigation, StandardPage
from positions import demo as positions_demo

DEMO_IMAGE_TITLE = "Démo – réseau CPME Occitanie"
PRODUCTION_SETTINGS = "config.settings.production"


class Command(BaseCommand):
    help = "Creates the demo page tree, settings, antennas and demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default="cpme-demo-2026",
            help="Password given to the demo accounts when they are created.",
        )

    @transaction.atomic
    def handle(self, *args, password, **options):
        if settings.SETTINGS_MODULE == PRODUCTION_SETTINGS:
            raise CommandError(
                "seed_demo crée des comptes dont le mot de passe est publié : il ne tourne pas "
                f"avec les réglages de production ({PRODUCTION_SETTINGS})."
            )
        home = self.home_page()
        self.site_address(home)
        self.site_identity(home)
        antennas_page = antennas.demo.seed(home, self.stdout)
        image = self.demo_image()
        join_page = None
        for programme in reversed(demo_content.PROGRAMMES):
            body = [self.expand_block(block, antennas_page) for block in programme["body"]]
            if programme["slug"] == "pacte-occitan":
                body.insert(1, self.image_block(image))
            page = published_child(
                home,
                # « Adhérer » is where every "join" button leads: the antenna finder and form.
                MembershipPage if programme["slug"] == "adherer" else StandardPage,
                stdout=self.stdout,
                slug=programme["slug"],
                title=programme["title"],
                intro=programme["intro"],
                body=json.dumps(body),
                # Programmes are reached from the home page; the menu keeps the main sections.
                in_menu=programme["slug"] == "adherer",
            )
            if programme["slug"] == "adherer":
                join_page = page
        for legal in demo_content.LEGAL_CONTENT:
            published_child(
                home,
                StandardPage,
                stdout=self.stdout,
                slug=legal["slug"],
                title=legal["title"],
                intro=legal["intro"],
                body=json.dumps(legal["body"]),
                in_menu=False,
            )
        if home.hero_cta_page_id is None and join_page:
            home.hero_cta_page = join_page
            home.save_revision().publish()
        events.demo.seed(home, self.stdout)
        positions_demo.seed(home, self.stdout)
        podcast.demo.seed(home, self.stdout)
        influence.demo.seed(home, self.stdout)
        demo_images.seed(home, self.stdout)
        themes.demo.seed(home, self.stdout)
        demo_images.seed_themes_and_people(self.stdout)
        self.navigation(home, join_page)
        self.demo_users(password)
        members.demo.seed(self.stdout, password)
        advisor.demo.seed(self.stdout)

    def home_page(self):
        """The HomePage at the site root, replacing Wagtail's placeholder page on first run."""
        home = HomePage.objects.first()
        if home:
            return home
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(slug="accueil", **demo_content.HOME))
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        placeholder = site.root_page if site else None
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"site_name": "CPME Occitanie", "root_page": home},
        )
        if placeholder and placeholder.specific_class is Page and placeholder.pk != home.pk:
            placeholder.delete()
        self.stdout.write("Page d'accueil créée.")
        return home

    def site_address(self, home):
        """The Site answers at the configured address on every run, not only the first:
        `make run PORT=8011` gives absolute URLs, feeds and canonical links on port 8011."""
        base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        port = base_url.port or (443 if base_url.scheme == "https" else 80)
        site = Site.objects.get(root_page=home)
        if (site.hostname, site.port) != (base_url.hostname, port):
            site.hostname, site.port = base_url.hostname, port
            site.save()
            self.stdout.write(f"Site servi à l'adresse {base_url.scheme}://{base_url.netloc}/.")

    def site_identity(self, home):
        site = Site.objects.get(root_page=home)
        identity = SiteIdentity.for_site(site)
        for field, value in demo_content.IDENTITY.items():
            setattr(identity, field, value)
        identity.save()

    def navigation(self, home, join_page):
        """The header's menu and the footer's links, set up once (editors own them after)."""
        site = Site.objects.get(root_page=home)
        navigation = SiteNavigation.for_site(site)
        children = {page.slug: page for page in home.get_children().live()}
        if navigation.main_menu:
            # A site seeded before the legal pages existed gets them, if nobody chose others.
            missing = {
                field: children[slug]
                for field, slug in demo_content.LEGAL_PAGES.items()
                if getattr(navigation, f"{field}_id") is None and slug in children
            }
            if missing:
                for field, page in missing.items():
                    setattr(navigation, field, page)
                navigation.save()
            return

        def link(slug, label="", description=""):
            page = children.get(slug)
            return page and {"page": page.pk, "label": label, "description": description}

        programmes = [
            link(slug, description=description)
            for slug, description in demo_content.MENU_PROGRAMMES
        ]
        menu = [{"type": "group", "value": {"label": "Nos programmes", "links": programmes}}]
        menu += [
            {"type": "link", "value": value}
            for value in (link(slug, label) for slug, label in demo_content.MENU_LINKS)
            if value
        ]
        footer = [
            {"type": "link", "value": value}
            for value in (link(slug, label) for slug, label in demo_content.FOOTER_LINKS)
            if value
        ]
        navigation.main_menu = json.dumps(menu)
        navigation.footer_links = json.dumps(footer)
        navigation.join_page = join_page
        for field, slug in demo_content.LEGAL_PAGES.items():
            setattr(navigation, field, children.get(slug))
        navigation.save()
        self.stdout.write("Menu et pied de page configurés.")

    def expand_block(self, block, antennas_page):
        if block == "cta":
            return {
                "type": "call_to_action",
                "value": {**demo_content.CTA, "page": antennas_page.pk, "url": ""},
            }
        return block

    def image_block(self, image):
        return {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "Carte stylisée des treize départements reliés par le réseau",
                "caption": "Treize antennes, un seul réseau régional.",
                "credit": "CPME Occitanie (illustration de démonstration)",
            },
        }

    def demo_image(self):
        image_model = get_image_model()
        image = image_model.objects.filter(title=DEMO_IMAGE_TITLE).first()
        if image:
            return image
        canvas = PillowImage.new("RGB", (1200, 600), "#0b3d6e")
        draw = ImageDraw.Draw(canvas)
        for index in range(13):
            x, y = 120 + (index % 7) * 160, 200 + (index // 7) * 200
            draw.ellipse((x - 40, y - 40, x + 40, y + 40), fill="#ffffff")
            if index:
                draw.line((x - 120, y, x - 40, y), fill="#ffbf47", width=6)
        buffer = io.BytesIO()
        canvas.save(buffer, format="PNG")
        return image_model.objects.create(
            title=DEMO_IMAGE_TITLE,
            file=ImageFile(buffer, name="reseau-cpme-occitanie.png"),
        )

    def demo_users(self, password):
        user_model = get_user_model()
        lines = []
        for username, first_name, last_name, group_name in demo_content.DEMO_USERS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@cpme-occitanie.example",
                    "is_staff": group_name is None,
                    "is_superuser": group_name is None,
                },
            )
            if created:
                user.set_password(password)
                user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            role = group_name or "superuser"
            secret = f"mot de passe : {password}" if created else "(compte existant)"
            lines.append(f"  {username:<12} {role:<11} {secret}")
        self.stdout.write("Comptes de démonstration (admin : /admin/) :\n" + "\n".join(lines))
