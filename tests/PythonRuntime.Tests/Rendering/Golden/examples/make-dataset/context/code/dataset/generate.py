"""Builds a small, reproducible weather dataset: the same seed always gives the same rows."""

import random

COLUMNS = ["city", "day", "temperature_c", "rainfall_mm"]

# Rough yearly means so each city looks different.
CLIMATE = {"Trento": 12.0, "Bologna": 14.5, "Torino": 13.0, "Napoli": 17.5, "Milano": 13.5}


def make_dataset(days=14, seed=7, cities=("Trento", "Bologna", "Torino")):
    """Returns (dataset, row_count); the dataset is {"columns": [...], "rows": [[...], ...]}."""
    days = int(days)
    if days < 1:
        raise ValueError("days must be at least 1")
    rng = random.Random(int(seed))
    rows = []
    for city in cities:
        base = CLIMATE.get(city, 15.0)
        for day in range(1, days + 1):
            temperature = round(base + rng.uniform(-4.0, 4.0), 1)
            rainfall = round(max(0.0, rng.gauss(1.5, 3.0)), 1)
            rows.append([city, day, temperature, rainfall])
    return {"columns": COLUMNS, "rows": rows}, len(rows)
