from django.urls import path

from . import views

app_name = "advisor"

urlpatterns = [
    path("", views.home, name="home"),
    path("pays/<str:code>/", views.country, name="country"),
    path("pays/<str:code>/noter/", views.rate_country, name="rate_country"),
    path("ressources/recommander/", views.recommend_resource, name="recommend_resource"),
    path("ressources/<int:pk>/", views.resource, name="resource"),
    path("ressources/<int:pk>/noter/", views.rate_resource, name="rate_resource"),
    path("avis/<int:pk>/signaler/", views.report_rating, name="report_rating"),
    path("regles-des-avis/", views.rules, name="rules"),
    path("mes-presences/", views.my_presences, name="my_presences"),
    path("mes-presences/nouvelle/", views.presence_edit, name="presence_create"),
    path("mes-presences/<int:pk>/modifier/", views.presence_edit, name="presence_edit"),
    path("mes-presences/<int:pk>/supprimer/", views.presence_delete, name="presence_delete"),
    path("presences/<int:pk>/mise-en-relation/", views.introduction, name="introduction"),
    path("confirmer-contact/<str:token>/", views.contact_confirm, name="contact_confirm"),
    path("mise-en-relation/<str:token>/", views.introduction_answer, name="introduction_answer"),
]
