"""A person's data (export) and leaving the platform (deletion).

Needs and responses belong to the organisation: when a person leaves, they stay, with no
author, if colleagues remain; the last person's departure deletes the organisation and all
its content. Retention of closed needs: see docs/operations.md.
"""

from django.db import transaction
from django.db.models import Q

import advisor.gdpr

from .models import Need, PartnerInvitation, Response
from .needs import with_need_visibility

NEED_NOT_READABLE = "(besoin qui n'est plus accessible à votre organisation)"


def need_title(need, visible):
    """The title of a need the export names, unless the organisation may no longer read it."""
    return need.title if visible else NEED_NOT_READABLE


def personal_data(membership) -> dict:
    user = membership.user
    organisation = membership.organisation
    alert = getattr(membership, "alert", None)
    return {
        "compte": {
            "email": user.email,
            "inscrit_le": user.date_joined.isoformat(),
            "derniere_connexion": user.last_login.isoformat() if user.last_login else None,
        },
        "membre": {
            "nom": membership.full_name,
            "fonction": membership.job_title,
            "administrateur": membership.is_admin,
            "arrive_le": membership.joined_at.isoformat(),
        },
        "organisation": {"nom": organisation.name, "siren": organisation.siren},
        "alertes": {
            "actives": alert.active,
            "axes": alert.axis_list,
            "categories": [c.name for c in alert.categories.all()],
            "departements": [d.code for d in alert.departments.all()],
        }
        if alert
        else None,
        "besoins_publies": [
            {
                "titre": n.title,
                "description": n.description,
                "publie_le": n.published_at.isoformat(),
            }
            for n in Need.objects.filter(author=user)
        ],
        "reponses_envoyees": [
            {
                "besoin": need_title(r.need, r.need_visible),
                "message": r.message,
                "contact": r.contact_name,
                "email_contact": r.contact_email,
                "telephone_contact": r.contact_phone,
                "statut": r.get_status_display(),
            }
            for r in with_need_visibility(
                Response.objects.filter(author=user).select_related("need"),
                organisation,
                "need__",
            )
        ],
        # Invitations to joint responses this person sent or answered for the organisation.
        "invitations_reponses_communes": [
            {
                "besoin": need_title(i.response.need, i.need_visible),
                "entreprise_qui_repond": i.response.organisation.name,
                "entreprise_invitee": i.organisation.name,
                "statut": i.get_status_display(),
                "invitee_le": i.invited_at.isoformat(),
                "envoyee_par_vous": i.invited_by_id == user.pk,
                "repondue_par_vous": i.answered_by_id == user.pk,
                "repondue_le": i.answered_at.isoformat() if i.answered_at else None,
            }
            for i in with_need_visibility(
                PartnerInvitation.objects.filter(
                    Q(invited_by=user) | Q(answered_by=user)
                ).select_related("response__need", "response__organisation", "organisation"),
                organisation,
                "response__need__",
            )
        ],
        "conseiller_export": advisor.gdpr.personal_data(membership),
    }


@transaction.atomic
def delete_person(membership):
    organisation = membership.organisation
    user = membership.user
    others = organisation.memberships.exclude(pk=membership.pk)
    if others.exists():
        if membership.is_admin and not others.filter(is_admin=True).exists():
            first = others.order_by("joined_at").first()
            first.is_admin = True
            first.save(update_fields=["is_admin"])
        user.delete()  # authored needs and responses keep the organisation, lose the author
    else:
        user.delete()
        organisation.delete()
