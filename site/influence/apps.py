from django.apps import AppConfig


class InfluenceConfig(AppConfig):
    name = "influence"
    verbose_name = "Influence et plan média"
