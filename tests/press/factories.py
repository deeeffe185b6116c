import factory
from django.utils import timezone

from press.models import Subscriber
from press.subscriptions import CONSENT_TEXT


class SubscriberFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"journaliste{n}@redaction.example")
    all_themes = True
    consented_at = factory.LazyFunction(timezone.now)
    consent_text = CONSENT_TEXT

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if extracted:
            self.all_themes = False
            self.save(update_fields=["all_themes"])
            self.themes.set(extracted)
