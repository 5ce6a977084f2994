"""A member's page: deactivation that signs out at once, reactivation against the cap, password reset, and who
may open which member (and which management page) by typing its address."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    DESKTOP,
    INVALID_LOGIN,
    PHONE,
    add_technicians,
    confirm,
    create_member,
    dialog,
    first_login,
    open_account_item,
    open_member,
    read_credentials,
    signup,
    start_member,
    submit_login,
    unique_email,
)

pytestmark = pytest.mark.browser

TECH_PASSWORD = 'lantern meadow 42'


def technician_signed_in_on_a_phone(open_page: Callable[..., Page], organization: str,
                                    technician: str) -> tuple[Page, Page, str]:
    """A manager's desktop page and a technician's phone, home page open; returns both and the email."""
    manager = open_page(**DESKTOP)
    signup(manager, organization=organization, name=f'{organization} Manager', email=unique_email(organization))
    email = unique_email(technician)
    temporary = create_member(manager, name=technician, email=email)
    phone = open_page(**PHONE)
    first_login(phone, email, temporary, TECH_PASSWORD)
    expect(phone.get_by_role('heading', name=f'Hello, {technician}')).to_be_visible()
    return manager, phone, email


def test_deactivation_throws_the_member_out_of_an_open_page(open_page: Callable[..., Page]) -> None:
    manager, phone, email = technician_signed_in_on_a_phone(open_page, 'Deact Field', 'Dirk Tech')

    open_member(manager, 'Dirk Tech')
    confirm(manager, 'Deactivate', 'Deactivate member?')
    expect(manager.get_by_text('Inactive', exact=True)).to_be_visible()
    expect(manager.get_by_role('button', name='Activate', exact=True)).to_be_visible()
    expect(manager.get_by_text('Deactivated', exact=True)).to_be_visible()  # in History

    # The phone still shows home; its next request to the server ends on the log-in page.
    expect(phone.get_by_role('heading', name='Hello, Dirk Tech')).to_be_visible()
    open_account_item(phone, 'My Profile')
    expect(phone).to_have_url(re.compile(r'/login\?ended=1&next=/profile$'))
    expect(phone.get_by_text('Your session has ended. Please log in again.')).to_be_visible()
    expect(phone.get_by_role('heading', name='Log in')).to_be_visible()
    expect(phone.get_by_role('heading', name='My Profile')).to_have_count(0)

    submit_login(phone, email, TECH_PASSWORD)
    expect(phone.get_by_role('alert').filter(has_text=INVALID_LOGIN)).to_be_visible()


def test_sign_out_everywhere_ends_a_lost_phones_session_but_keeps_the_password(open_page: Callable[..., Page]) -> None:
    manager, phone, email = technician_signed_in_on_a_phone(open_page, 'Lost Phone Field', 'Liam Tech')

    open_member(manager, 'Liam Tech')
    confirm(manager, 'Sign out everywhere', 'Sign out everywhere?')
    expect(manager.get_by_role('status').filter(has_text='Liam Tech was signed out everywhere.')).to_be_visible()
    expect(manager.get_by_text('Signed out everywhere', exact=True)).to_be_visible()  # in History

    open_account_item(phone, 'My Profile')
    expect(phone).to_have_url(re.compile(r'/login\?ended=1&next=/profile$'))
    expect(phone.get_by_text('Your session has ended. Please log in again.')).to_be_visible()
    submit_login(phone, email, TECH_PASSWORD)  # the same password still works
    expect(phone.get_by_role('heading', name='Hello, Liam Tech')).to_be_visible()


def test_reactivating_at_the_cap_offers_an_upgrade(open_page: Callable[..., Page]) -> None:
    page = open_page(**DESKTOP)
    signup(page, organization='Recap Field', name='Rita Manager', email=unique_email('Rita'))
    start_member(page, name='Changed Mind', email=unique_email('Changed Mind'))
    dialog(page, 'New member').get_by_role('button', name='Cancel').click()  # the next form opens empty
    add_technicians(page, ['Rex Tech', 'Ria Tech', 'Roy Tech'])
    expect(page.get_by_text('Active technicians: 3 / 3')).to_be_visible()

    rex = open_member(page, 'Rex Tech')
    confirm(page, 'Deactivate', 'Deactivate member?')
    expect(page.get_by_role('button', name='Activate', exact=True)).to_be_visible()
    page.goto('/team')
    expect(page.get_by_text('Active technicians: 2 / 3')).to_be_visible()
    add_technicians(page, ['Rae Tech'])
    expect(page.get_by_text('Active technicians: 3 / 3')).to_be_visible()

    page.goto(rex)
    confirm(page, 'Activate', 'Activate member?')
    limit = dialog(page, 'Technician limit reached')
    expect(limit).to_be_visible()
    expect(limit).to_contain_text('Free plan allows up to 3 active technicians, and 3 are active now')
    expect(limit.get_by_role('button', name='View active technicians')).to_be_visible()
    expect(page.get_by_text('Inactive', exact=True)).to_be_visible()  # nothing changed
    limit.get_by_role('button', name='Upgrade plan').click()
    expect(page).to_have_url(re.compile(r'/billing$'))
    expect(page.get_by_role('heading', name='Subscription')).to_be_visible()


def test_password_reset_forces_a_new_password(open_page: Callable[..., Page]) -> None:
    manager = open_page(**DESKTOP)
    signup(manager, organization='Reset Field', name='Rosa Manager', email=unique_email('Rosa'))
    email = unique_email('Pete Tech')
    first = create_member(manager, name='Pete Tech', email=email)
    phone = open_page(**PHONE)
    first_login(phone, email, first, TECH_PASSWORD)

    open_member(manager, 'Pete Tech')
    confirm(manager, 'Reset password', 'Reset password?')
    temporary = read_credentials(manager, 'New temporary password', email=email)
    assert temporary not in (first, TECH_PASSWORD)
    expect(manager.get_by_text('Pending first login', exact=True)).to_be_visible()
    expect(manager.get_by_text('Password reset', exact=True)).to_be_visible()  # in History
    expect(manager.get_by_text(temporary)).to_have_count(0)  # shown once only

    submit_login(phone, email, TECH_PASSWORD)
    expect(phone.get_by_role('alert').filter(has_text=INVALID_LOGIN)).to_be_visible()
    submit_login(phone, email, temporary)
    expect(phone).to_have_url(re.compile(r'/set-password$'))
    expect(phone.get_by_role('heading', name='Set a new password')).to_be_visible()


def test_member_pages_by_address_respect_role_and_organization(open_page: Callable[..., Page]) -> None:
    manager = open_page(**DESKTOP)
    signup(manager, organization='Perm Field A', name='Mona Manager', email=unique_email('Mona'))
    cora_email, tim_email = unique_email('Cora Coord'), unique_email('Tim Tech')
    cora_temporary = create_member(manager, name='Cora Coord', email=cora_email, role='Coordinator')
    tim_temporary = create_member(manager, name='Tim Tech', email=tim_email)
    mona = open_member(manager, 'Mona Manager (main manager)')
    tim = open_member(manager, 'Tim Tech')

    coordinator = open_page(**DESKTOP)
    first_login(coordinator, cora_email, cora_temporary, 'harbor pelican 19')
    coordinator.goto('/team')  # the manager is listed, but her name is not a link the coordinator cannot follow
    expect(coordinator.get_by_role('cell', name='Mona Manager (main manager)')).to_be_visible()
    expect(coordinator.get_by_role('link', name='Mona Manager (main manager)')).to_have_count(0)
    expect(coordinator.get_by_role('link', name='Tim Tech')).to_be_visible()
    coordinator.goto(tim)  # a technician's page is hers to edit
    expect(coordinator.get_by_role('heading', name='Tim Tech')).to_be_visible()
    expect(coordinator.get_by_role('button', name='Save changes')).to_be_visible()
    coordinator.goto(mona)
    expect(coordinator.get_by_role('heading', name='No access')).to_be_visible()
    expect(coordinator.get_by_text("Only a manager can open a manager's details.")).to_be_visible()
    expect(coordinator.get_by_role('button', name='Save changes')).to_have_count(0)
    expect(coordinator.get_by_role('heading', name='Mona Manager')).to_have_count(0)
    for path in ['/billing', '/organization', '/activity']:
        coordinator.goto(path)
        expect(coordinator.get_by_role('heading', name='No access')).to_be_visible()

    technician = open_page(**PHONE)
    first_login(technician, tim_email, tim_temporary, TECH_PASSWORD)
    for path in [tim, '/specialties']:
        technician.goto(path)
        expect(technician.get_by_role('heading', name='No access')).to_be_visible()
    expect(technician.get_by_role('button', name='Save changes')).to_have_count(0)

    other = open_page(**DESKTOP)
    signup(other, organization='Perm Field B', name='Otto Other', email=unique_email('Otto'))
    other.goto(tim)
    expect(other.get_by_role('heading', name='Member not found')).to_be_visible()
    expect(other.get_by_text('Tim Tech')).to_have_count(0)
    expect(other.get_by_role('button', name='Save changes')).to_have_count(0)
