"""The Export Advisor's part of a person's data export (members.gdpr.personal_data).

On deletion (members.gdpr.delete_person) nothing more is needed: ratings belong to the
organisation and stay with no author while colleagues remain; the person's introduction
requests go with their account; presences naming them lose their contact, so no request can
reach them any more.
"""

from .models import IntroductionRequest, Presence, Rating


def contact_consent(presence) -> dict:
    """Where the person named as a presence's contact stands: an opt-in ticked by a colleague
    is only asked until the person confirms it themselves, and only then do requests reach
    them (`Presence.accepts_requests`), so the export says which, and when it was confirmed."""
    if not presence.contact_opt_in:
        state = "non demandé"
    elif presence.contact_confirmed:
        state = "confirmé par vous"
    else:
        state = "demandé, en attente de votre confirmation"
    return {
        "accord_pour_etre_sollicite": state,
        "accord_confirme_le": presence.contact_confirmed_at.isoformat()
        if presence.contact_opt_in and presence.contact_confirmed
        else None,
        "accepte_les_demandes": presence.accepts_requests,
    }


def personal_data(membership) -> dict:
    user = membership.user
    return {
        "contact_pour_les_presences": [
            {
                "pays": p.country_name,
                "ville": p.city,
                **contact_consent(p),
            }
            for p in Presence.objects.filter(contact=membership)
        ],
        "avis_rediges": [
            {
                "sur": rating.item_name,
                "notes": dict(rating.scores()),
                "avis": rating.text,
                "statut": rating.get_status_display(),
                "publie_le": rating.created_at.isoformat(),
                "modifie_le": rating.updated_at.isoformat(),
            }
            for rating in Rating.objects.filter(author=user).select_related("resource")
        ],
        "demandes_de_mise_en_relation": [
            {
                "organisation_sollicitee": r.presence.organisation.name,
                "pays": r.presence.country_name,
                "objet": r.get_kind_display(),
                "message": r.message,
                "statut": r.get_status_display(),
                "envoyee_le": r.created_at.isoformat(),
            }
            for r in IntroductionRequest.objects.filter(requested_by=user).select_related(
                "presence__organisation"
            )
        ],
        "demandes_recues": [
            {
                "de": r.requester.name,
                "message": r.message,
                "statut": r.get_status_display(),
                "recue_le": r.created_at.isoformat(),
            }
            for r in IntroductionRequest.objects.filter(
                presence__contact=membership
            ).select_related("requester")
        ],
    }
