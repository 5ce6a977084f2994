from nicegui.testing import User

from tests.factories import STRONG_PASSWORD


async def test_signup_then_team(user: User) -> None:
    await user.open('/signup')
    user.find('Organization name').type('Acme')
    user.find('Full name').type('Maria Manager')
    user.find('Email').type('maria@acme.test')
    user.find('Password').type(STRONG_PASSWORD)
    user.find('Create organization').click()
    await user.should_see('Active technicians: 0 / 3')
    await user.should_see('Maria Manager')
