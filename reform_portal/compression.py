"""Pages go compressed on the wire; files that are compressed already go as they are.

Django's GZipMiddleware, with its BREACH mitigation (random bytes in the gzip header, after
"Heal the Breach"); together with the CSRF token, which Django masks afresh on every page,
a secret cannot be read back from the compressed length (SECURITY.md). Only text types are
compressed: XLSX, PDF, ZIP and images are compressed formats, and evidence downloads would
only cost the worker time.
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE_TYPES = frozenset(
    {
        "application/json",
        "application/javascript",
        "application/problem+json",
        "application/vnd.oai.openapi",
        "application/vnd.oai.openapi+json",
        "application/xml",
        "image/svg+xml",
    }
)


def is_compressible(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.startswith("text/") or media_type in COMPRESSIBLE_TYPES


class CompressPagesMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not is_compressible(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)
