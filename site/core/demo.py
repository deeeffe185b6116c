"""What every app's demo seeding shares."""


def published_child(parent, model, slug, stdout, in_menu=True, **fields):
    """The child page with this slug, created and published on first run, left alone after:
    ``seed_demo`` runs on every ``make run`` and must never undo an editor's changes."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = parent.add_child(instance=model(slug=slug, show_in_menus=in_menu, **fields))
    page.save_revision().publish()
    stdout.write(f"Page « {page.title} » créée.")
    return page
