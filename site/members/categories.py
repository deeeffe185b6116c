"""The purchasing categories the platform starts with (staff may add more in the admin)."""

CATEGORIES = [
    ("batiment-travaux", "Bâtiment et travaux"),
    ("industrie-mecanique", "Industrie et mécanique"),
    ("aeronautique-spatial", "Aéronautique et spatial"),
    ("agroalimentaire", "Agroalimentaire"),
    ("numerique-informatique", "Numérique et informatique"),
    ("ingenierie-etudes", "Ingénierie et études"),
    ("transport-logistique", "Transport et logistique"),
    ("energie-environnement", "Énergie et environnement"),
    ("services-entreprises", "Services aux entreprises"),
    ("formation-rh", "Formation et ressources humaines"),
    ("communication-evenementiel", "Communication et événementiel"),
    ("sante-cosmetique", "Santé et cosmétique"),
    ("proprete-maintenance", "Propreté et maintenance"),
]
