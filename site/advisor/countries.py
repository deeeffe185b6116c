"""Countries members export to, with their French names, world region and ISO 3166 numeric
code (the identifier of Natural Earth's shapes in the world map, see advisor.worldmap).

Kept in code rather than in a table: the list changes rarely, every page needs it, and a
filter by region becomes a plain `country__in` on an indexed column.
"""


class Region:
    EUROPE = "europe"
    AFRICA = "afrique"
    MIDDLE_EAST = "moyen-orient"
    NORTH_AMERICA = "amerique-nord"
    LATIN_AMERICA = "amerique-latine"
    ASIA = "asie"
    OCEANIA = "oceanie"


REGIONS = [
    (Region.EUROPE, "Europe"),
    (Region.AFRICA, "Afrique"),
    (Region.MIDDLE_EAST, "Moyen-Orient"),
    (Region.NORTH_AMERICA, "Amérique du Nord"),
    (Region.LATIN_AMERICA, "Amérique latine"),
    (Region.ASIA, "Asie"),
    (Region.OCEANIA, "Océanie"),
]

# ISO 3166 alpha-2, French name, region, ISO 3166 numeric
_COUNTRIES = [
    ("DE", "Allemagne", Region.EUROPE, "276"),
    ("AT", "Autriche", Region.EUROPE, "040"),
    ("BE", "Belgique", Region.EUROPE, "056"),
    ("DK", "Danemark", Region.EUROPE, "208"),
    ("ES", "Espagne", Region.EUROPE, "724"),
    ("FI", "Finlande", Region.EUROPE, "246"),
    ("GR", "Grèce", Region.EUROPE, "300"),
    ("IE", "Irlande", Region.EUROPE, "372"),
    ("IT", "Italie", Region.EUROPE, "380"),
    ("LU", "Luxembourg", Region.EUROPE, "442"),
    ("NO", "Norvège", Region.EUROPE, "578"),
    ("NL", "Pays-Bas", Region.EUROPE, "528"),
    ("PL", "Pologne", Region.EUROPE, "616"),
    ("PT", "Portugal", Region.EUROPE, "620"),
    ("CZ", "Tchéquie", Region.EUROPE, "203"),
    ("RO", "Roumanie", Region.EUROPE, "642"),
    ("GB", "Royaume-Uni", Region.EUROPE, "826"),
    ("SE", "Suède", Region.EUROPE, "752"),
    ("CH", "Suisse", Region.EUROPE, "756"),
    ("UA", "Ukraine", Region.EUROPE, "804"),
    ("ZA", "Afrique du Sud", Region.AFRICA, "710"),
    ("DZ", "Algérie", Region.AFRICA, "012"),
    ("CM", "Cameroun", Region.AFRICA, "120"),
    ("CI", "Côte d'Ivoire", Region.AFRICA, "384"),
    ("EG", "Égypte", Region.AFRICA, "818"),
    ("KE", "Kenya", Region.AFRICA, "404"),
    ("MA", "Maroc", Region.AFRICA, "504"),
    ("NG", "Nigeria", Region.AFRICA, "566"),
    ("SN", "Sénégal", Region.AFRICA, "686"),
    ("TN", "Tunisie", Region.AFRICA, "788"),
    ("SA", "Arabie saoudite", Region.MIDDLE_EAST, "682"),
    ("AE", "Émirats arabes unis", Region.MIDDLE_EAST, "784"),
    ("IL", "Israël", Region.MIDDLE_EAST, "376"),
    ("QA", "Qatar", Region.MIDDLE_EAST, "634"),
    ("TR", "Turquie", Region.MIDDLE_EAST, "792"),
    ("CA", "Canada", Region.NORTH_AMERICA, "124"),
    ("US", "États-Unis", Region.NORTH_AMERICA, "840"),
    ("MX", "Mexique", Region.NORTH_AMERICA, "484"),
    ("AR", "Argentine", Region.LATIN_AMERICA, "032"),
    ("BR", "Brésil", Region.LATIN_AMERICA, "076"),
    ("CL", "Chili", Region.LATIN_AMERICA, "152"),
    ("CO", "Colombie", Region.LATIN_AMERICA, "170"),
    ("PE", "Pérou", Region.LATIN_AMERICA, "604"),
    ("CN", "Chine", Region.ASIA, "156"),
    ("KR", "Corée du Sud", Region.ASIA, "410"),
    ("IN", "Inde", Region.ASIA, "356"),
    ("ID", "Indonésie", Region.ASIA, "360"),
    ("JP", "Japon", Region.ASIA, "392"),
    ("MY", "Malaisie", Region.ASIA, "458"),
    ("SG", "Singapour", Region.ASIA, "702"),
    ("TH", "Thaïlande", Region.ASIA, "764"),
    ("VN", "Viêt Nam", Region.ASIA, "704"),
    ("AU", "Australie", Region.OCEANIA, "036"),
    ("NZ", "Nouvelle-Zélande", Region.OCEANIA, "554"),
]

COUNTRY_CHOICES = sorted(((code, name) for code, name, _, _ in _COUNTRIES), key=lambda c: c[1])
COUNTRY_NAMES = dict(COUNTRY_CHOICES)
COUNTRY_REGION = {code: region for code, _, region, _ in _COUNTRIES}
COUNTRY_BY_NUMERIC = {numeric: code for code, _, _, numeric in _COUNTRIES}
REGION_NAMES = dict(REGIONS)


def countries_in(region: str) -> list[str]:
    return [code for code, value in COUNTRY_REGION.items() if value == region]
