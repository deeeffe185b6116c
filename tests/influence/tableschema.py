"""A small Table Schema checker: field names, types (string, date) and required/enum rules."""

import datetime


def validate(header, rows, schema):
    """Problems found when checking CSV ``rows`` (dicts) against a Table Schema descriptor."""
    fields = schema["fields"]
    missing_values = schema.get("missingValues", [""])
    problems = []
    if header != [field["name"] for field in fields]:
        problems.append(f"header {header} does not match the schema")
    for number, row in enumerate(rows, start=2):
        for field in fields:
            value = row.get(field["name"])
            constraints = field.get("constraints", {})
            if value is None or value in missing_values:
                if constraints.get("required"):
                    problems.append(f"row {number}: {field['name']} is required")
                continue
            if field["type"] == "date":
                try:
                    datetime.date.fromisoformat(value)
                except ValueError:
                    problems.append(f"row {number}: {field['name']}={value!r} is not a date")
            elif field["type"] != "string":
                problems.append(f"row {number}: unsupported type {field['type']}")
            if "enum" in constraints and value not in constraints["enum"]:
                problems.append(f"row {number}: {field['name']}={value!r} not in enum")
    return problems
