import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def partners_become_accepted(apps, schema_editor):
    """Partners named before invitations existed were never asked; they already read the
    response as partners, so they are kept as having accepted."""
    Response = apps.get_model("members", "Response")
    PartnerInvitation = apps.get_model("members", "PartnerInvitation")
    PartnerInvitation.objects.bulk_create(
        PartnerInvitation(
            response_id=row.response_id,
            organisation_id=row.organisation_id,
            status="acceptee",
            invited_by_id=row.response.author_id,
            invited_at=row.response.created_at,
            answered_at=row.response.created_at,
        )
        for row in Response.partners.through.objects.select_related("response")
    )


def accepted_become_partners(apps, schema_editor):
    Response = apps.get_model("members", "Response")
    PartnerInvitation = apps.get_model("members", "PartnerInvitation")
    Response.partners.through.objects.bulk_create(
        Response.partners.through(response_id=response_id, organisation_id=organisation_id)
        for response_id, organisation_id in PartnerInvitation.objects.filter(
            status="acceptee"
        ).values_list("response_id", "organisation_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0009_staff_permissions_by_department"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PartnerInvitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("invitee", "En attente de réponse"),
                            ("acceptee", "Acceptée"),
                            ("declinee", "Déclinée"),
                            ("retiree", "Retirée par l'entreprise qui répond"),
                            ("close", "Sans suite : le besoin est clos"),
                        ],
                        db_index=True,
                        default="invitee",
                        max_length=10,
                        verbose_name="Statut",
                    ),
                ),
                (
                    "invited_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="Invitée le"
                    ),
                ),
                (
                    "answered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="Réponse le"),
                ),
                (
                    "answered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "invited_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="partner_invitations",
                        to="members.organisation",
                        verbose_name="Organisation invitée",
                    ),
                ),
                (
                    "response",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="partner_invitations",
                        to="members.response",
                        verbose_name="Réponse",
                    ),
                ),
            ],
            options={
                "verbose_name": "invitation à une réponse commune",
                "ordering": ["invited_at", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("response", "organisation"),
                        name="members_one_invitation_per_partner",
                    )
                ],
            },
        ),
        migrations.RunPython(partners_become_accepted, accepted_become_partners),
    ]
