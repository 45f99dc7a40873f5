"""The typed definition of an index (Bộ chỉ số) and its strict validation.

An index is law issued by decision and revised over time, so it lives in data files, never in code.
Everything that reads an index file goes through `parse_framework`, which turns the raw mapping
into frozen dataclasses or refuses it with every problem named by its place in the file. Problems
that are the decision's own (a criterion whose items do not add up to its maximum, a gap between
printed thresholds) are kept as warnings: we must load the law as printed and say where it is odd.

Pure Python: no Django import, so the scoring engine and its tests stay dependency-free.
"""

from edudx.frameworks.schema.parse import parse_framework
from edudx.frameworks.schema.serialise import to_dict
from edudx.frameworks.schema.types import (
    DEFAULT_LEVEL_NAMES,
    EDUCATION_LEVELS,
    HEADLINE_RULES,
    ITEM_KINDS,
    LEVELS,
    MANDATORY_EFFECTS,
    SCHEMA_VERSION,
    Band,
    Criterion,
    Decision,
    Framework,
    FrameworkError,
    Group,
    Interval,
    Item,
    LevelBand,
    Option,
    Policies,
    Suggestion,
    fmt,
    num,
)

__all__ = [
    "DEFAULT_LEVEL_NAMES",
    "EDUCATION_LEVELS",
    "HEADLINE_RULES",
    "ITEM_KINDS",
    "LEVELS",
    "MANDATORY_EFFECTS",
    "SCHEMA_VERSION",
    "Band",
    "Criterion",
    "Decision",
    "Framework",
    "FrameworkError",
    "Group",
    "Interval",
    "Item",
    "LevelBand",
    "Option",
    "Policies",
    "Suggestion",
    "fmt",
    "num",
    "parse_framework",
    "to_dict",
]
