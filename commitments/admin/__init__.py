"""The editors' admin, one module per area like the models package.

Importing the modules registers their admins with the site; places first, as in the
admin's index everything else hangs on them.
"""

from commitments.admin import places  # noqa: F401, I001
from commitments.admin import (  # noqa: F401
    networks,
    pledges,
    practices,
    resolutions,
    sources,
    strategies,
)
