"""BillingEvent: one plan change, as recorded after the payment step accepted it."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.common import utcnow


class BillingEvent(SQLModel, table=True):
    __tablename__ = 'billing_event'

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key='organization.id', index=True)
    actor_user_id: int | None = Field(default=None, foreign_key='user.id')
    from_plan: str = Field(max_length=20)
    to_plan: str = Field(max_length=20)
    monthly_price: int
    payment_reference: str = Field(default='', max_length=100)
    created_at: datetime = Field(default_factory=utcnow)


class BillingEventPublic(SQLModel):
    from_plan: str
    to_plan: str
    monthly_price: int
    created_at: datetime
