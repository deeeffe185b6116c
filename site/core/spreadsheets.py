"""The one formula guard of every CSV the site writes (open-data exports, admin reports).

Spreadsheets run a cell that starts with one of FORMULA_TRIGGERS as a formula ("CSV
injection": a company or an episode titled =HYPERLINK(…) becomes a link that leaks the
sheet). Such cells get a leading apostrophe, which spreadsheets read as "text" and hide; the
mandate import removes it again. A value that itself starts with an apostrophe gets one too,
so that an import can tell "'=" (a name) from "=" (a guarded formula): export then import
gives back every value.
"""

FORMULA_TRIGGERS = frozenset("=+-@\t\r")
_GUARDED_STARTS = FORMULA_TRIGGERS | {"'"}


def spreadsheet_safe(text: str) -> str:
    """The cell for a free-text value. It runs for four cells of every exported row: a set
    lookup on the first character is the cheapest test (and "" is in no set)."""
    return f"'{text}" if text[:1] in _GUARDED_STARTS else text


def spreadsheet_text(cell: str) -> str:
    """The value a spreadsheet_safe() cell stands for (used by the CSV import)."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _GUARDED_STARTS else cell


class FormulaGuardedExportMixin:
    """For admin views with Wagtail's CSV/XLSX export (SpreadsheetExportMixin, which reports
    have): every text cell of the CSV through spreadsheet_safe (Wagtail already writes XLSX
    formulas back as text, not CSV ones)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return spreadsheet_safe(value)
        return value
