"""The Specialties chooser of the member forms: pick from the catalog or type a new one and press Enter."""

from nicegui import events, ui


def specialty_select(options: list[str], value: list[str] | None = None, *, props: str = '') -> ui.select:
    select = ui.select(sorted({*options, *(value or [])}), label='Specialties', value=value or [], multiple=True,
                       new_value_mode='add-unique', with_input=True).props('outlined use-chips ' + props)

    def drop_blank(event: events.ValueChangeEventArguments) -> None:  # Enter on spaces adds an empty chip
        kept = [item for item in event.value or [] if str(item).strip()]
        if len(kept) != len(event.value or []):
            select.value = kept

    select.on_value_change(drop_blank)
    return select
