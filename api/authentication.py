"""Who is calling: a personal API token (other systems), or the portal's session (its own pages).

`Authorization: Bearer rpt_…` names a token (api/tokens.py); an unknown, expired or revoked
token, or one of an inactive user, is refused with 401. Without that header the session
is used, with Django's CSRF check on every write, as on the pages.
"""

from rest_framework import authentication

from api import tokens
from api.errors import TokenRefused


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise TokenRefused
        try:
            key = header[1].decode("ascii")
        except UnicodeError:
            raise TokenRefused from None
        token = tokens.find_token(key)
        if token is None:
            raise TokenRefused
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The portal's session, for its own pages' scripts: a write needs the CSRF token, as a
    form does. The check reads the request as Django does, so that a form posted from
    elsewhere is refused for its missing token (403) before its body is ever parsed."""

    def enforce_csrf(self, request):
        return super().enforce_csrf(request._request)
