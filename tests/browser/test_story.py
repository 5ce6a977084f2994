"""The main story, end to end: a manager builds a team up to the plan's cap; a technician starts on a phone."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    DESKTOP,
    INVALID_LOGIN,
    PHONE,
    assert_no_sideways_scroll,
    create_member,
    dialog,
    login,
    logout,
    signup,
    start_member,
    submit_login,
    unique_email,
)

pytestmark = pytest.mark.browser

TECHNICIANS = ['Tom Tech', 'Tina Tech', 'Theo Tech']
TECH_PASSWORD = 'lantern meadow 42'


def test_manager_fills_the_plan_and_a_technician_starts_on_a_phone(open_page: Callable[..., Page]) -> None:
    page = open_page(**DESKTOP)
    manager = unique_email('Maria Manager')
    signup(page, organization='Acme Field Service', name='Maria Manager', email=manager)
    expect(page.get_by_text('Active technicians: 0 / 3')).to_be_visible()

    # A coordinator, with a password the manager types in.
    create_member(page, name='Carl Coordinator', email=unique_email('Carl'), role='Coordinator',
                  password='copper kettle 77')
    # Technicians up to the Free plan's cap, each with a generated password.
    emails = [unique_email(name) for name in TECHNICIANS]
    passwords = [create_member(page, name=name, email=email) for name, email in zip(TECHNICIANS, emails, strict=True)]
    expect(page.get_by_text('Active technicians: 3 / 3')).to_be_visible()
    rows = page.locator('tbody tr')
    expect(rows).to_have_count(5)

    # The fourth technician does not fit.
    form = start_member(page, name='Fred Fourth', email=unique_email('Fred'))
    form.get_by_role('button', name='Generate').click()
    form.get_by_role('button', name='Create member').click()
    limit = dialog(page, 'Technician limit reached')
    expect(limit).to_be_visible()
    expect(limit).to_contain_text('Free plan allows up to 3 active technicians')
    expect(limit.get_by_role('button', name='Upgrade plan')).to_be_visible()
    limit.get_by_role('button', name='View active technicians').click()
    expect(page).to_have_url(re.compile(r'/team\?status=active&role=technician$'))
    expect(page.get_by_role('heading', name='Team')).to_be_visible()
    expect(page.get_by_label('Status')).to_have_value('Active')
    expect(page.get_by_label('Role')).to_have_value('Technician')
    expect(rows).to_have_count(3)
    for name, email in zip(TECHNICIANS, emails, strict=True):
        expect(rows.filter(has_text=name)).to_contain_text(email)
    expect(rows.filter(has_text='Fred Fourth')).to_have_count(0)
    logout(page)

    # On a phone: Tom logs in with his temporary password and must choose his own first.
    phone = open_page(**PHONE)
    submit_login(phone, emails[0], passwords[0])
    expect(phone).to_have_url(re.compile(r'/set-password$'))
    expect(phone.get_by_role('heading', name='Set a new password')).to_be_visible()
    assert_no_sideways_scroll(phone)
    phone.get_by_label('New password', exact=True).fill(TECH_PASSWORD)
    phone.get_by_label('Confirm new password').fill(TECH_PASSWORD + ' typo')
    phone.get_by_role('button', name='Change password').click()
    expect(phone.get_by_text('The passwords do not match.')).to_be_visible()
    expect(phone).to_have_url(re.compile(r'/set-password$'))
    phone.get_by_label('Confirm new password').fill(TECH_PASSWORD)
    phone.get_by_role('button', name='Change password').click()
    expect(phone.get_by_role('heading', name='Hello, Tom Tech')).to_be_visible()
    expect(phone.get_by_role('status')).to_have_text('Your password is set. From now on, log in with it.')
    expect(phone).to_have_url(re.compile(r'/$'))  # the address forgets the notice: a reload does not repeat it
    assert_no_sideways_scroll(phone)

    # A technician's side menu has no Team, and /team is closed to him.
    phone.get_by_role('button', name='Menu').click()
    expect(phone.get_by_role('link', name='My Profile', exact=True)).to_be_visible()
    expect(phone.get_by_role('link', name='Team', exact=True)).to_have_count(0)
    phone.goto('/team')
    expect(phone.get_by_role('heading', name='No access')).to_be_visible()
    expect(phone.get_by_role('heading', name='Team')).to_have_count(0)
    assert_no_sideways_scroll(phone)

    # The temporary password is gone; the new one works.
    logout(phone)
    submit_login(phone, emails[0], passwords[0])
    expect(phone.get_by_text(INVALID_LOGIN)).to_be_visible()
    expect(phone).to_have_url(re.compile(r'/login$'))
    login(phone, emails[0], TECH_PASSWORD)
    expect(phone.get_by_role('heading', name='Hello, Tom Tech')).to_be_visible()
