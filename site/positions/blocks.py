"""The body of a position: the shared editorial blocks plus numbered proposals to cite."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from core.blocks import (
    CreditedImageBlock,
    HeadingBlock,
    KeyFiguresBlock,
    ParagraphBlock,
    QuoteBlock,
)
from podcast.blocks import EpisodeBlock


class ProposalBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Proposition", max_length=200)
    detail = blocks.RichTextBlock(
        label="Détail", required=False, features=["bold", "italic", "link", "ul"]
    )

    class Meta:
        icon = "list-ol"
        label = "Proposition"


class ProposalsBlock(blocks.StructBlock):
    """Journalists cite proposals by number, so the numbers and anchors follow the order here."""

    title = blocks.CharBlock(label="Titre", max_length=120, default="Nos propositions")
    proposals = blocks.ListBlock(ProposalBlock(), label="Propositions", min_num=1)

    class Meta:
        icon = "list-ol"
        label = "Propositions numérotées"
        template = "positions/blocks/proposals.html"


class PositionStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    proposals = ProposalsBlock()
    key_figures = KeyFiguresBlock()
    quote = QuoteBlock()
    image = CreditedImageBlock()
    episode = EpisodeBlock()

    class Meta:
        # One list per page keeps "proposition 3" meaning the same thing everywhere.
        block_counts = {"proposals": {"max_num": 1}}


class PressKitItemBlock(blocks.StructBlock):
    """A logo or photo journalists may reuse: the credit is mandatory because they must print it."""

    image = ImageChooserBlock(label="Image")
    caption = blocks.CharBlock(label="Légende", max_length=200)
    credit = blocks.CharBlock(label="Crédit à mentionner", max_length=120)

    class Meta:
        icon = "image"
        label = "Image du kit presse"
        template = "positions/blocks/press_kit_item.html"
