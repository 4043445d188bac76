"""Users and their roles."""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from inspect_app.models.base import enum_type, timestamp_type, utcnow


class Role(StrEnum):
    """What a user may do."""

    ADMIN = "admin"  # 扶贫办: checklists, campaigns, teams
    INSPECTOR = "inspector"  # 督查组成员: scores subjects
    LEADER = "leader"  # 领导: reads rankings
    UNIT_USER = "unit_user"  # 责任单位: rectification of its own unit



# Shared fields of a user.
class UserBase(SQLModel):
    username: str = Field(max_length=50, unique=True)
    display_name: str = Field(max_length=100)
    role: Role = Field(sa_type=enum_type(Role))
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    active: bool = True


# What is needed to create a user: the plain password, never stored (auth.services checks it).
class UserCreate(UserBase):
    password: str


# A user row with the password hash.
class User(UserBase, table=True):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=255)
    must_change_password: bool = False  # set by an admin's reset: a new password at next login
    created_at: datetime = Field(default_factory=utcnow, sa_type=timestamp_type())
