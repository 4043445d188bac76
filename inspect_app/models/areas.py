"""Administrative areas (district → town → village, any depth), units and the names they go by."""

from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspect_app.models.base import enum_type


class AreaLevel(StrEnum):
    """How high an area sits in the administrative tree."""

    COUNTY = "county"
    DISTRICT = "district"
    TOWN = "town"
    VILLAGE = "village"
    HAMLET = "hamlet"


class UnitKind(StrEnum):
    """What sort of organisation a unit is."""

    DEPARTMENT = "department"  # 区直部门
    TOWN_GOVERNMENT = "town_government"  # 镇人民政府
    SUPPORTING_UNIT = "supporting_unit"  # 后盾单位


# Shared fields of an area.
class AreaBase(SQLModel):
    name: str = Field(max_length=100)
    level: AreaLevel = Field(sa_type=enum_type(AreaLevel))
    code: str | None = Field(default=None, max_length=30)


# An area row; parent_id makes the tree.
class Area(AreaBase, table=True):
    __table_args__ = (sa.UniqueConstraint("parent_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="area.id", index=True)


# Shared fields of a unit.
class UnitBase(SQLModel):
    name: str = Field(max_length=100, unique=True)
    kind: UnitKind = Field(sa_type=enum_type(UnitKind))


# A unit row; a town government or supporting unit may point at its area.
class Unit(UnitBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    area_id: int | None = Field(default=None, foreign_key="area.id", index=True)


# A name a checklist or sheet uses for a unit (县扶贫办 → 区扶贫办), edited by the office.
# Either it names one unit (unit_id), or it stands for the unit of town_kind whose area is the
# subject's town (镇扶贫办 → the government of the village's town); exactly one of the two is set.
class UnitAlias(SQLModel, table=True):
    __tablename__ = "unit_alias"
    __table_args__ = (
        sa.CheckConstraint("(unit_id IS NULL) <> (town_kind IS NULL)", name="one_target"),
    )

    id: int | None = Field(default=None, primary_key=True)
    alias: str = Field(max_length=100, unique=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    town_kind: UnitKind | None = Field(default=None, sa_type=enum_type(UnitKind))
