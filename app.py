"""MobilOS: start the web app (`python app.py`). Settings come from MOBILOS_* environment variables."""

import logging

from nicegui import app, background_tasks, ui

import pages
from components import styles
from services import signup_mail
from services.config import get_settings
from services.db import dispose_engines, migrate

logging.basicConfig(level=logging.INFO, format='%(asctime)s %(levelname)s %(name)s %(message)s')


def build() -> None:
    pages.register()
    styles.install()
    app.on_startup(migrate)
    app.on_startup(lambda: background_tasks.create(signup_mail.mail_every_few_minutes(), name='signup mail'))
    app.on_shutdown(dispose_engines)


build()

if __name__ in {'__main__', '__mp_main__'}:
    settings = get_settings()
    if not settings.smtp_host:
        logging.getLogger('mobilos.mail').warning(
            'No mail server set (MOBILOS_SMTP_HOST): mail goes to %s; ./scripts/mail shows the newest',
            settings.outbox_dir())
    ui.run(host=settings.host, port=settings.port, title='MobilOS', reload=False, show=False,
           storage_secret=settings.resolved_secret_key(), favicon='🛠️', language='en-US',
           proxy_headers=True, forwarded_allow_ips=settings.forwarded_allow_ips,
           session_middleware_kwargs={'https_only': bool(settings.cookie_secure)})
