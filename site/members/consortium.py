"""Consortium suggestions: when a need is larger than one SME (a large budget, several
departments), SMEs with matching activities nearby who could answer together."""

from .models import BudgetBand, Organisation, OrganisationKind

LARGE_BUDGETS = {BudgetBand.TO_500K, BudgetBand.OVER_500K}
MAX_SUGGESTIONS = 6


def needs_a_consortium(need, department_codes) -> bool:
    return need.budget_band in LARGE_BUDGETS or len(department_codes) > 1


def suggestions(need, viewer, department_codes, category_ids):
    """Validated SMEs of the directory sharing a category and in a department of the need,
    other than the viewer and the buyer; one query."""
    if not needs_a_consortium(need, department_codes):
        return Organisation.objects.none()
    return (
        Organisation.objects.validated()
        .filter(
            kind=OrganisationKind.SME,
            in_directory=True,
            department__in=department_codes,
            categories__in=category_ids,
        )
        .exclude(pk__in=[viewer.pk, need.organisation_id])
        .distinct()
        .order_by("name")[:MAX_SUGGESTIONS]
    )
