"""Demo antennas: the 13 departmental antennas of the network and their directory page."""

from core.demo import published_child

from .models import Antenna, AntennaIndexPage

ANTENNAS = [
    # (code, name, city)
    ("09", "CPME Ariège", "Foix"),
    ("11", "CPME Aude", "Carcassonne"),
    ("12", "CPME Aveyron", "Rodez"),
    ("30", "CPME Gard", "Nîmes"),
    ("31", "CPME Haute-Garonne", "Toulouse"),
    ("32", "CPME Gers", "Auch"),
    ("34", "CPME Hérault", "Montpellier"),
    ("46", "CPME Lot", "Cahors"),
    ("48", "CPME Lozère", "Mende"),
    ("65", "CPME Hautes-Pyrénées", "Tarbes"),
    ("66", "CPME Pyrénées-Orientales", "Perpignan"),
    ("81", "CPME Tarn", "Albi"),
    ("82", "CPME Tarn-et-Garonne", "Montauban"),
]

ANTENNA_INDEX = {
    "title": "Nos antennes",
    "slug": "antennes",
    "intro": (
        "Treize antennes départementales font vivre le réseau au plus près des dirigeants. "
        "Trouvez celle de votre département et prenez contact avec son équipe."
    ),
}


def seed(home, stdout):
    for code, name, city in ANTENNAS:
        Antenna.objects.update_or_create(
            department_code=code,
            defaults={
                "name": name,
                "city": city,
                "email": f"antenne{code}@cpme-occitanie.example",
                "phone": f"05 00 00 00 {code}",
            },
        )
    return published_child(home, AntennaIndexPage, stdout=stdout, **ANTENNA_INDEX)
