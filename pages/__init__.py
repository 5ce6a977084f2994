"""Every page of the app and who may open it: the one place access rules are declared."""

from models import ALL_ROLES, Role
from pages import access, auth_routes, errors, logo_route, security_middleware
from pages.activity import activity_page
from pages.billing import billing_page
from pages.home import home_page
from pages.login import login_page
from pages.member import member_page
from pages.organization import organization_page
from pages.profile import profile_page
from pages.set_password import set_password_page
from pages.signup import signup_page
from pages.signup_confirm import signup_confirm_page
from pages.specialties import specialties_page
from pages.team import team_page

MANAGER_ONLY = frozenset({Role.MANAGER})
STAFF = frozenset({Role.MANAGER, Role.COORDINATOR})


def register() -> None:
    access.reset_rules()
    access.add_page('/login', login_page, title='Log in', roles=None)
    access.add_page('/signup', signup_page, title='Create your organization', roles=None)
    access.add_page('/signup/confirm', signup_confirm_page, title='Finish creating your organization', roles=None,
                    signed_in_too=True)
    access.add_page('/set-password', set_password_page, title='Set a new password', roles=ALL_ROLES,
                    pending_ok=True)
    access.add_page('/', home_page, title='Home', roles=ALL_ROLES)
    access.add_page('/profile', profile_page, title='My Profile', roles=ALL_ROLES)
    access.add_page('/team', team_page, title='Team', roles=STAFF)
    access.add_page('/team/{member_id}', member_page, title='Member', roles=STAFF)
    access.add_page('/specialties', specialties_page, title='Specialties', roles=STAFF)
    access.add_page('/activity', activity_page, title='Activity', roles=MANAGER_ONLY)
    access.add_page('/billing', billing_page, title='Subscription', roles=MANAGER_ONLY)
    access.add_page('/organization', organization_page, title='Organization', roles=MANAGER_ONLY)
    auth_routes.register()
    logo_route.register()
    errors.install()
    access.install()
    security_middleware.install()  # added last, so it wraps everything, redirects included
