"""Blocks of the media plan page."""

from wagtail import blocks


class KeyMessagesBlock(blocks.StreamBlock):
    """The plan's key messages: short sentences every spokesperson repeats, shown as a list."""

    message = blocks.CharBlock(
        label="Message clé",
        icon="openquote",
        max_length=300,
        help_text="Une phrase que chaque porte-parole reprend, par exemple « L'industrie doit "
        "peser 13 % du PIB ».",
    )

    class Meta:
        icon = "openquote"
