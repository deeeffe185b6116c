from django.urls import path

from . import views

app_name = "press"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("verifiez-votre-messagerie/", views.check_inbox, name="check_inbox"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("abonnement/<str:token>/", views.manage, name="manage"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
