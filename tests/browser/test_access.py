"""Who gets in where: log-in walls, failed log-ins, a coordinator's limits, and log-out that sticks."""

import re
from collections.abc import Callable
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    DESKTOP,
    INVALID_LOGIN,
    MANAGER_PASSWORD,
    create_member,
    dialog,
    logout,
    set_first_password,
    signup,
    start_member,
    submit_login,
    unique_email,
)

pytestmark = pytest.mark.browser

LOGIN_WALL = re.compile(r'/login\?next=')


@pytest.mark.parametrize('path', ['/team', '/billing', '/'])
def test_pages_need_a_login(open_page: Callable[..., Page], path: str) -> None:
    page = open_page(**DESKTOP)
    page.goto(path)
    expect(page).to_have_url(re.compile(r'/login\?next=' + re.escape(quote(path)) + '$'))
    expect(page.get_by_role('heading', name='Log in')).to_be_visible()


def test_unknown_email_and_wrong_password_get_the_same_answer(open_page: Callable[..., Page]) -> None:
    page = open_page(**DESKTOP)
    email = unique_email('Olga Owner')
    signup(page, organization='Northwind Repairs', name='Olga Owner', email=email)
    logout(page)

    answers = []
    for login_email, password in [(unique_email('Nobody'), MANAGER_PASSWORD), (email, 'not my password at all')]:
        submit_login(page, login_email, password)
        message = page.get_by_role('alert').filter(has_text=re.compile(r'\S'))
        expect(message).to_have_text(INVALID_LOGIN)
        expect(page).to_have_url(re.compile(r'/login$'))
        answers.append(message.inner_text())
    assert answers[0] == answers[1]


def test_coordinator_manages_the_team_but_not_the_plan(open_page: Callable[..., Page]) -> None:
    manager = open_page(**DESKTOP)
    signup(manager, organization='Globex Field', name='Greta Manager', email=unique_email('Greta'))
    coordinator_email = unique_email('Cora Coordinator')
    temporary = create_member(manager, name='Cora Coordinator', email=coordinator_email, role='Coordinator')
    for name in ['Tariq Tech', 'Tess Tech']:
        create_member(manager, name=name, email=unique_email(name))

    page = open_page(**DESKTOP)
    submit_login(page, coordinator_email, temporary)
    set_first_password(page, 'harbor pelican 19')
    expect(page.get_by_role('heading', name='Hello, Cora Coordinator')).to_be_visible()
    expect(page.get_by_role('link', name='Subscription')).to_have_count(0)
    page.get_by_role('link', name='Team', exact=True).click()
    expect(page).to_have_url(re.compile(r'/team$'))
    expect(page.get_by_role('heading', name='Team')).to_be_visible()
    expect(page.get_by_text('Active technicians: 2 / 3')).to_be_visible()

    # A coordinator adds technicians too, until the plan is full.
    create_member(page, name='Tobi Tech', email=unique_email('Tobi'))
    expect(page.get_by_text('Active technicians: 3 / 3')).to_be_visible()
    form = start_member(page, name='Una Unlucky', email=unique_email('Una'))
    form.get_by_role('button', name='Generate').click()
    form.get_by_role('button', name='Create member').click()
    limit = dialog(page, 'Technician limit reached')
    expect(limit).to_be_visible()
    expect(limit.get_by_text('Only your manager can upgrade the plan: ask them to do it.')).to_be_visible()
    expect(limit.get_by_role('button', name='View active technicians')).to_be_visible()
    expect(limit.get_by_role('button', name='Upgrade plan')).to_have_count(0)
    limit.get_by_role('button', name='Close').click()
    expect(limit).to_be_hidden()

    page.goto('/billing')
    expect(page.get_by_role('heading', name='No access')).to_be_visible()
    expect(page.get_by_text("ask your organization's manager")).to_be_visible()
    expect(page.get_by_text('Current plan')).to_have_count(0)


def test_after_log_out_back_and_reopening_need_a_login(open_page: Callable[..., Page]) -> None:
    page = open_page(**DESKTOP)
    signup(page, organization='Initech Service', name='Ivan Manager', email=unique_email('Ivan'))
    expect(page.get_by_text('Ivan Manager')).to_be_visible()
    logout(page)

    page.go_back()
    expect(page).to_have_url(LOGIN_WALL)
    expect(page.get_by_role('heading', name='Log in')).to_be_visible()
    expect(page.get_by_text('Ivan Manager')).to_have_count(0)

    page.goto('/team')
    expect(page).to_have_url(LOGIN_WALL)
    expect(page.get_by_role('heading', name='Team')).to_have_count(0)
