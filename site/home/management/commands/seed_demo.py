"""Build the demo site from the seed documents' facts. Safe to run again: it never duplicates."""

import datetime
import io
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

import influence.demo
import podcast.demo
from home import demo_content
from home.models import (
    Antenna,
    AntennaIndexPage,
    EventIndexPage,
    EventPage,
    HomePage,
    SiteIdentity,
    StandardPage,
)
from positions import demo as positions_demo

DEMO_IMAGE_TITLE = "Démo – réseau CPME Occitanie"


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
        home = self.home_page()
        self.site_identity(home)
        for code, name, city in demo_content.ANTENNAS:
            Antenna.objects.update_or_create(
                department_code=code,
                defaults={
                    "name": name,
                    "city": city,
                    "email": f"antenne{code}@cpme-occitanie.example",
                    "phone": f"05 00 00 00 {code}",
                },
            )
        antennas_page = self.child_page(home, AntennaIndexPage, **demo_content.ANTENNA_INDEX)
        image = self.demo_image()
        join_page = None
        for programme in reversed(demo_content.PROGRAMMES):
            body = [self.expand_block(block, antennas_page) for block in programme["body"]]
            if programme["slug"] == "pacte-occitan":
                body.insert(1, self.image_block(image))
            page = self.child_page(
                home,
                StandardPage,
                slug=programme["slug"],
                title=programme["title"],
                intro=programme["intro"],
                body=json.dumps(body),
                # Programmes are reached from the home page; the menu keeps the main sections.
                in_menu=programme["slug"] == "adherer",
            )
            if programme["slug"] == "adherer":
                join_page = page
        if home.hero_cta_page_id is None and join_page:
            home.hero_cta_page = join_page
            home.save_revision().publish()
        self.events(home)
        positions_demo.seed(home, self.stdout)
        podcast.demo.seed(home, self.stdout)
        influence.demo.seed(home, self.stdout)
        self.demo_users(password)

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
        base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": base_url.hostname,
                "port": base_url.port or (443 if base_url.scheme == "https" else 80),
                "site_name": "CPME Occitanie",
                "root_page": home,
            },
        )
        if placeholder and placeholder.specific_class is Page and placeholder.pk != home.pk:
            placeholder.delete()
        self.stdout.write("Page d'accueil créée.")
        return home

    def site_identity(self, home):
        site = Site.objects.get(root_page=home)
        identity = SiteIdentity.for_site(site)
        for field, value in demo_content.IDENTITY.items():
            setattr(identity, field, value)
        identity.save()

    def child_page(self, parent, model, slug, in_menu=True, **fields):
        """The published child with this slug, created on first run and left alone after."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing:
            return existing.specific
        page = parent.add_child(instance=model(slug=slug, show_in_menus=in_menu, **fields))
        page.save_revision().publish()
        self.stdout.write(f"Page « {page.title} » créée.")
        return page

    def events(self, home):
        calendar = self.child_page(home, EventIndexPage, **demo_content.EVENT_INDEX)
        today = timezone.localdate()
        for (
            slug,
            title,
            days,
            hours,
            kind,
            department,
            place,
            address,
            cancelled,
        ) in demo_content.EVENTS:
            if calendar.get_children().filter(slug=slug).exists():
                continue
            day = today + datetime.timedelta(days=days)
            start, end = (
                timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
                for hour in hours
            )
            event = calendar.add_child(
                instance=EventPage(
                    slug=slug,
                    title=title,
                    start=start,
                    end=end,
                    kind=kind,
                    department_code=department,
                    antenna=Antenna.objects.filter(department_code=department).first(),
                    place=place,
                    address=address,
                    description=demo_content.EVENT_DESCRIPTIONS[kind],
                    registration_url="https://www.cpme-occitanie.example/inscription/",
                    cancelled=cancelled,
                )
            )
            event.save_revision().publish()
        return calendar

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
