"""A confirmation carried in the address after an action reloads its page (`/team/7?saved=1`).

It is shown once: the address drops the parameter, so a later reload does not repeat it, and the next
form action on the page removes it, so it never stands beside that action's own error.
"""

from collections.abc import Mapping

from nicegui import context, ui

NOTICE_CLASS = 'mobilos-notice'


def notice(text: str) -> ui.label:
    ui.add_body_html('<script>history.replaceState(history.state, "", location.pathname)</script>')
    return ui.label(text).classes(f'text-positive font-medium {NOTICE_CLASS}').props('role=status')


def notices_from_address(texts: Mapping[str, str]) -> None:
    """Show the notice of each parameter of this page's address that `texts` knows (`saved` → its text)."""
    for name in context.client.request.query_params.keys() & texts.keys():
        notice(texts[name])


def clear_notices() -> None:
    for element in list(context.client.elements.values()):
        if NOTICE_CLASS in element.classes:
            element.delete()
