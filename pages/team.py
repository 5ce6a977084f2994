"""/team: the organization's members, filters, and the New Member flow."""

from nicegui import app, ui

from components.actions import call, submit
from components.credentials_dialog import credentials_dialog
from components.forms import heading
from components.frame import page_frame
from components.member_table import MemberTable
from components.new_member_dialog import DRAFT_KEY, NewMemberDialog, saved_draft
from components.technician_limit import technician_limit_dialog, usage_text
from models import Role
from services import member_admin, members, specialties
from services.access import Actor
from services.errors import ServiceError, TechnicianLimitReached

STATUS_OPTIONS = {'all': 'All', 'active': 'Active', 'inactive': 'Inactive'}
ROLE_FILTER_OPTIONS = {'all': 'All roles', **{role.value: role.label for role in Role}}


async def team_page(actor: Actor) -> None:
    params = ui.context.client.request.query_params
    with page_frame(actor, current='/team'):
        with ui.row().classes('w-full items-center justify-between gap-2'):
            heading('Team')
            new_member = ui.button('New Member', icon='person_add').props('unelevated no-caps')
        usage_label = ui.label().classes('text-slate-700')
        with ui.row().classes('w-full items-start gap-2'):
            search = ui.input('Search', value=params.get('search', '')[:100]) \
                .props('outlined dense clearable debounce=300 hint="Name or email"').classes('flex-1 min-w-[12rem]')
            status = ui.select(STATUS_OPTIONS, label='Status', value=_pick(params.get('status'), STATUS_OPTIONS)) \
                .props('outlined dense').classes('w-36')
            role = ui.select(ROLE_FILTER_OPTIONS, label='Role', value=_pick(params.get('role'), ROLE_FILTER_OPTIONS)) \
                .props('outlined dense').classes('w-40')
            catalog = {0: 'All specialties', **{s.id: s.name for s in await call(specialties.list_specialties)}}
            wanted = int(s) if (s := params.get('specialty', '')).isdecimal() and len(s) < 19 else 0
            specialty = ui.select(catalog, label='Specialty', value=wanted if wanted in catalog else 0) \
                .props('outlined dense').classes('w-44')

        latest = {'request': 0}  # answers to older requests are dropped: fast typing never shows stale rows

        async def load(page: int = 1, page_size: int | None = None) -> None:
            latest['request'] += 1
            request = latest['request']
            size = page_size or table.page_size
            query = members.MemberQuery(search=search.value or '', status=status.value,
                                        role=None if role.value == 'all' else Role(role.value),
                                        specialty_id=specialty.value or None,
                                        page=page, page_size=size)
            try:
                result = await call(members.list_members, query=query)
                usage = await call(members.technician_usage)
            except ServiceError as exc:
                ui.notify(str(exc), type='negative')
                return
            if request != latest['request']:
                return
            table.show(result.rows, total=result.total, page=page, page_size=size)
            usage_label.text = usage_text(usage)

        table = MemberTable(on_page=load, openable=lambda m: member_admin.may_open(actor.role, m.role))

    async def reload_filters() -> None:
        await load(1)

    search.on_value_change(reload_filters)
    status.on_value_change(reload_filters)
    role.on_value_change(reload_filters)
    specialty.on_value_change(reload_filters)

    async def open_form() -> None:
        try:
            options = await call(specialties.specialty_names)
        except ServiceError as exc:
            ui.notify(str(exc), type='negative')
            return
        form.open(options)

    async def create(dialog: NewMemberDialog) -> None:
        def limit_reached(limit: TechnicianLimitReached) -> None:
            app.storage.tab[DRAFT_KEY] = dialog.values()  # kept in memory, so an upgrade need not lose the form
            technician_limit_dialog(limit, can_upgrade=actor.role == Role.MANAGER).open()

        outcome = await submit(members.create_member, fields=dialog.fields, on_limit=limit_reached,
                               data=dialog.values())
        member = outcome.value
        if member is None:
            return
        password = str(dialog.values()['temporary_password'])
        app.storage.tab.pop(DRAFT_KEY, None)
        dialog.dialog.close()
        credentials_dialog(title='Member created', name=member.full_name, email=member.email,
                           password=password).open()
        await load(table.page)

    form = NewMemberDialog(on_submit=create)
    new_member.on_click(open_form)
    await load(1)
    if params.get('resume'):
        draft = await saved_draft()
        if draft:
            await open_form()
            form.fill(draft)


def _pick(value: str | None, options: dict[str, str]) -> str:
    return value if value in options else next(iter(options))
