"""Shows a member's email and temporary password once, with copy buttons, so they can be handed over."""

from nicegui import ui


def _copy_row(label: str, value: str) -> None:
    with ui.row().classes('w-full items-center no-wrap gap-2'):
        with ui.column().classes('gap-0 min-w-0 flex-1'):
            ui.label(label).classes('text-xs uppercase text-slate-500')
            ui.label(value).classes('font-mono text-base break-all')

        def copy() -> None:
            ui.clipboard.write(value)
            ui.notify(f'{label} copied.')

        ui.button(icon='content_copy', on_click=copy).props(f'flat round aria-label="Copy {label.lower()}"')


def credentials_dialog(*, title: str, name: str, email: str, password: str) -> ui.dialog:
    with ui.dialog().props('persistent') as dialog, ui.card().classes('w-full max-w-md gap-3'):
        ui.label(title).classes('text-xl font-semibold').props('role=heading aria-level=2')
        ui.label(f'Give these to {name} in person. The password is shown only this once; '
                 'they will choose their own at first login.').classes('text-slate-600')
        _copy_row('Email', email)
        _copy_row('Temporary password', password)
        with ui.row().classes('w-full justify-end'):
            ui.button('Done', on_click=dialog.close).props('unelevated no-caps')
    return dialog
