"""The French names of the editorial roles and of the moderation workflow, in one place.

Wagtail creates the groups "Editors" and "Moderators" and the workflow "Moderators approval"
in English. The team reads these names on buttons ("Soumettre à …"), in the workflow
history and in the user admin, so `home.0010_french_role_names` renames them on every
site (with the names frozen in it); `seed_demo` and the tests use these constants rather
than spelling the names again.

The workflow and task names start with an article because Wagtail puts them in sentences:
"Soumettre à la validation des modérateurs", "Resoumettre à la relecture des modérateurs".
"""

EDITORS = "Rédacteurs"
MODERATORS = "Modérateurs"
WORKFLOW = "la validation des modérateurs"
TASK = "la relecture des modérateurs"
