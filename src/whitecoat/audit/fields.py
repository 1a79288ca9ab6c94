from __future__ import annotations

from django.db import models


class RelatedId(models.BigIntegerField):
    """A copied foreign key in a historical table: the related row's id, with no relation.

    simple-history copies foreign keys as foreign keys (without database constraints). Fifty
    historical tables pointing at the program's tables make Django re-render most models
    for every migration step that touches them, which made `migrate` several seconds
    slower; the id alone keeps the version just as well. The attribute keeps the original
    field's name and attname (`person`, `person_id`), so versions are written, read and
    diffed by simple-history unchanged; the audit trail looks the related rows up itself.
    """

    def get_attname(self) -> str:
        return f"{self.name}_id"
