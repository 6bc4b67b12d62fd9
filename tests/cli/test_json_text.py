"""The command line's JSON text is exactly what ``json.dumps(..., indent=2, ensure_ascii=False)`` writes."""

from __future__ import annotations

import json

import pytest

from migrator.cli.json_text import indented_json


def test_nested_rows_are_written_as_the_standard_encoder_writes_them() -> None:
    value = {
        "migration": 'Café "north"',
        "slip_days": -3,
        "teams": [],
        "counts": {},
        "rows": [
            {"key": "A-1", "reasons": ["late\tby 2", "é"], "float": 1.5, "done": False, "override": None}
        ],
        "path": ("A-1", "B-2"),
    }
    expected = (
        '{\n  "migration": "Café \\"north\\"",\n  "slip_days": -3,\n  "teams": [],\n  "counts": {},\n'
        '  "rows": [\n    {\n      "key": "A-1",\n      "reasons": [\n        "late\\tby 2",\n'
        '        "é"\n      ],\n      "float": 1.5,\n      "done": false,\n      "override": null\n'
        '    }\n  ],\n  "path": [\n    "A-1",\n    "B-2"\n  ]\n}'
    )
    assert indented_json(value) == expected
    assert json.dumps(value, indent=2, ensure_ascii=False) == expected


def test_keys_json_cannot_write_are_refused_as_json_refuses_them() -> None:
    assert indented_json({1: True, None: 2.0}) == '{\n  "1": true,\n  "null": 2.0\n}'
    with pytest.raises(TypeError):
        indented_json({("a", "b"): 1})
