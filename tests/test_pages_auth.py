"""Sign-up, log-in, the first-password gate and log-out, driven through the pages like a person would."""


import pytest
from nicegui.testing import User
from sqlmodel import func, select

from models import Organization, SignupRequest
from services import auth, signup, signup_mail
from services.db import session_scope
from tests import factories
from tests.factories import STRONG_PASSWORD
from tests.test_pages_helpers import (
    MEMBER_PASSWORD,
    button,
    click,
    click_menu_item,
    count_members,
    eventually,
    field,
    link_targets,
    log_in,
    see,
    session_token,
    table_rows,
    type_into,
)


def fill_signup(user: User, *, email: str = 'maria@acme.test', password: str = STRONG_PASSWORD) -> None:
    type_into(user, 'Organization name', 'Acme Field Services')
    type_into(user, 'Full name', 'Maria Manager')
    type_into(user, 'Email', email)
    type_into(user, 'Password', password)
    click(user, 'Create organization')


@pytest.fixture
def mailbox() -> factories.MailBox:
    """The sign-up page's mail, kept in memory and delivered when a test says so (see conftest)."""
    return factories.MailBox()


async def test_signup_asks_to_check_the_mail_then_the_link_lands_on_team_as_main_manager(
        user: User, mailbox: factories.MailBox) -> None:
    await user.open('/signup')
    fill_signup(user)
    await see(user, 'Check your email')
    await user.should_see('We sent a link to maria@acme.test. Open it within 24 hours to finish creating your '
                          'organization and log in.')
    with session_scope() as db:
        assert db.exec(select(func.count()).select_from(Organization)).one() == 0
    signup_mail.deliver_pending(sender=mailbox)
    await user.open(f'/signup/confirm?token={mailbox.link_for("maria@acme.test")}')
    await see(user, 'Finish creating your organization')
    await user.should_see('Organization: Acme Field Services')
    await user.should_see('Manager: Maria Manager (maria@acme.test)')
    type_into(user, 'Password', STRONG_PASSWORD)
    click(user, 'Finish sign-up')
    await see(user, 'Active technicians: 0 / 3')
    await user.should_see('New Member')
    await user.should_see('Acme Field Services')  # the header names the new organization
    assert [row['name'] for row in table_rows(user)] == ['Maria Manager (main manager)']


async def test_a_registered_email_gets_the_very_same_screen(user: User, mailbox: factories.MailBox) -> None:
    factories.signup(email='maria@acme.test')
    await user.open('/signup')
    fill_signup(user, email='MARIA@acme.test')
    await see(user, 'We sent a link to maria@acme.test. Open it within 24 hours to finish creating your '
                    'organization and log in.')
    await user.should_not_see('Create organization')  # no form left to show an error under
    signup_mail.deliver_pending(sender=mailbox)
    assert [m.subject for m in mailbox.sent] == ['Your MobilOS account']


@pytest.mark.parametrize('query', ['', '?token=', '?token=forged-token-value', '?token=%00%FF'])
async def test_a_bad_or_missing_link_says_it_cannot_be_used(user: User, query: str) -> None:
    await user.open('/signup/confirm' + query)
    await see(user, 'This link cannot be used')
    await user.should_see('Create your organization again')
    await user.should_not_see('Finish sign-up')


async def test_the_link_asks_for_the_sign_up_password_and_says_so_next_to_the_field(
        user: User, mailbox: factories.MailBox) -> None:
    signup.request_signup(data={'organization_name': 'Acme Field Services', 'full_name': 'Maria Manager',
                                'email': 'maria@acme.test', 'password': 'somebody else chose this'})
    signup_mail.deliver_pending(sender=mailbox)
    await user.open(f'/signup/confirm?token={mailbox.link_for("maria@acme.test")}')
    click(user, 'Finish sign-up')
    await eventually(lambda: field(user, 'Password').error == 'Enter the password you chose when you signed up.')
    type_into(user, 'Password', STRONG_PASSWORD)
    click(user, 'Finish sign-up')
    await eventually(lambda: (field(user, 'Password').error or '').startswith(
        'This is not the password this sign-up was started with.'))
    with session_scope() as db:
        assert db.exec(select(func.count()).select_from(Organization)).one() == 0
    await user.should_not_see('Sign up again')
    finish = button(user, 'Finish sign-up')
    for tries in range(2, 6):  # five wrong passwords in all spend the link
        click(user, 'Finish sign-up')
        await eventually(lambda: checks_made() == tries and (finish.enabled or not finish.visible))  # noqa: B023
    await see(user, 'This link no longer works: sign up again.')
    await user.should_see('Sign up again')
    await user.should_not_see('Finish sign-up')
    assert not field(user, 'Password').enabled


def checks_made() -> int:
    with session_scope() as db:
        return db.exec(select(SignupRequest.password_checks)).one()


async def test_enter_pressed_again_while_a_check_runs_sends_nothing_more(
        user: User, mailbox: factories.MailBox) -> None:
    await user.open('/signup')
    fill_signup(user)
    for _ in range(4):
        user.find('Password').trigger('keydown.enter')
    await see(user, 'Check your email')
    signup_mail.deliver_pending(sender=mailbox)
    assert len(mailbox.sent) == 1  # one request, one mail
    await user.open(f'/signup/confirm?token={mailbox.link_for("maria@acme.test")}')
    type_into(user, 'Password', 'not the sign-up password')
    for _ in range(5):
        user.find('Password').trigger('keydown.enter')
    await eventually(lambda: (field(user, 'Password').error or '').startswith('This is not the password'))
    with session_scope() as db:
        assert db.exec(select(SignupRequest.password_checks)).one() == 1  # one slip is one try, not five


async def test_a_tab_whose_session_ended_while_another_tab_switched_accounts_says_so(user: User) -> None:
    factories.signup(org='Bolt Repairs', name='Bob Boss', email='bob@bolt.test')
    await log_in(user, 'bob@bolt.test', STRONG_PASSWORD)
    await see(user, 'Active technicians: 0 / 3')
    await user.open('/login?ended=1&next=/team')  # where an old tab's next click sends it
    await see(user, 'Your session has ended. Please log in again.')
    await user.should_see('This browser is now logged in as bob@bolt.test.')
    assert '/team' in link_targets(user)
    await user.open('/login?next=/team')  # without a session of its own ending, a signed-in visitor goes on
    await see(user, 'Active technicians: 0 / 3')


async def test_a_used_link_cannot_be_used_again(user: User, mailbox: factories.MailBox) -> None:
    await user.open('/signup')
    fill_signup(user)
    await see(user, 'Check your email')
    signup_mail.deliver_pending(sender=mailbox)
    link = f'/signup/confirm?token={mailbox.link_for("maria@acme.test")}'
    await user.open(link)
    type_into(user, 'Password', STRONG_PASSWORD)
    click(user, 'Finish sign-up')
    await see(user, 'Active technicians: 0 / 3')
    user.http_client.cookies.clear()
    await user.open(link)
    await see(user, 'This link cannot be used')


async def test_a_link_opened_while_signed_in_finishes_the_signup_and_ends_the_old_session(
        user: User, mailbox: factories.MailBox) -> None:
    factories.signup(org='Bolt Repairs', name='Bob Boss', email='bob@bolt.test')
    await log_in(user, 'bob@bolt.test', STRONG_PASSWORD)
    await see(user, 'Active technicians: 0 / 3')
    bobs_session = session_token(user)
    signup.request_signup(data={'organization_name': 'Acme Field Services', 'full_name': 'Maria Manager',
                                'email': 'maria@acme.test', 'password': STRONG_PASSWORD})
    signup_mail.deliver_pending(sender=mailbox)
    await user.open(f'/signup/confirm?token={mailbox.link_for("maria@acme.test")}')
    await see(user, 'Organization: Acme Field Services')
    await user.should_see('You are logged in as bob@bolt.test. Finishing logs you out of that account.')
    type_into(user, 'Password', STRONG_PASSWORD)
    click(user, 'Finish sign-up')
    await see(user, 'Active technicians: 0 / 3')  # Acme's Team page, as its new manager
    assert [row['name'] for row in table_rows(user)] == ['Maria Manager (main manager)']
    assert session_token(user) != bobs_session
    with session_scope() as db:
        assert auth.resolve_session(db=db, token=bobs_session) is None


async def test_signup_errors_show_next_to_their_field_and_save_nothing(user: User) -> None:
    await user.open('/signup')
    fill_signup(user, email='maria-at-acme', password='short')
    await eventually(lambda: field(user, 'Email').error == 'Enter a valid email address.')
    fill_signup(user, password='short')
    await eventually(lambda: field(user, 'Password').error == 'Use at least 8 characters.')
    assert field(user, 'Email').error is None  # the fixed field no longer shows its old error
    fill_signup(user, password='password')
    await eventually(lambda: field(user, 'Password').error ==
                     'This password is too common. Choose a less predictable one.')
    assert count_members() == 0
    with session_scope() as db:
        assert db.exec(select(func.count()).select_from(Organization)).one() == 0
    await user.should_not_see('New Member')


@pytest.mark.parametrize('email', ['maria@acme.test', 'nobody@acme.test'], ids=['wrong-password', 'unknown-email'])
async def test_failed_login_says_the_same_for_wrong_password_and_unknown_email(user: User, email: str) -> None:
    factories.signup()
    await log_in(user, email, 'not the right password')
    await see(user, 'Invalid email or password.')
    assert user.http_client.cookies.get(auth.SESSION_COOKIE) is None
    response = await user.http_client.get('/team')
    assert response.status_code == 303


async def test_team_needs_login_and_login_returns_there(user: User) -> None:
    factories.signup()
    response = await user.http_client.get('/team?status=active')
    assert response.status_code == 303
    assert response.headers['location'] == '/login?next=/team%3Fstatus%3Dactive'
    await log_in(user, 'maria@acme.test', STRONG_PASSWORD, path=response.headers['location'])
    await see(user, 'New Member')
    assert field(user, 'Status').value == 'active'


async def test_temporary_password_must_be_replaced_before_anything_else(user: User) -> None:
    manager = factories.signup()
    tech_id = factories.add_member(manager, email='tom@acme.test', name='Tom Tech')
    await log_in(user, 'tom@acme.test', 'temporary pass 42')
    await see(user, 'Set a new password')
    for path in ['/team', '/profile', '/', '/billing']:
        response = await user.http_client.get(path)
        assert (response.status_code, response.headers['location']) == (303, '/set-password'), path
        await user.open(path)
        await user.should_see('Set a new password')
        await user.should_not_see('My work orders')
        assert '/team' not in link_targets(user)

    type_into(user, 'New password', MEMBER_PASSWORD)
    type_into(user, 'Confirm new password', 'quiet river lantern 8')
    click(user, 'Change password')
    await eventually(lambda: field(user, 'Confirm new password').error == 'The passwords do not match.')
    assert factories.get_user(tech_id).must_change_password

    type_into(user, 'Confirm new password', MEMBER_PASSWORD)
    click(user, 'Change password')
    await see(user, 'My work orders')
    await user.should_see('Hello, Tom Tech')
    await user.should_see('Your password is set. From now on, log in with it.')
    assert not factories.get_user(tech_id).must_change_password
    factories.login('tom@acme.test', MEMBER_PASSWORD)  # the new password works


async def test_a_link_elsewhere_cannot_log_anyone_out(user: User) -> None:
    factories.signup()
    await log_in(user, 'maria@acme.test', STRONG_PASSWORD)
    await see(user, 'Hello, Maria Manager')
    for method in ('GET', 'POST'):  # a link, an <img src>, a form on another site: nothing to aim at
        assert (await user.http_client.request(method, '/auth/logout')).status_code in (303, 404, 405)
    with session_scope() as db:
        assert auth.resolve_session(db=db, token=session_token(user)) is not None


async def test_logout_from_the_account_menu_ends_the_session(user: User) -> None:
    factories.signup()
    await log_in(user, 'maria@acme.test', STRONG_PASSWORD)
    await see(user, 'Hello, Maria Manager')
    token = session_token(user)
    click_menu_item(user, 'Log out')
    await see(user, 'Log in')
    button(user, 'Log in')
    with session_scope() as db:
        assert auth.resolve_session(db=db, token=token) is None
    assert user.http_client.cookies.get(auth.SESSION_COOKIE) is None  # the browser dropped the cookie
    assert (await user.http_client.get('/team')).status_code == 303
    await user.open('/team')
    await user.should_see('Log in')
    await user.should_not_see('New Member')


@pytest.mark.parametrize('how', ['logout-elsewhere', 'sessions-revoked'])
async def test_ended_session_cannot_act_from_an_open_page(user: User, how: str) -> None:
    manager = factories.signup()
    await log_in(user, 'maria@acme.test', STRONG_PASSWORD)
    await see(user, 'Hello, Maria Manager')
    await user.open('/profile')
    type_into(user, 'Full name', 'Mallory')
    with session_scope(write=True) as db:
        if how == 'logout-elsewhere':
            auth.logout(db=db, token=session_token(user))
        else:
            auth.revoke_sessions(db, manager.user_id)
    click(user, 'Save profile')
    await eventually(lambda: user.back_history[-1] == '/login?ended=1&next=/profile')
    await see(user, 'Your session has ended. Please log in again.')
    button(user, 'Log in')  # the login form, not the profile
    assert factories.get_user(manager.user_id).full_name == 'Maria Manager'  # nothing was saved
