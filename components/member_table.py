"""The Team table: one page of members at a time, paged on the server."""

from collections.abc import Awaitable, Callable

from nicegui import events, ui

from components.history_list import when
from models import UserPublic

COLUMNS = [
    {'name': 'name', 'label': 'Name', 'field': 'name', 'align': 'left'},
    {'name': 'email', 'label': 'Email', 'field': 'email', 'align': 'left'},
    {'name': 'role', 'label': 'Role', 'field': 'role', 'align': 'left'},
    {'name': 'status', 'label': 'Status', 'field': 'status', 'align': 'left'},
    {'name': 'last_login', 'label': 'Last login', 'field': 'last_login', 'align': 'left',
     'classes': 'gt-xs', 'headerClasses': 'gt-xs'},
    {'name': 'specialties', 'label': 'Specialties', 'field': 'specialties', 'align': 'left',
     'classes': 'gt-xs', 'headerClasses': 'gt-xs'},
]


def member_row(member: UserPublic, openable: bool) -> dict[str, object]:
    return {
        'id': member.id,
        'openable': openable,
        'name': member.full_name + (' (main manager)' if member.is_main_manager else ''),
        'email': member.email,
        'role': member.role.label,
        'status': 'Active' if member.is_active else 'Inactive',
        'specialties': ', '.join(member.specialties),
        'support': [role.label for role in member.support_roles],
        'last_login': 'Pending first login' if member.must_change_password else when(member.last_login_at) or 'Never',
    }


class MemberTable:
    def __init__(self, on_page: Callable[[int, int], Awaitable[None]], *, openable: Callable[[UserPublic], bool],
                 page_size: int = 25) -> None:
        self._openable = openable  # rows the viewer may not open show the name without a link
        self.table = ui.table(columns=COLUMNS, rows=[], row_key='id',
                              pagination={'page': 1, 'rowsPerPage': page_size, 'rowsNumber': 0}) \
            .classes('w-full').props('flat bordered wrap-cells rows-per-page-options=[10,25,50,100]')
        self.table.props('no-data-label="No members match these filters."')
        # Vue's {{ }} renders names as text, never as HTML.
        self.table.add_slot('body-cell-name', r'''
            <q-td :props="props">
                <a v-if="props.row.openable" :href="'/team/' + props.row.id" class="text-primary font-medium">
                    {{ props.value }}</a>
                <span v-else class="font-medium">{{ props.value }}</span>
                <q-badge v-for="role in props.row.support" :key="role" color="secondary" class="q-ml-xs">
                    {{ role }}</q-badge>
            </q-td>
        ''')
        self._on_page = on_page
        self.table.on('request', self._handle_request)

    async def _handle_request(self, event: events.GenericEventArguments) -> None:
        pagination = event.args.get('pagination', {}) if isinstance(event.args, dict) else {}
        await self._on_page(int(pagination.get('page', 1)), int(pagination.get('rowsPerPage', 25)))

    @property
    def page(self) -> int:
        return int(self.table.pagination.get('page', 1))

    @property
    def page_size(self) -> int:
        return int(self.table.pagination.get('rowsPerPage', 25)) or 25

    def show(self, members: list[UserPublic], *, total: int, page: int, page_size: int) -> None:
        self.table.rows = [member_row(m, self._openable(m)) for m in members]
        self.table.pagination = {**self.table.pagination, 'page': page, 'rowsPerPage': page_size,
                                 'rowsNumber': total}
