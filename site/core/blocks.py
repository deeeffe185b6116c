"""StreamField blocks shared by programme pages and, later, by positions and episodes."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="Titre", max_length=120)
    level = blocks.ChoiceBlock(
        label="Niveau",
        choices=[("h2", "Titre de section"), ("h3", "Sous-titre")],
        default="h2",
        help_text="Le titre de la page est déjà le grand titre : commencez par un titre de "
        "section, puis des sous-titres à l'intérieur d'une section.",
    )

    class Meta:
        icon = "title"
        label = "Titre"
        template = "components/blocks/heading.html"


class CreditedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="Image")
    alt_text = blocks.CharBlock(
        label="Texte alternatif",
        max_length=250,
        required=False,
        help_text="Décrit l'image pour les lecteurs d'écran. Laissez vide si elle est décorative.",
    )
    caption = blocks.CharBlock(label="Légende", max_length=250, required=False)
    credit = blocks.CharBlock(label="Crédit photo", max_length=120, required=False)

    class Meta:
        icon = "image"
        label = "Image"
        template = "components/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Citation")
    author = blocks.CharBlock(label="Auteur", max_length=120)
    role = blocks.CharBlock(label="Fonction", max_length=160, required=False)

    class Meta:
        icon = "openquote"
        label = "Citation"
        template = "components/blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre", max_length=120)
    text = blocks.TextBlock(label="Texte", required=False)
    button_label = blocks.CharBlock(label="Libellé du bouton", max_length=60)
    page = blocks.PageChooserBlock(label="Page du site", required=False)
    url = blocks.URLBlock(label="Ou adresse externe", required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        "Choisissez soit une page du site, soit une adresse externe."
                    )
                }
            )
        return value

    class Meta:
        icon = "link"
        label = "Appel à l'action"
        template = "components/blocks/call_to_action.html"


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label="Chiffre", max_length=20, help_text="Par exemple « 3 000 ».")
    label = blocks.CharBlock(label="Libellé", max_length=120)
    source = blocks.CharBlock(label="Source", max_length=160, required=False)

    class Meta:
        icon = "pick"
        label = "Chiffre clé"


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre", max_length=120, required=False)
    figures = blocks.ListBlock(KeyFigureBlock(), label="Chiffres", min_num=1, max_num=6)

    class Meta:
        icon = "table"
        label = "Chiffres clés"
        template = "components/blocks/key_figures.html"


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text limited to what reads well on every page (no h2: StreamField headings)."""

    features = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]

    def __init__(self, **kwargs):
        kwargs.setdefault("features", self.features)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Texte"
        template = "components/blocks/paragraph.html"


class StandardStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CreditedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    key_figures = KeyFiguresBlock()


class MenuLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label="Page")
    label = blocks.CharBlock(
        label="Libellé",
        max_length=40,
        required=False,
        help_text="Court, pour tenir sur une ligne ; à défaut, le titre de la page.",
    )
    description = blocks.CharBlock(
        label="Description",
        max_length=90,
        required=False,
        help_text="Une ligne sous le lien, dans les sous-menus seulement.",
    )

    class Meta:
        icon = "link"
        label = "Lien"


class MenuGroupBlock(blocks.StructBlock):
    label = blocks.CharBlock(label="Libellé", max_length=40)
    links = blocks.ListBlock(MenuLinkBlock(), label="Liens", min_num=1, max_num=12)

    class Meta:
        icon = "list-ul"
        label = "Groupe de liens"


class MainMenuBlock(blocks.StreamBlock):
    """The header's menu: links and groups (a group opens a sub-menu, e.g. the programmes)."""

    link = MenuLinkBlock()
    group = MenuGroupBlock()


class FooterLinksBlock(blocks.StreamBlock):
    link = MenuLinkBlock()
