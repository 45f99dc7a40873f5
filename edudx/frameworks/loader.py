"""Reading index files and publishing them as versions.

The one door through which a framework enters the database: YAML or Excel is parsed and validated
by `schema.parse_framework` first, then `publish` stores it. Re-loading identical content is a
no-op, so the command is safe to run on every start; different content under a published version
number is refused, because results already computed against that version must stay explainable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import IntegrityError, transaction

from edudx.core.models import record
from edudx.frameworks import schema
from edudx.frameworks.models import FrameworkVersion, checksum

DATA_DIR = Path(__file__).resolve().parent / "data"


class _YamlLoader(yaml.SafeLoader):
    """Safe YAML without implicit dates: a date is validated by the schema, which names its place,
    instead of PyYAML failing with a bare 'month must be in 1..12'."""


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class VersionConflict(ValueError):
    """A different definition already published under the same code and version."""


@dataclass(frozen=True)
class PublishOutcome:
    version: FrameworkVersion
    created: bool


def read_yaml(path: str | Path) -> schema.Framework:
    """Parse an index file; YAML syntax errors are reported as FrameworkError with the line."""
    path = Path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
    except FileNotFoundError:
        raise schema.FrameworkError(str(path), ["không tìm thấy tệp"]) from None
    except UnicodeDecodeError:
        raise schema.FrameworkError(str(path), ["tệp không phải văn bản UTF-8"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"dòng {mark.line + 1}, cột {mark.column + 1}" if mark else "tệp"
        problem = getattr(exc, "problem", None) or str(exc)
        raise schema.FrameworkError(str(path), [f"{where}: lỗi cú pháp YAML ({problem})"]) from None
    return schema.parse_framework(raw, source=path.name)


def publish(fw: schema.Framework, *, source: str = "", by=None) -> PublishOutcome:
    """Store a version once. Two people publishing the same new version at the same moment both
    get the stored row (or the conflict), never a database error."""
    try:
        with transaction.atomic():
            return _publish(fw, source=source, by=by)
    except IntegrityError:  # the other one inserted first: decide against what it stored
        with transaction.atomic():
            return _publish(fw, source=source, by=by)


def _publish(fw: schema.Framework, *, source: str, by) -> PublishOutcome:
    definition = schema.to_dict(fw)
    existing = (
        FrameworkVersion.objects.select_for_update()
        .filter(code=fw.code, version=fw.version)
        .first()
    )
    if existing is not None:
        if existing.checksum == checksum(definition):
            return PublishOutcome(existing, created=False)
        raise VersionConflict(
            f"Bộ chỉ số {fw.code} phiên bản {fw.version} đã được công bố với nội dung khác; "
            "phiên bản đã công bố không được sửa — hãy đặt số phiên bản mới."
        )
    # code, version, title, dates… are copied from the definition by FrameworkVersion.save().
    version = FrameworkVersion.objects.create(
        definition=definition, warnings=list(fw.warnings), source=source[:300]
    )
    record(
        "framework.publish",
        version,
        actor=by,
        after={"code": fw.code, "version": fw.version, "checksum": version.checksum},
        note=source,
    )
    return PublishOutcome(version, created=True)


def load_bundled(by=None) -> list[PublishOutcome]:
    """Publish the index files shipped with EduDX (4725 complete, 3276 metadata only)."""
    return [
        publish(read_yaml(path), source=f"edudx/frameworks/data/{path.name}", by=by)
        for path in sorted(DATA_DIR.glob("*.yaml"))
    ]
