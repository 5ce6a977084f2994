"""The two mails a sign-up can send. Whoever fills in the form chooses the address, so the mails carry
nothing typed into it (no name, no organization name): the form cannot put its text in a stranger's inbox."""

from models import SignupMail, SignupRequest
from services.config import get_settings
from services.mail import Message


def compose(request: SignupRequest, token: str | None) -> Message:
    settings = get_settings()
    base = settings.resolved_public_url()
    if request.mail == SignupMail.CONFIRM and token:
        return Message(to=request.email, subject='Finish creating your organization on MobilOS', text=(
            'Hello,\n\n'
            'Open this link to finish creating your organization on MobilOS and log in as its manager:\n\n'
            f'{base}/signup/confirm?token={token}\n\n'
            f'The link works once, for {settings.signup_link_hours} hours.\n'
            'If you did not ask for this, ignore this message: nothing is created until the link is opened.\n'))
    return Message(to=request.email, subject='Your MobilOS account', text=(
        'Somebody, perhaps you, asked to create an organization on MobilOS with this email address.\n'
        'It already has a MobilOS account, so no new organization was created.\n\n'
        f'To log in: {base}/login\n'
        "Forgot your password? Your organization's manager can give you a new temporary one.\n\n"
        'If it was not you, ignore this message: your account is unchanged.\n'))
