"""Print the newest messages of the local outbox (mail written when no SMTP server is configured).

Run with `./scripts/mail [how many]`.
"""

import sys
from email import message_from_bytes, policy

from services.config import get_settings


def newest(count: int = 1) -> list[str]:
    folder = get_settings().outbox_dir()
    paths = sorted(folder.glob('*.eml'))[-count:] if folder.is_dir() else []
    shown = []
    for path in paths:
        mail = message_from_bytes(path.read_bytes(), policy=policy.default)
        body = mail.get_body(preferencelist=('plain',))
        text = body.get_content() if body is not None else ''
        shown.append(f'To: {mail["To"]}\nSubject: {mail["Subject"]}\nDate: {path.stem}\n\n{text}')
    return shown


if __name__ == '__main__':
    messages = newest(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1)
    if not messages:
        sys.exit(f'No mail in {get_settings().outbox_dir()} yet.')
    sys.stdout.write(('\n' + '-' * 72 + '\n').join(messages).rstrip('\n') + '\n')
