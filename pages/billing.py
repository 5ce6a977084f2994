"""/billing: the organization's plan and its technician cap (managers only)."""

from nicegui import ui

from components.actions import call
from components.forms import heading
from components.frame import page_frame
from components.technician_limit import usage_text
from services import members
from services.access import Actor
from services.plans import PLANS


async def billing_page(actor: Actor) -> None:
    usage = await call(members.technician_usage)
    with page_frame(actor, current='/billing'):
        heading('Subscription')
        with ui.card().classes('w-full max-w-xl gap-1'):
            ui.label(f'Current plan: {usage.plan_name}').classes('text-lg font-semibold')
            cap = 'no limit on' if usage.cap is None else f'up to {usage.cap}'
            ui.label(f'Your plan allows {cap} active technicians.')
            ui.label(usage_text(usage))
        ui.label('Plans').classes('text-lg font-semibold').props('role=heading aria-level=2')
        with ui.row().classes('w-full gap-3'):
            for plan in PLANS.values():
                with ui.card().classes('w-full sm:w-56 gap-1'):
                    ui.label(plan.name).classes('text-lg font-semibold')
                    ui.label(f'{plan.monthly_price} / month' if plan.monthly_price else 'Free')
                    techs = 'Unlimited' if plan.technician_cap is None else str(plan.technician_cap)
                    ui.label(f'{techs} active technicians')
        ui.label('Online plan changes are coming soon. To upgrade now, contact MobilOS support.') \
            .classes('text-slate-600')
