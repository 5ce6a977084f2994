"""Configuration from the environment (prefix MOBILOS_), with a generated secret kept in the data folder."""

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DATA_DIR = Path(__file__).resolve().parent.parent / 'data'


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix='MOBILOS_')

    data_dir: Path = DATA_DIR
    database_url: str = ''
    host: str = '127.0.0.1'
    port: int = 8080
    secret_key: str = ''
    # Serve the session cookie with Secure; on by default whenever the request came over HTTPS.
    cookie_secure: bool | None = None
    # Proxies whose X-Forwarded-Proto/For are believed (then https behind them means Secure cookies).
    forwarded_allow_ips: str = '127.0.0.1'
    # RFC 9106 "low memory" profile (argon2-cffi's defaults); tests lower these to stay fast.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    temporary_password_days: int = 7
    # A technician keeps the app open through a working day: idle sessions end after 12 hours,
    # every session after 14 days (see README, Sessions).
    session_idle_minutes: int = 12 * 60
    session_lifetime_hours: int = 14 * 24
    # Sign-up proves the address by mail. Links in mail start with public_url (never the request's Host
    # header, which a client chooses); empty means http://<host>:<port>.
    public_url: str = ''
    signup_link_hours: int = 24
    signup_mails_per_address_hour: int = 3
    # Outgoing mail: an SMTP server when smtp_host is set, otherwise files in <data_dir>/outbox.
    smtp_host: str = ''
    smtp_port: int = 587
    smtp_username: str = ''
    smtp_password: str = ''
    smtp_starttls: bool = True
    mail_from: str = 'MobilOS <no-reply@mobilos.invalid>'

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # the database holds password hashes
        return f'sqlite:///{self.data_dir / "mobilos.db"}'

    def resolved_public_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip('/')
        host = 'localhost' if self.host in {'0.0.0.0', '::', ''} else self.host  # noqa: S104 (a comparison)
        return f'http://{host}:{self.port}'

    def outbox_dir(self) -> Path:
        return self.data_dir / 'outbox'

    def resolved_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        # No secret configured: make one on first run and keep it beside the database, readable by us only.
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # the database holds password hashes
        path = self.data_dir / 'secret_key'
        if not path.exists():
            path.touch(mode=0o600)
            path.write_text(secrets.token_urlsafe(48))
        return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
