from django.db import migrations, models


class Migration(migrations.Migration):
    """The partners of a joint response are now read through their invitations (0010 copied
    the old links); the old link table goes."""

    dependencies = [("members", "0010_partner_invitations")]

    operations = [
        migrations.RemoveField(model_name="response", name="partners"),
        migrations.AddField(
            model_name="response",
            name="partners",
            field=models.ManyToManyField(
                blank=True,
                help_text="PME invitées à répondre ensemble ; seules celles qui acceptent sont "
                "montrées à l'acheteur.",
                related_name="joint_responses",
                through="members.PartnerInvitation",
                to="members.organisation",
                verbose_name="Partenaires de la réponse commune",
            ),
        ),
    ]
