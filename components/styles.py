"""Styles shared by every page."""

from nicegui import ui

CSS = '''
.mobilos-nav a { display: flex; align-items: center; padding: 10px 16px; margin: 2px 8px; border-radius: 8px;
                 color: inherit; text-decoration: none; }
.mobilos-nav a:hover, .mobilos-nav a.active { background: rgba(25, 118, 210, .12); }
html, body { overflow-x: hidden; }
'''


def install() -> None:
    ui.add_css(CSS, shared=True)
