"""Security headers on every response, and NiceGUI's websocket refused to other origins.

Pure ASGI (not BaseHTTPMiddleware) so it also sees websocket connections.
"""

from urllib.parse import urlsplit

from nicegui import app
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# NiceGUI renders with Vue's in-browser template compiler (needs 'unsafe-eval') and inline bootstrapping
# scripts and styles; everything else is limited to the app's own origin.
CONTENT_SECURITY_POLICY = '; '.join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = [
    (b'content-security-policy', CONTENT_SECURITY_POLICY.encode()),
    (b'x-content-type-options', b'nosniff'),
    (b'referrer-policy', b'strict-origin-when-cross-origin'),
    (b'x-frame-options', b'DENY'),
    (b'permissions-policy', b'camera=(), microphone=(), geolocation=()'),
]
HSTS = [(b'strict-transport-security', b'max-age=31536000; includeSubDomains')]  # only sent over HTTPS
WEBSOCKET_PREFIX = '/_nicegui_ws'


def same_origin(scope: Scope) -> bool:
    """True when the request has no Origin (not a browser's cross-site call) or its Origin is this host."""
    headers = dict(scope.get('headers') or [])
    origin = headers.get(b'origin')
    if not origin:
        return True
    host = headers.get(b'host', b'').decode('latin-1')  # a proxy in front must pass the Host header on
    return bool(host) and urlsplit(origin.decode('latin-1')).netloc == host


class SecurityMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] not in ('http', 'websocket'):
            await self.app(scope, receive, send)
            return
        if scope['path'].startswith(WEBSOCKET_PREFIX) and not same_origin(scope):
            if scope['type'] == 'websocket':
                await send({'type': 'websocket.close', 'code': 1008})
            else:
                await send({'type': 'http.response.start', 'status': 403, 'headers': HEADERS})
                await send({'type': 'http.response.body', 'body': b'Forbidden origin'})
            return

        async def send_with_headers(message: Message) -> None:
            if message['type'] == 'http.response.start':
                present = {name.lower() for name, _ in message.get('headers', [])}
                extra = HEADERS + (HSTS if scope.get('scheme') == 'https' else [])
                message['headers'] = [*message.get('headers', []), *(h for h in extra if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install() -> None:
    app.add_middleware(SecurityMiddleware)
