"""The JSON Lines feed exporter, with a direct path for dataclass items.

Scrapy's ``JsonLinesItemExporter`` builds each line's dict field by field through
``ItemAdapter``: for every field a membership test, its metadata looked up and a serializer
(the identity, for fields that declare none) called. For a dataclass item whose fields declare
no serializer, that dict is its set attributes in declaration order, read here directly; the
line is then encoded by Scrapy's encoder as before (the same bytes). Any other item, or an
exporter given ``fields_to_export`` or ``export_empty_fields``, takes Scrapy's path.

Checked against Scrapy 2.19.0 (`newscrawl.utils.compat.CHECKED`): ``BaseItemExporter.
get_serialized_fields`` and ``JsonLinesItemExporter.export_item``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.python import to_bytes

_NO_PLAIN_FIELDS: tuple[str, ...] = ()


class DataclassJsonLinesItemExporter(JsonLinesItemExporter):
    """Scrapy's JSON Lines exporter; a dataclass item's fields read without ItemAdapter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fields: dict[type, tuple[str, ...]] = {}

    def export_item(self, item: Any) -> None:
        names = self._plain_fields(type(item))
        if not names:
            super().export_item(item)
            return
        itemdict = {name: getattr(item, name) for name in names if hasattr(item, name)}
        data = self.encoder.encode(itemdict) + "\n"
        self.file.write(to_bytes(data, self.encoding))

    def _plain_fields(self, cls: type) -> tuple[str, ...]:
        """Return the field names of dataclass `cls` when the direct path applies, else ()."""
        names = self._fields.get(cls)
        if names is None:
            names = _NO_PLAIN_FIELDS
            if (
                dataclasses.is_dataclass(cls)
                and self.fields_to_export is None
                and not self.export_empty_fields
            ):
                fields = dataclasses.fields(cls)
                if not any("serializer" in f.metadata for f in fields):
                    names = tuple(f.name for f in fields)
            self._fields[cls] = names
        return names
