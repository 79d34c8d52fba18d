"""The editors' admin, one module per area like the models package.

Importing the modules registers their admins with the site.
"""

from commitments.admin import (  # noqa: F401
    networks,
    pledges,
    practices,
    resolutions,
    sources,
    strategies,
)
