"""Summarizes a dataset produced by make-dataset: reads the input's JSON file, returns statistics."""

import json
import os
import statistics


def summarize(dataset, column="temperature_c"):
    """Returns (rows, mean, minimum, maximum, by_city) for ``column`` of ``dataset``.

    ``dataset`` is the run input: an object whose ``path`` is a local copy of the JSON artifact
    {"columns": [...], "rows": [[...], ...]}. The first four values are results; ``by_city``
    (a dict of per-city means) is stored as an artifact.
    """
    with open(dataset.path, encoding="utf-8") as handle:
        table = json.load(handle)
    columns = table["columns"]
    if column not in columns:
        raise KeyError("column %r is not in the dataset; it has %s" % (column, ", ".join(columns)))
    index = columns.index(column)
    city = columns.index("city") if "city" in columns else None
    values = [float(row[index]) for row in table["rows"]]
    if not values:
        raise ValueError("the dataset has no rows")
    digits = int(os.environ.get("SUMMARY_PRECISION", "2"))
    by_city = {}
    if city is not None:
        groups = {}
        for row in table["rows"]:
            groups.setdefault(row[city], []).append(float(row[index]))
        by_city = {name: round(statistics.fmean(group), digits) for name, group in sorted(groups.items())}
    return len(values), round(statistics.fmean(values), digits), min(values), max(values), by_city
