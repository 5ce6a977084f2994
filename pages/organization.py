"""/organization: the organization's name and logo (managers only)."""

from nicegui import events, ui

from components.actions import call, submit
from components.confirm_dialog import confirm_dialog
from components.forms import heading
from components.frame import logo_url, page_frame
from components.notice import clear_notices, notices_from_address
from components.one_at_a_time import FINISHED, one_at_a_time
from services import organization
from services.access import Actor
from services.errors import InvalidInput, ServiceError
from services.organization import LOGO_MAX_BYTES

NOTICES = {'saved': 'Organization name saved.', 'logo_saved': 'Logo saved. Everyone sees it in the header.',
           'logo_removed': 'Logo removed.'}


async def organization_page(actor: Actor) -> None:
    org = await call(organization.get_organization)

    def logo_problem(text: str) -> None:
        clear_notices()  # an earlier confirmation must not stand beside this refusal
        logo_error.text = text

    async def save_name() -> str | None:
        logo_error.text = ''
        outcome = await submit(organization.rename_organization, fields={'name': name},
                               data={'name': name.value or ''})
        if not outcome.ok:
            return None
        ui.navigate.to('/organization?saved=1')
        return FINISHED

    async def upload(event: events.UploadEventArguments) -> None:
        logo_problem('')
        content = await event.file.read()
        try:
            await call(organization.set_logo, write=True, content=content)
        except InvalidInput as exc:
            logo_problem(next(iter(exc.errors.values())))
            uploader.reset()
            return
        except ServiceError as exc:
            ui.notify(str(exc), type='negative')
            return
        ui.navigate.to('/organization?logo_saved=1')

    async def remove() -> None:
        await call(organization.remove_logo, write=True)
        ui.navigate.to('/organization?logo_removed=1')

    with page_frame(actor, current='/organization'):
        heading('Organization')
        notices_from_address(NOTICES)
        with ui.card().classes('w-full max-w-xl gap-3'):
            name = ui.input('Organization name', value=org.name).props('outlined maxlength=120').classes('w-full')
            save = ui.button('Save name').props('unelevated no-caps')
            one_at_a_time(save, save_name, enter_in=[name])
        with ui.card().classes('w-full max-w-xl gap-3'):
            ui.label('Organization logo').classes('text-lg font-semibold').props('role=heading aria-level=2')
            ui.label('Shown in the header for everyone in your organization. PNG, JPEG or WebP, '
                     f'up to {LOGO_MAX_BYTES // (1024 * 1024)} MB; it is scaled down to fit 256 pixels.') \
                .classes('text-slate-600')
            if org.has_logo:
                ui.image(logo_url(org.logo_version)).classes('w-32 h-32').props('fit=contain alt="Current logo"')
                ui.button('Remove logo', on_click=confirm_dialog(
                    'Remove logo?', 'The header goes back to showing only the organization name.', remove).open) \
                    .props('outline no-caps color=negative')
            uploader = ui.upload(label='Upload logo', auto_upload=True, on_upload=upload,
                                 max_file_size=LOGO_MAX_BYTES).props('accept=".png,.jpg,.jpeg,.webp,image/*"') \
                .classes('w-full')
            uploader.on('rejected', lambda: logo_problem(f'The file is larger than {LOGO_MAX_BYTES // 2**20} MB.'))
            logo_error: ui.label = ui.label().classes('text-negative').props('role=alert')
