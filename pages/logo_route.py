"""/logo: the signed-in member's own organization logo (the access middleware has checked the session)."""

from nicegui import app
from starlette.requests import Request
from starlette.responses import Response

from components.actions import in_thread, run_as
from services import organization
from services.errors import ServiceError


async def logo(request: Request) -> Response:
    actor = getattr(request.state, 'actor', None)
    if actor is None:
        return Response(status_code=404)
    try:
        content = await in_thread(lambda: run_as(actor, organization.logo_png, write=False))
    except ServiceError:
        return Response(status_code=404)
    return Response(content, media_type='image/png', headers={
        'Cache-Control': 'private, max-age=86400', 'X-Content-Type-Options': 'nosniff'})


def register() -> None:
    app.add_api_route('/logo', logo, methods=['GET'], include_in_schema=False)
