"""The plan's technician usage line and the dialog shown when the cap is reached."""

from nicegui import ui

from services.errors import TechnicianLimitReached
from services.members import TechnicianUsage

ACTIVE_TECHNICIANS_URL = '/team?status=active&role=technician'


def usage_text(usage: TechnicianUsage) -> str:
    cap = 'unlimited' if usage.cap is None else str(usage.cap)
    return f'Active technicians: {usage.active} / {cap}'


def usage_bar(active: int, cap: int | None) -> None:
    """Usage as text and as a bar (an empty bar when the plan has no cap)."""
    ui.label(f'Active technicians: {active} / {"unlimited" if cap is None else cap}')
    share = 0.0 if not cap else min(1.0, active / cap)
    ui.linear_progress(value=share, show_value=False, size='10px',
                       color='negative' if cap is not None and active >= cap else 'primary') \
        .props(f'rounded aria-label="{active} of {cap if cap is not None else "unlimited"} technicians"')


def technician_limit_dialog(limit: TechnicianLimitReached, *, can_upgrade: bool) -> ui.dialog:
    """Explain the cap and offer the ways out: see who is active, or upgrade (managers only)."""
    with ui.dialog().props('persistent') as dialog, ui.card().classes('w-full max-w-md gap-3'):
        ui.label('Technician limit reached').classes('text-xl font-semibold').props('role=heading aria-level=2')
        ui.label(f'Your {limit.plan_name} plan allows up to {limit.cap} active technicians, and '
                 f'{limit.active} are active now. Deactivate a technician or upgrade the plan to add another.')
        if not can_upgrade:
            ui.label('Only your manager can upgrade the plan: ask them to do it.').classes('text-slate-600')
        with ui.row().classes('w-full justify-end gap-2 flex-wrap'):
            ui.button('Close', on_click=dialog.close).props('flat no-caps')
            ui.button('View active technicians', on_click=lambda: ui.navigate.to(ACTIVE_TECHNICIANS_URL)) \
                .props('outline no-caps')
            if can_upgrade:
                ui.button('Upgrade plan', on_click=lambda: ui.navigate.to('/billing')).props('unelevated no-caps')
    return dialog
