"""Synthetic rows for benchmarks and scale tests: places, their facts and sources.

Every row is unmistakably made up: names start with "Synthetic" ("Synthetic place 17"),
slugs with "synthetic-", every dataset key with "synthetic:" and every source lives
under https://synthetic.example/, a domain reserved for examples. The content depends
only on the sizes and the seed, so a benchmark can be repeated row for row; only the ids
may differ between databases.

`shapes` says how the rows spread; `naming` how a synthetic row is marked and found,
which seeds are refused and how many rows a seed writes; `seeder` writes them. Each
module imports only those before it.
"""

# BATCH_SIZE is not re-exported: seeder reads its own, so a test patches it there.
from commitments.synthetic.naming import (
    KEY_PREFIX,
    MAX_ROWS,
    NAME_PREFIX,
    SLUG_PREFIX,
    SYNTHETIC_ROWS,
    URL_PREFIX,
    SeedRefused,
    check_database,
    check_sizes,
    is_synthetic_database,
    planned_counts,
    real_data_present,
    synthetic_data_present,
    synthetic_key,
    synthetic_name,
    synthetic_slug,
    synthetic_url,
)
from commitments.synthetic.seeder import Progress, seed

__all__ = [
    "KEY_PREFIX",
    "MAX_ROWS",
    "NAME_PREFIX",
    "SLUG_PREFIX",
    "SYNTHETIC_ROWS",
    "URL_PREFIX",
    "Progress",
    "SeedRefused",
    "check_database",
    "check_sizes",
    "is_synthetic_database",
    "planned_counts",
    "real_data_present",
    "seed",
    "synthetic_data_present",
    "synthetic_key",
    "synthetic_name",
    "synthetic_slug",
    "synthetic_url",
]
