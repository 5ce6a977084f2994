"""The two mails a sign-up can send. Plain text: names people typed are never read as markup."""

from models import SignupMail, SignupRequest
from services.config import get_settings
from services.mail import Message


def compose(request: SignupRequest, token: str | None) -> Message:
    settings = get_settings()
    base = settings.resolved_public_url()
    if request.mail == SignupMail.CONFIRM and token:
        return Message(to=request.email, subject='Finish creating your organization on MobilOS', text=(
            f'Hello {request.full_name},\n\n'
            f'Open this link to finish creating "{request.organization_name}" and log in as its manager:\n\n'
            f'{base}/signup/confirm?token={token}\n\n'
            f'The link works once, for {settings.signup_link_hours} hours.\n'
            'If you did not ask for this, ignore this message: nothing is created until the link is opened.\n'))
    return Message(to=request.email, subject='Your MobilOS account', text=(
        'Somebody, perhaps you, asked to create an organization on MobilOS with this email address.\n'
        'It already has a MobilOS account, so no new organization was created.\n\n'
        f'To log in: {base}/login\n'
        "Forgot your password? Your organization's manager can give you a new temporary one.\n\n"
        'If it was not you, ignore this message: your account is unchanged.\n'))
