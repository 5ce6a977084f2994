"""Styles shared by every page."""

from nicegui import ui

CSS = '''
.mobilos-nav a { display: flex; align-items: center; padding: 10px 16px; margin: 2px 8px; border-radius: 8px;
                 color: inherit; text-decoration: none; }
.mobilos-nav a:hover, .mobilos-nav a.active { background: rgba(25, 118, 210, .12); }
html, body { overflow-x: hidden; }
/* Long names and emails wrap instead of widening the page or pushing table columns off-screen. */
.q-page, .q-header, .q-drawer { overflow-wrap: anywhere; }
.q-table th, .q-table td { overflow-wrap: normal; }
.q-table td:nth-child(-n+2) { overflow-wrap: anywhere; max-width: 22rem; min-width: 8rem; }  /* name, email */
'''


def install() -> None:
    ui.add_css(CSS, shared=True)
