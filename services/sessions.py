"""The member's own sessions, as listed in My Profile, and signing the others out."""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from models import ALL_ROLES, AuthSession
from services import reauth, security_log
from services.access import Actor, require
from services.auth import live_since, revoke_sessions

_BROWSERS = [('Edge', r'Edg/'), ('Opera', r'OPR/'), ('Samsung Internet', r'SamsungBrowser'),
             ('Chrome', r'Chrome/|CriOS'), ('Firefox', r'Firefox/|FxiOS'), ('Safari', r'Safari/')]
_SYSTEMS = [('iPhone', r'iPhone'), ('iPad', r'iPad'), ('Android', r'Android'), ('Windows', r'Windows'),
            ('macOS', r'Mac OS X|Macintosh'), ('ChromeOS', r'CrOS'), ('Linux', r'Linux')]


@dataclass(frozen=True)
class SessionInfo:
    id: int
    device: str
    ip_address: str
    started_at: datetime
    last_seen_at: datetime
    current: bool


def describe_device(user_agent: str) -> str:
    """'Chrome on Android' from a User-Agent header; never the raw header, which users cannot read."""
    browser = next((name for name, pattern in _BROWSERS if re.search(pattern, user_agent)), 'Unknown browser')
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, user_agent)), 'unknown device')
    return f'{browser} on {system}'


def list_sessions(*, db: Session, actor: Actor) -> list[SessionInfo]:
    me = require(db, actor, ALL_ROLES)
    idle_since, born_since = live_since()
    rows = db.exec(select(AuthSession).where(AuthSession.user_id == me.id,
                                             col(AuthSession.revoked_at).is_(None),
                                             col(AuthSession.token_hash).is_not(None),
                                             AuthSession.last_seen_at > idle_since,
                                             AuthSession.created_at > born_since)
                   .order_by(col(AuthSession.last_seen_at).desc())).all()
    return [SessionInfo(id=s.id or 0, device=describe_device(s.user_agent), ip_address=s.ip_address,
                        started_at=s.created_at, last_seen_at=s.last_seen_at, current=s.id == actor.session_id)
            for s in rows]


def sign_out_other_sessions(*, db: Session, actor: Actor, password: str) -> int:
    """End every session of this member except the one asking, once their password is given again (a stolen
    session must not be able to lock its owner out); returns how many there were."""
    answer = reauth.ask(actor, password, field='password', roles=ALL_ROLES)  # before the write lock
    me = require(db, actor, ALL_ROLES)
    reauth.settle(db, me, answer, field='password')
    others = len([s for s in list_sessions(db=db, actor=actor) if not s.current])
    revoke_sessions(db, me.id or 0, keep_session_id=actor.session_id)
    security_log.event('other_sessions_signed_out', user_id=me.id, count=others)
    return others
