"""/billing: Subscription & Billing (managers only): current plan, usage, plans and billing history."""

from nicegui import ui

from components.actions import call
from components.forms import heading
from components.frame import page_frame
from components.history_list import when
from components.new_member_dialog import saved_draft
from components.notice import clear_notices, notice
from components.plan_card import plan_card
from components.technician_limit import ACTIVE_TECHNICIANS_URL, usage_bar
from services import billing
from services.access import Actor
from services.errors import ServiceError
from services.plans import PLANS


async def billing_page(actor: Actor) -> None:
    subscription = await call(billing.get_subscription)

    async def choose(code: str) -> None:
        clear_notices()  # the last plan change's confirmation must not stand beside this one's outcome
        try:
            await call(billing.change_plan, write=True, plan_code=code)
        except billing.DowngradeBlocked as exc:
            with ui.dialog() as dialog, ui.card().classes('w-full max-w-md gap-3'):
                ui.label('Deactivate technicians first').classes('text-xl font-semibold') \
                    .props('role=heading aria-level=2')
                ui.label(str(exc))
                with ui.row().classes('w-full justify-end gap-2'):
                    ui.button('Close', on_click=dialog.close).props('flat no-caps')
                    ui.button('View active technicians', on_click=lambda: ui.navigate.to(ACTIVE_TECHNICIANS_URL)) \
                        .props('unelevated no-caps')
            dialog.open()
            return
        except ServiceError as exc:
            ui.notify(str(exc), type='negative')
            return
        ui.navigate.to(f'/billing?changed={code}')

    with page_frame(actor, current='/billing'):
        heading('Subscription')
        changed = ui.context.client.request.query_params.get('changed')
        if changed in PLANS:
            notice(f'You are now on the {PLANS[changed].name} plan.')
        resume = ui.row().classes('items-center gap-2')
        with ui.card().classes('w-full max-w-xl gap-2'):
            ui.label(f'Current plan: {subscription.plan.name}').classes('text-lg font-semibold')
            usage_bar(subscription.active_technicians, subscription.plan.technician_cap)
        ui.label('Plans').classes('text-lg font-semibold').props('role=heading aria-level=2')
        with ui.row().classes('w-full gap-3 items-stretch'):
            for plan in subscription.plans:
                plan_card(plan, current=plan.code == subscription.plan.code, on_choose=choose)
        ui.label('Billing history').classes('text-lg font-semibold').props('role=heading aria-level=2')
        if not subscription.history:
            ui.label('No plan changes yet.').classes('text-slate-600')
        else:
            ui.table(columns=[{'name': c, 'label': c, 'field': c, 'align': 'left'}
                              for c in ('Date', 'From', 'To', 'Monthly price')],
                     rows=[{'Date': when(e.created_at), 'From': PLANS[e.from_plan].name,
                            'To': PLANS[e.to_plan].name, 'Monthly price': price(e.monthly_price)}
                           for e in subscription.history]).props('flat bordered').classes('w-full max-w-3xl')

    # Filled in once the browser tab is connected (the form is kept per tab); the rest needs no connection.
    draft = await saved_draft()
    if draft:
        with resume:
            ui.label(f'You were adding {draft.get("full_name") or "a member"}.')
            ui.button('Finish adding the member', on_click=lambda: ui.navigate.to('/team?resume=1')) \
                .props('unelevated no-caps')


def price(amount: int) -> str:
    return f'${amount}/month' if amount else 'Free'
