"""The organization's specialty catalog (Electrical, HVAC, ...) and the tags on technicians."""

from pydantic import ValidationError
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from models import STAFF_ROLES, MemberSpecialty, Specialty, SpecialtyCreate, SpecialtyPublic, SpecialtyUpdate
from services.access import Actor, require, valid_id
from services.errors import InvalidInput, NotFound
from services.validation import field_errors


def list_specialties(*, db: Session, actor: Actor) -> list[SpecialtyPublic]:
    me = require(db, actor, STAFF_ROLES)
    counts = (select(MemberSpecialty.specialty_id, func.count().label('n'))
              .group_by(col(MemberSpecialty.specialty_id)).subquery())
    rows = db.exec(select(Specialty, counts.c.n).join(counts, counts.c.specialty_id == Specialty.id, isouter=True)
                   .where(Specialty.organization_id == me.organization_id).order_by(col(Specialty.name_key)))
    return [SpecialtyPublic(id=s.id or 0, name=s.name, members=n or 0) for s, n in rows]


def specialty_names(*, db: Session, actor: Actor) -> list[str]:
    return [s.name for s in list_specialties(db=db, actor=actor)]


def add_specialty(*, db: Session, actor: Actor, data: dict[str, str]) -> SpecialtyPublic:
    me = require(db, actor, STAFF_ROLES)
    name = _validated_name(SpecialtyCreate, data)
    _refuse_duplicate(db, me.organization_id, name)
    specialty = Specialty(organization_id=me.organization_id, name=name, name_key=name.lower())
    db.add(specialty)
    db.flush()
    return SpecialtyPublic(id=specialty.id or 0, name=specialty.name)


def rename_specialty(*, db: Session, actor: Actor, specialty_id: int, data: dict[str, str]) -> None:
    me = require(db, actor, STAFF_ROLES)
    specialty = _owned(db, me.organization_id, specialty_id)
    name = _validated_name(SpecialtyUpdate, data)
    if name.lower() != specialty.name_key:
        _refuse_duplicate(db, me.organization_id, name)
    specialty.name, specialty.name_key = name, name.lower()
    db.add(specialty)


def remove_specialty(*, db: Session, actor: Actor, specialty_id: int) -> None:
    """Remove a catalog entry; technicians tagged with it simply lose the tag."""
    me = require(db, actor, STAFF_ROLES)
    specialty = _owned(db, me.organization_id, specialty_id)
    db.execute(delete(MemberSpecialty).where(MemberSpecialty.specialty_id == specialty.id))  # type: ignore[arg-type]
    db.delete(specialty)


def ensure_specialties(db: Session, organization_id: int, names: list[str]) -> list[Specialty]:
    """The catalog entries with these names, adding the ones the organization does not have yet."""
    found: list[Specialty] = []
    for name in names:
        specialty = db.exec(select(Specialty).where(Specialty.organization_id == organization_id,
                                                    Specialty.name_key == name.lower())).first()
        if specialty is None:
            specialty = Specialty(organization_id=organization_id, name=name, name_key=name.lower())
            db.add(specialty)
            db.flush()
        found.append(specialty)
    return found


def set_member_specialties(db: Session, organization_id: int, user_id: int, names: list[str]) -> None:
    db.execute(delete(MemberSpecialty).where(MemberSpecialty.user_id == user_id))  # type: ignore[arg-type]
    for specialty in ensure_specialties(db, organization_id, names):
        db.add(MemberSpecialty(user_id=user_id, specialty_id=specialty.id or 0))
    db.flush()


def _validated_name(model: type[SpecialtyCreate] | type[SpecialtyUpdate], data: dict[str, str]) -> str:
    try:
        name = model.model_validate({'name': str(data.get('name', ''))}).name
    except ValidationError as exc:
        raise InvalidInput(field_errors(exc)) from exc
    if not name:
        raise InvalidInput({'name': 'This field is required.'})
    return name


def _refuse_duplicate(db: Session, organization_id: int, name: str) -> None:
    if db.exec(select(Specialty.id).where(Specialty.organization_id == organization_id,
                                          Specialty.name_key == name.lower())).first() is not None:
        raise InvalidInput({'name': 'This specialty already exists.'})


def _owned(db: Session, organization_id: int, specialty_id: int) -> Specialty:
    specialty = db.get(Specialty, specialty_id) if valid_id(specialty_id) else None
    if specialty is None or specialty.organization_id != organization_id:
        raise NotFound('That specialty does not exist.')
    return specialty
