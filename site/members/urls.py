from allauth.account import views as account
from allauth.mfa.base import views as mfa
from allauth.mfa.recovery_codes import views as recovery_codes
from allauth.mfa.totp import views as totp
from csp.decorators import csp_update
from django.urls import path, re_path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisation/", views.organisation, name="organisation"),
    path("organisation/nouvelle/", views.create_organisation, name="create_organisation"),
    path("invitation/<str:token>/", views.join, name="join"),
    path(
        "organisation/invitations/<int:pk>/annuler/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("annuaire/", views.directory, name="directory"),
    path("alertes/", views.alerts, name="alerts"),
    path("alertes/desabonnement/<str:token>/", views.alert_unsubscribe, name="alert_unsubscribe"),
    path("mon-activite/", views.my_activity, name="my_activity"),
    path("besoins/", views.need_list, name="needs"),
    path("besoins/nouveau/", views.need_create, name="need_create"),
    path("besoins/<int:pk>/", views.need_detail, name="need"),
    path("besoins/<int:pk>/modifier/", views.need_edit, name="need_edit"),
    path("besoins/<int:pk>/clore/", views.need_close, name="need_close"),
    path("besoins/<int:pk>/signaler/", views.need_report, name="need_report"),
    path("besoins/<int:pk>/repondre/", views.respond, name="respond"),
    path(
        "besoins/<int:pk>/pieces/<int:attachment_pk>/",
        views.need_attachment,
        name="need_attachment",
    ),
    path("reponses/<int:pk>/evaluer/", views.rate_buyer, name="rate_buyer"),
    path("reponses/<int:pk>/paiement/", views.response_payment, name="response_payment"),
    path("mes-donnees/", views.data_export, name="data_export"),
    path("donnees-personnelles/", views.personal_data_notice, name="personal_data"),
    path("supprimer-mon-compte/", views.delete_account, name="delete_account"),
    path("reponses/<int:pk>/", views.response_detail, name="response"),
    path("reponses-communes/", views.partner_invitations, name="partner_invitations"),
    path(
        "reponses-communes/<int:pk>/repondre/",
        views.partner_invitation_answer,
        name="partner_invitation_answer",
    ),
    path("reponses/<int:pk>/decision/", views.response_decide, name="response_decide"),
    path("reponses/<int:pk>/piece-jointe/", views.response_attachment, name="response_attachment"),
]

# allauth's views under French paths. Its own names (account_login…) stay global, because its
# views, templates and e-mails reverse them; tests check the list against allauth's own, so
# that an upgrade adding a page is noticed.
account_urlpatterns = [
    path("compte/connexion/", account.login, name="account_login"),
    path("compte/deconnexion/", account.logout, name="account_logout"),
    path("compte/inactif/", account.account_inactive, name="account_inactive"),
    path("compte/inscription/", account.signup, name="account_signup"),
    path("compte/reauthentification/", account.reauthenticate, name="account_reauthenticate"),
    path(
        "compte/reauthentification/code/",
        account.request_reauthentication_code,
        name="account_request_reauthentication_code",
    ),
    path(
        "compte/reauthentification/code/confirmation/",
        account.confirm_reauthentication_code,
        name="account_confirm_reauthentication_code",
    ),
    path(
        "compte/connexion/code/confirmation/",
        account.confirm_login_code,
        name="account_confirm_login_code",
    ),
    path("compte/adresses-e-mail/", account.email, name="account_email"),
    path(
        "compte/confirmer-e-mail/",
        account.email_verification_sent,
        name="account_email_verification_sent",
    ),
    re_path(
        r"^compte/confirmer-e-mail/(?P<key>[-:\w]+)/$",
        account.confirm_email,
        name="account_confirm_email",
    ),
    path(
        "compte/mot-de-passe/modifier/",
        account.password_change,
        name="account_change_password",
    ),
    path("compte/mot-de-passe/definir/", account.password_set, name="account_set_password"),
    path(
        "compte/mot-de-passe/oublie/",
        account.password_reset,
        name="account_reset_password",
    ),
    path(
        "compte/mot-de-passe/oublie/envoye/",
        account.password_reset_done,
        name="account_reset_password_done",
    ),
    re_path(
        r"^compte/mot-de-passe/nouveau/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "compte/mot-de-passe/nouveau/enregistre/",
        account.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    path("compte/double-authentification/", mfa.index, name="mfa_index"),
    path(
        "compte/double-authentification/verification/",
        mfa.authenticate,
        name="mfa_authenticate",
    ),
    path(
        "compte/double-authentification/reauthentification/",
        mfa.reauthenticate,
        name="mfa_reauthenticate",
    ),
    path(
        "compte/double-authentification/totp/activer/",
        # allauth draws the QR code as a data: URI image; only this page allows one.
        csp_update({"img-src": ["data:"]})(totp.activate_totp),
        name="mfa_activate_totp",
    ),
    path(
        "compte/double-authentification/totp/desactiver/",
        totp.deactivate_totp,
        name="mfa_deactivate_totp",
    ),
    path(
        "compte/double-authentification/codes-de-secours/",
        recovery_codes.view_recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path(
        "compte/double-authentification/codes-de-secours/generer/",
        recovery_codes.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "compte/double-authentification/codes-de-secours/telecharger/",
        recovery_codes.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
]
