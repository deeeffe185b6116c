from wagtail import blocks


class EpisodeBlock(blocks.StructBlock):
    """An episode embedded in another page (a position, a programme) with its own player."""

    episode = blocks.PageChooserBlock(label="Épisode", page_type="podcast.EpisodePage")
    introduction = blocks.CharBlock(
        label="Phrase d'introduction",
        max_length=200,
        required=False,
        help_text="Par exemple : « Écoutez nos invités en parler dans Cash PME ».",
    )

    class Meta:
        icon = "media"
        label = "Épisode de podcast"
        template = "podcast/blocks/episode.html"
