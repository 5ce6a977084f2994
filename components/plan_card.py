"""One subscription plan, side by side with the others, with `Choose plan` unless it is the current one."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from components.confirm_dialog import confirm_dialog
from services.plans import Plan


def plan_card(plan: Plan, *, current: bool, on_choose: Callable[[str], Awaitable[None]]) -> None:
    with ui.card().classes('w-full sm:w-56 gap-1' + (' border-2 border-primary' if current else '')) \
            .props(f'aria-label="{plan.name} plan"'):
        ui.label(plan.name).classes('text-lg font-semibold')
        ui.label(f'${plan.monthly_price} / month').classes('text-slate-700')  # the Free plan's name says the rest
        cap = 'Unlimited' if plan.technician_cap is None else f'Up to {plan.technician_cap}'
        ui.label(f'{cap} active technicians').classes('text-slate-600')
        if current:
            ui.label('Current plan').classes('text-primary font-medium mt-2')
        else:
            price = f'${plan.monthly_price} a month' if plan.monthly_price else 'free'
            ui.button('Choose plan', on_click=confirm_dialog(
                f'Switch to the {plan.name} plan?', f'The {plan.name} plan is {price}, starting today.',
                lambda: on_choose(plan.code)).open).props('unelevated no-caps').classes('mt-2')
