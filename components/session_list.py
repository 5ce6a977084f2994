"""The member's active sessions, in words, with the current one marked."""

from nicegui import ui

from components.history_list import when
from services.sessions import SessionInfo


def session_list(sessions: list[SessionInfo]) -> None:
    with ui.column().classes('w-full gap-2'):
        for info in sessions:
            with ui.row().classes('w-full items-center no-wrap gap-3 border-b border-slate-200 pb-2'):
                ui.icon('smartphone' if any(p in info.device for p in ('Android', 'iPhone')) else 'computer') \
                    .classes('text-2xl text-slate-500')
                with ui.column().classes('gap-0 min-w-0'):
                    with ui.row().classes('items-center gap-2'):
                        ui.label(info.device).classes('font-medium')
                        if info.current:
                            ui.badge('This device', color='positive')
                    ui.label(f'Signed in {when(info.started_at)} · last seen {when(info.last_seen_at)}') \
                        .classes('text-xs text-slate-500')
