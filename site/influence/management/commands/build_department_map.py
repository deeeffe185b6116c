"""Rebuild influence/data/department_outlines.json from the departments' GeoJSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from influence.geography import OUTLINES_FILE, outlines


class Command(BaseCommand):
    help = "Projects and simplifies the 13 departments' outlines for the report's SVG map."

    def add_arguments(self, parser):
        parser.add_argument(
            "geojson",
            nargs="?",
            default="/work/shared/data/occitanie-departements.geojson",
            help="GeoJSON of the departments (properties: code, nom).",
        )

    def handle(self, *args, geojson, **options):
        data = outlines(json.loads(Path(geojson).read_text()))
        OUTLINES_FILE.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        self.stdout.write(
            f"{len(data['departments'])} départements, {OUTLINES_FILE.stat().st_size} octets "
            f"écrits dans {OUTLINES_FILE.name}."
        )
