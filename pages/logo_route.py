"""/logo: the signed-in member's own organization logo (the access middleware has checked the session)."""

from nicegui import app
from starlette.requests import Request
from starlette.responses import Response

from components.actions import in_thread, run_as
from pages.errors import page_not_found
from services import organization
from services.errors import ServiceError


async def logo(request: Request) -> Response:
    actor = getattr(request.state, 'actor', None)
    if actor is None:
        return await page_not_found(request)
    try:
        content = await in_thread(lambda: run_as(actor, organization.logo_png, write=False))
    except ServiceError:  # no logo: opened on its own, the address gets the app's Page not found
        return await page_not_found(request)
    return Response(content, media_type='image/png', headers={
        'Cache-Control': 'private, max-age=86400', 'X-Content-Type-Options': 'nosniff'})


def register() -> None:
    app.add_api_route('/logo', logo, methods=['GET'], include_in_schema=False)
