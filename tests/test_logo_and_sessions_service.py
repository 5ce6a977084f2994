"""Organization logo checks (by decoding, not by name) and the member's session list."""

import io
import logging

import pytest
from PIL import Image

from services import auth, organization, profile, sessions
from services.db import session_scope
from services.errors import InvalidInput
from services.organization import LOGO_SIZE, normalize_logo
from tests.factories import STRONG_PASSWORD, actor_from_ticket, signup

CHROME_ANDROID = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36'
SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Safari/604.1'


def image_bytes(size: tuple[int, int], fmt: str, **save: object) -> bytes:
    out = io.BytesIO()
    Image.new('RGB', size, (10, 120, 200)).save(out, format=fmt, **save)
    return out.getvalue()


def animated_gif() -> bytes:
    out = io.BytesIO()
    frames = [Image.new('RGB', (20, 20), color) for color in ((255, 0, 0), (0, 255, 0))]
    frames[0].save(out, format='GIF', save_all=True, append_images=frames[1:])
    return out.getvalue()


@pytest.mark.parametrize('fmt', ['PNG', 'JPEG', 'WEBP'])
def test_a_still_image_is_scaled_down_and_stored_as_png(fmt: str) -> None:
    stored = Image.open(io.BytesIO(normalize_logo(image_bytes((1200, 600), fmt))))
    assert (stored.format, max(stored.size)) == ('PNG', LOGO_SIZE)


@pytest.mark.parametrize(('content', 'message'), [
    (b'just some text, renamed to logo.png', 'This file is not a valid PNG, JPEG or WebP image.'),
    (animated_gif(), 'Upload a PNG, JPEG or WebP image.'),
    (image_bytes((20, 20), 'WEBP', save_all=True, append_images=[Image.new('RGB', (20, 20))]),
     'Animated images are not supported. Upload a still image.'),
    (image_bytes((6000, 5000), 'PNG'), 'The image is too large. Use one under 5000 x 5000 pixels.'),
    (b'\x89PNG' + b'0' * (3 * 1024 * 1024), 'The file is larger than 2 MB.'),
])
def test_bad_files_are_refused_with_a_clear_message_and_change_nothing(content: bytes, message: str) -> None:
    manager = signup()
    with pytest.raises(InvalidInput) as refused, session_scope(write=True) as db:
        organization.set_logo(db=db, actor=manager, content=content)
    assert refused.value.errors == {'logo': message}
    with session_scope() as db:
        assert organization.get_organization(db=db, actor=manager).has_logo is False


def test_setting_and_removing_the_logo() -> None:
    manager = signup()
    with session_scope(write=True) as db:
        first = organization.set_logo(db=db, actor=manager, content=image_bytes((64, 64), 'PNG'))
    with session_scope(write=True) as db:
        removed = organization.remove_logo(db=db, actor=manager)
    assert (first.has_logo, removed.has_logo) == (True, False)
    assert removed.logo_version > first.logo_version  # a new logo later gets a new URL


def test_sessions_are_listed_in_words_with_the_current_one_marked_and_others_can_be_signed_out() -> None:
    signup()  # its own session is the third, from an unnamed browser
    phone = actor_from_ticket(auth.login(email='maria@acme.test', password=STRONG_PASSWORD,
                                         user_agent=CHROME_ANDROID).handoff)
    actor_from_ticket(auth.login(email='maria@acme.test', password=STRONG_PASSWORD, user_agent=SAFARI_IPHONE).handoff)
    with session_scope() as db:
        listed = sessions.list_sessions(db=db, actor=phone)
    assert sorted((s.device, s.current) for s in listed) == [
        ('Chrome on Android', True), ('Safari on iPhone', False), ('Unknown browser on unknown device', False)]
    with session_scope(write=True) as db:
        assert sessions.sign_out_other_sessions(db=db, actor=phone, password=STRONG_PASSWORD) == 2
    with session_scope() as db:
        assert [s.device for s in sessions.list_sessions(db=db, actor=phone)] == ['Chrome on Android']


def test_changing_the_password_signs_out_the_other_sessions() -> None:
    signup()  # the sign-up session is the other one
    laptop = actor_from_ticket(auth.login(email='maria@acme.test', password=STRONG_PASSWORD).handoff)
    with session_scope(write=True) as db:
        profile.change_password(db=db, actor=laptop, current_password=STRONG_PASSWORD,
                                new_password='a brand new passphrase', confirm_password='a brand new passphrase')
    with session_scope() as db:
        assert [s.current for s in sessions.list_sessions(db=db, actor=laptop)] == [True]


def test_renaming_is_logged_only_when_the_name_changes(caplog: pytest.LogCaptureFixture) -> None:
    manager = signup()
    caplog.set_level(logging.INFO, logger='mobilos.security')
    for name in ('Acme Field Services', 'Acme Field Group', 'Acme Field Group'):
        with session_scope(write=True) as db:
            assert organization.rename_organization(db=db, actor=manager, data={'name': name}).name == name
    assert caplog.text.count('organization_renamed') == 1
