"""The Content Security Policy's exceptions: pages of other packages.

Every page of the site gets the policy in settings.CONTENT_SECURITY_POLICY, which
allows no inline script or style. A few pages come from other packages with inline
bits we do not write ourselves: the admin's (Django, django-import-export,
django-simple-history) and the browsable API's (Django REST framework). Those bits are
allowed on those pages only, each by its hash (`'unsafe-hashes'` lets a hash match an
attribute), so that nothing else inline runs there either. tests/test_csp.py renders
each bit from its package and checks that its hash is here.
"""

import base64
import hashlib

from csp.middleware import CSPMiddleware, PolicyParts
from django.utils.html import escape
from rest_framework.compat import pygments_css
from rest_framework.renderers import BrowsableAPIRenderer


class InlineBits:
    def __init__(self, *, styles=(), style_attributes=(), script_attributes=()):
        self.styles = styles
        self.style_attributes = style_attributes
        self.script_attributes = script_attributes

    def directives(self) -> dict[str, list[str]]:
        additions = {}
        styles = [*self.styles, *self.style_attributes]
        if styles:
            additions["style-src"] = ["'unsafe-hashes'", *map(source_hash, styles)]
        if self.script_attributes:
            additions["script-src"] = [
                "'unsafe-hashes'",
                *map(source_hash, self.script_attributes),
            ]
        return additions


# The exact text of each inline bit, as its package writes it.
ADMIN = InlineBits(
    # Django's change list without actions (admin/change_list.html).
    styles=["\n      #changelist table thead th:first-child {width: inherit}\n    "],
    style_attributes=[
        # django-import-export's export page (admin/import_export/export.html).
        "padding: 0;",
        "font-weight: bold;",
        # django-simple-history's history page (object_history_list.html).
        "border-top: 0",
    ],
    # The export page's "Select all" box.
    script_attributes=["onSelectToggleChange(event)"],
)
BROWSABLE_API = InlineBits(
    # The colours of the highlighted JSON (rest_framework/base.html).
    styles=[escape(pygments_css(BrowsableAPIRenderer.code_style))],
    # Its "Filters" button.
    style_attributes=["float: right; margin-right: 10px"],
)


def source_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# URL namespace -> additions to the policy for its pages.
EXCEPTIONS = {"admin": ADMIN.directives(), "api": BROWSABLE_API.directives()}


class SitePolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        match = request.resolver_match
        html = response.get("Content-Type", "").startswith("text/html")
        if parts.update is None and match is not None and html:
            for namespace in match.namespaces:
                if namespace in EXCEPTIONS:
                    parts.update = EXCEPTIONS[namespace]
        return parts
