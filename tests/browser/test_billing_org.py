"""Plan upgrade while adding a member, a refused downgrade, the organization's logo, other sessions."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    DESKTOP,
    GENERATED_PASSWORD,
    MANAGER_PASSWORD,
    PHONE,
    add_technicians,
    assert_image_loaded,
    choose_plan,
    create_member,
    dialog,
    first_login,
    login,
    read_credentials,
    signup,
    submit_member_over_cap,
    unique_email,
    upload_logo,
    write_png,
)

pytestmark = pytest.mark.browser

FREE_TECHNICIANS = ['Ada Tech', 'Ben Tech', 'Cy Tech']


def test_upgrade_at_the_limit_then_finish_adding_the_member(open_page: Callable[..., Page]) -> None:
    page = open_page(**DESKTOP)
    signup(page, organization='Upgrade Field', name='Uma Manager', email=unique_email('Uma'))
    add_technicians(page, FREE_TECHNICIANS)
    email = unique_email('Dora Fourth')
    limit = submit_member_over_cap(page, name='Dora Fourth', email=email)
    limit.get_by_role('button', name='Upgrade plan').click()

    expect(page).to_have_url(re.compile(r'/billing$'))
    expect(page.get_by_text('No plan changes yet.')).to_be_visible()
    choose_plan(page, 'Basic')
    expect(page.get_by_role('status')).to_have_text('You are now on the Basic plan.')
    expect(page.get_by_text('Current plan: Basic')).to_be_visible()
    expect(page.get_by_text('Active technicians: 3 / 10')).to_be_visible()
    history = page.locator('tbody tr')
    expect(history).to_have_count(1)
    expect(history.locator('td')).to_have_text([re.compile(r'\d{4}-\d\d-\d\d'), 'Free', 'Basic', '$29/month'])

    expect(page.get_by_text('You were adding Dora Fourth.')).to_be_visible()
    page.get_by_role('button', name='Finish adding the member').click()
    expect(page).to_have_url(re.compile(r'/team\?resume=1$'))
    form = dialog(page, 'New member')
    expect(form.get_by_label('Full name')).to_have_value('Dora Fourth')
    expect(form.get_by_label('Email')).to_have_value(email)
    expect(form.get_by_label('Temporary password')).to_have_value(GENERATED_PASSWORD)
    form.get_by_role('button', name='Create member').click()
    read_credentials(page, 'Member created', email=email)
    expect(page.get_by_text('Active technicians: 4 / 10')).to_be_visible()
    expect(page.locator('tbody tr').filter(has_text='Dora Fourth')).to_contain_text('Pending first login')


def test_downgrade_below_the_active_technicians_is_refused(open_page: Callable[..., Page]) -> None:
    page = open_page(**DESKTOP)
    signup(page, organization='Downgrade Field', name='Dan Manager', email=unique_email('Dan'))
    page.goto('/billing')
    choose_plan(page, 'Basic')
    expect(page.get_by_role('status')).to_have_text('You are now on the Basic plan.')
    page.goto('/team')
    add_technicians(page, [*FREE_TECHNICIANS, 'Dee Tech'])

    page.goto('/billing')
    choose_plan(page, 'Free')
    refusal = dialog(page, 'Deactivate technicians first')
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text('The Free plan allows 3 active technicians and you have 4. '
                                    'Deactivate 1 technician first.')
    refusal.get_by_role('button', name='View active technicians').click()
    expect(page).to_have_url(re.compile(r'/team\?status=active&role=technician$'))
    expect(page.locator('tbody tr')).to_have_count(4)
    page.goto('/billing')
    expect(page.get_by_text('Current plan: Basic')).to_be_visible()  # nothing changed
    expect(page.locator('tbody tr')).to_have_count(1)


def test_logo_upload_shows_in_everyones_header_until_removed(open_page: Callable[..., Page], tmp_path: Path) -> None:
    bad = tmp_path / 'notes.png'
    bad.write_text('this is not an image\n')
    page = open_page(**DESKTOP)
    signup(page, organization='Logo Field', name='Lena Manager', email=unique_email('Lena'))
    email = unique_email('Lou Tech')
    temporary = create_member(page, name='Lou Tech', email=email)
    header_logo = page.get_by_role('img', name='Organization logo')

    upload_logo(page, bad)
    expect(page.get_by_role('alert')).to_have_text('This file is not a valid PNG, JPEG or WebP image.')
    expect(header_logo).to_have_count(0)
    expect(page.get_by_role('button', name='Remove logo')).to_have_count(0)

    upload_logo(page, write_png(tmp_path / 'logo.png'))
    expect(header_logo).to_be_visible()
    expect(page.get_by_role('img', name='Current logo')).to_be_visible()
    assert_image_loaded(page, 'Organization logo')

    phone = open_page(**PHONE)
    first_login(phone, email, temporary, 'lantern meadow 42')
    expect(phone.get_by_role('img', name='Organization logo')).to_be_visible()
    assert_image_loaded(phone, 'Organization logo')

    page.get_by_role('button', name='Remove logo').click()
    with page.expect_navigation():  # the page reloads without the logo
        page.get_by_role('dialog').filter(has_text='Remove logo?').get_by_role('button', name='Confirm').click()
    expect(page.get_by_text('Upload logo')).to_be_visible()
    expect(page.get_by_role('button', name='Remove logo')).to_have_count(0)
    expect(header_logo).to_have_count(0)
    phone.reload()
    expect(phone.get_by_role('heading', name='Hello, Lou Tech')).to_be_visible()
    expect(phone.get_by_role('img', name='Organization logo')).to_have_count(0)


def test_sign_out_other_sessions_ends_the_other_browser(open_page: Callable[..., Page]) -> None:
    email = unique_email('Sam Manager')
    first = open_page(**DESKTOP)
    signup(first, organization='Session Field', name='Sam Manager', email=email)
    first.goto('/profile')

    second = open_page(**DESKTOP)
    login(second, email, MANAGER_PASSWORD)
    second.goto('/profile')
    expect(second.get_by_role('heading', name='Sessions')).to_be_visible()
    sessions = second.get_by_text(re.compile(r'^Signed in .* · last seen '))
    expect(sessions).to_have_count(2)
    expect(second.get_by_text('This device', exact=True)).to_have_count(1)
    second.get_by_role('button', name='Sign out other sessions').click()
    dialog = second.get_by_role('dialog')
    dialog.get_by_label('Your password').fill('not my password')
    dialog.get_by_label('Your password').press('Enter')
    expect(dialog.get_by_text('The password is not correct.')).to_be_visible()
    dialog.get_by_label('Your password').fill(MANAGER_PASSWORD)
    dialog.get_by_role('button', name='Sign out', exact=True).click()
    expect(second.get_by_text('Signed out 1 other session.')).to_be_visible()
    expect(dialog).to_be_hidden()
    expect(sessions).to_have_count(1)
    expect(second.get_by_role('button', name='Sign out other sessions')).to_be_disabled()

    first.get_by_label('Phone').fill('+1 555 0100')
    first.get_by_role('button', name='Save profile').click()
    expect(first).to_have_url(re.compile(r'/login\?(ended=1&)?next='))
    expect(first.get_by_role('heading', name='Log in')).to_be_visible()

    second.reload()  # the session that asked is still signed in
    expect(second.get_by_role('heading', name='My Profile')).to_be_visible()
    expect(second.get_by_text('This device', exact=True)).to_be_visible()
    expect(second.get_by_label('Phone')).to_have_value('')  # the thrown-out save changed nothing
