"""Organization settings: its name and its logo (checked by decoding, scaled down, stored as PNG)."""

import io
import warnings

from PIL import Image, UnidentifiedImageError
from pydantic import ValidationError
from sqlmodel import Session

from models import ALL_ROLES, OrganizationLogo, OrganizationPublic, OrganizationUpdate, Role, utcnow
from services import security_log
from services.access import Actor, organization_of, require
from services.errors import InvalidInput, NotFound
from services.validation import field_errors

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 25_000_000  # beyond this a "logo" is a decompression bomb, not a logo
LOGO_SIZE = 256  # stored logos fit in 256 x 256
LOGO_FORMATS = {'PNG', 'JPEG', 'WEBP'}


def get_organization(*, db: Session, actor: Actor) -> OrganizationPublic:
    return OrganizationPublic.model_validate(organization_of(db, require(db, actor, ALL_ROLES)))


def rename_organization(*, db: Session, actor: Actor, data: dict[str, str]) -> OrganizationPublic:
    try:
        form = OrganizationUpdate.model_validate({'name': str(data.get('name', ''))})
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc)) from exc
    org = organization_of(db, require(db, actor, {Role.MANAGER}))
    if form.name and form.name != org.name:  # saving the same name again records nothing
        org.name = form.name
        db.add(org)
        security_log.event('organization_renamed', user_id=actor.user_id, organization_id=org.id)
    return OrganizationPublic.model_validate(org)


def normalize_logo(content: bytes) -> bytes:
    """Decode the upload (whatever its name says), refuse what is not a still PNG/JPEG/WebP, return a small PNG."""
    if len(content) > LOGO_MAX_BYTES:
        raise InvalidInput({'logo': f'The file is larger than {LOGO_MAX_BYTES // (1024 * 1024)} MB.'})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('error', Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            if image.format not in LOGO_FORMATS:
                raise InvalidInput({'logo': 'Upload a PNG, JPEG or WebP image.'})
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise InvalidInput({'logo': 'The image is too large. Use one under 5000 x 5000 pixels.'})
            if getattr(image, 'is_animated', False):
                raise InvalidInput({'logo': 'Animated images are not supported. Upload a still image.'})
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidInput({'logo': 'The image is too large. Use one under 5000 x 5000 pixels.'}) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidInput({'logo': 'This file is not a valid PNG, JPEG or WebP image.'}) from exc
    still = image.convert('RGBA')
    still.thumbnail((LOGO_SIZE, LOGO_SIZE))
    out = io.BytesIO()
    still.save(out, format='PNG', optimize=True)
    return out.getvalue()


def set_logo(*, db: Session, actor: Actor, content: bytes) -> OrganizationPublic:
    png = normalize_logo(content)  # before any database work: a bad file changes nothing
    org = organization_of(db, require(db, actor, {Role.MANAGER}))
    logo = db.get(OrganizationLogo, org.id)
    if logo is None:
        logo = OrganizationLogo(organization_id=org.id or 0, content=png)
    logo.content, logo.updated_at = png, utcnow()
    db.add(logo)
    org.has_logo = True
    org.logo_version += 1
    db.add(org)
    security_log.event('logo_changed', user_id=actor.user_id, organization_id=org.id, size=len(png))
    return OrganizationPublic.model_validate(org)


def remove_logo(*, db: Session, actor: Actor) -> OrganizationPublic:
    org = organization_of(db, require(db, actor, {Role.MANAGER}))
    logo = db.get(OrganizationLogo, org.id)
    if logo is not None:
        db.delete(logo)
        org.has_logo = False
        org.logo_version += 1
        db.add(org)
        security_log.event('logo_removed', user_id=actor.user_id, organization_id=org.id)
    return OrganizationPublic.model_validate(org)


def logo_png(*, db: Session, actor: Actor) -> bytes:
    """The logo of the actor's own organization (members never fetch another organization's logo)."""
    org = organization_of(db, require(db, actor, ALL_ROLES))
    logo = db.get(OrganizationLogo, org.id)
    if logo is None:
        raise NotFound()
    return logo.content


