"""Which organisations a member of staff may validate or suspend in the admin.

The regional team (permission `validate_any_department`, and superusers) handles every
organisation; an antenna's staff handle those of their department only
(`validate_department_<code>`). Staff with neither see and change none: the snippet
permissions say what they may do, these say to whom.
"""

from django.db.models import Q

from core.departments import DEPARTMENTS

REGIONAL_PERMISSION = "validate_any_department"


def department_permission(code: str) -> str:
    return f"validate_department_{code}"


PERMISSIONS = [
    (REGIONAL_PERMISSION, "Valider et suspendre les organisations de toute la région"),
    *(
        (department_permission(code), f"Valider et suspendre les organisations ({code} – {name})")
        for code, name in DEPARTMENTS.items()
    ),
]


def staff_departments(user) -> set[str] | None:
    """The department codes this person handles; None for all of them."""
    if user.has_perm(f"members.{REGIONAL_PERMISSION}"):
        return None
    return {code for code in DEPARTMENTS if user.has_perm(f"members.{department_permission(code)}")}


def for_staff(user, queryset, *department_fields):
    """The rows this person handles: those whose department (`department_fields`, by default
    the row's own `department`) is theirs; a row between organisations (an invitation to a
    joint response) when any of them is."""
    departments = staff_departments(user)
    if departments is None:
        return queryset
    condition = Q()
    for field in department_fields or ("department",):
        condition |= Q(**{f"{field}__in": departments})
    return queryset.filter(condition)
