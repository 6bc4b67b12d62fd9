"""Hostile XML given to the XML plan readers: entity expansion (billion laughs, quadratic blowup),
external entities and DTDs that would read local files or reach the network, and XInclude.

Each is refused as a whole file (PlanFileError naming it) before anything expands or is fetched."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from migrator.importing.ganttproject import read_ganttproject
from migrator.importing.ms_project_xml import read_ms_project_xml
from migrator.importing.readers import PlanFileError
from migrator.importing.source_plan import SourcePlan

Reader = Callable[[Path], SourcePlan]


class XmlKind:
    """One XML plan format: its reader, its suffix and the opening and closing of a valid file."""

    def __init__(self, name: str, reader: Reader, suffix: str, root: str, body: str, close: str) -> None:
        self.name, self.reader, self.suffix = name, reader, suffix
        self.root, self.body, self.close = root, body, close

    def document(self, doctype: str, name_text: str) -> str:
        """A file of this kind with ``doctype`` after the XML declaration and ``name_text`` as a task name."""
        body = self.body.format(name=name_text)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n{self.root}{body}{self.close}'


GANTTPROJECT = XmlKind(
    "GanttProject",
    read_ganttproject,
    ".gan",
    '<project name="Plan" version="3.2.3240">',
    '<tasks><task id="1" name="Build" meeting="false" start="2027-03-01" duration="5" complete="0">'
    "<notes>{name}</notes></task></tasks>",
    "</project>",
)
MS_PROJECT_XML = XmlKind(
    "MS Project XML",
    read_ms_project_xml,
    ".xml",
    '<Project xmlns="http://schemas.microsoft.com/project"><SaveVersion>14</SaveVersion><Name>Plan</Name>'
    "<MinutesPerDay>480</MinutesPerDay>",
    "<Tasks><Task><UID>1</UID><ID>1</ID><Name>Build</Name><OutlineLevel>1</OutlineLevel>"
    "<Start>2027-03-01T08:00:00</Start><Finish>2027-03-05T17:00:00</Finish><Duration>PT40H0M0S</Duration>"
    "<Notes>{name}</Notes></Task></Tasks>",
    "</Project>",
)
KINDS = [GANTTPROJECT, MS_PROJECT_XML]

SECRET = "secret-from-another-file-7f3a"


def write(tmp_path: Path, kind: XmlKind, text: str) -> Path:
    path = tmp_path / f"hostile{kind.suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def refused(kind: XmlKind, path: Path) -> str:
    """The refusal's message; it must come at once (nothing expanded) and name the file."""
    began = time.perf_counter()
    with pytest.raises(PlanFileError) as caught:
        kind.reader(path)
    assert time.perf_counter() - began < 2.0
    message = str(caught.value)
    assert message.startswith(path.name)
    assert SECRET not in message
    return message


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "passwd"
    path.write_text(f"root:x:0:0:{SECRET}:/root:/bin/sh\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_billion_laughs_is_refused(tmp_path: Path, kind: XmlKind) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    path = write(tmp_path, kind, kind.document(f"<!DOCTYPE lolz [{entities}]>", "&lol9;"))
    assert path.stat().st_size < 2_000  # a tiny file that would expand to a billion "lol"s
    refused(kind, path)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_quadratic_blowup_is_refused(tmp_path: Path, kind: XmlKind) -> None:
    doctype = f'<!DOCTYPE plan [<!ENTITY big "{"x" * 50_000}">]>'
    path = write(tmp_path, kind, kind.document(doctype, "&big;" * 20_000))  # 1 GB of text once expanded
    refused(kind, path)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_an_external_entity_reading_a_local_file_is_refused(
    tmp_path: Path, kind: XmlKind, secret_file: Path
) -> None:
    doctype = f'<!DOCTYPE plan [<!ENTITY passwd SYSTEM "file://{secret_file}">]>'
    refused(kind, write(tmp_path, kind, kind.document(doctype, "&passwd;")))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_an_external_entity_to_etc_passwd_is_refused(tmp_path: Path, kind: XmlKind) -> None:
    doctype = '<!DOCTYPE plan [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>'
    message = refused(kind, write(tmp_path, kind, kind.document(doctype, "&passwd;")))
    assert "root:" not in message


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_an_external_parameter_entity_is_refused(tmp_path: Path, kind: XmlKind, secret_file: Path) -> None:
    doctype = f'<!DOCTYPE plan [<!ENTITY % remote SYSTEM "file://{secret_file}"> %remote;]>'
    refused(kind, write(tmp_path, kind, kind.document(doctype, "Build")))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_an_external_dtd_is_refused_without_fetching_it(tmp_path: Path, kind: XmlKind) -> None:
    doctype = '<!DOCTYPE plan SYSTEM "http://203.0.113.9/plan.dtd">'  # TEST-NET-3: fetching would hang
    refused(kind, write(tmp_path, kind, kind.document(doctype, "Build")))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_an_internal_dtd_without_entities_is_refused_too(tmp_path: Path, kind: XmlKind) -> None:
    refused(kind, write(tmp_path, kind, kind.document("<!DOCTYPE plan [<!ELEMENT plan ANY>]>", "Build")))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_an_undeclared_entity_is_refused_as_unreadable_xml(tmp_path: Path, kind: XmlKind) -> None:
    message = refused(kind, write(tmp_path, kind, kind.document("", "&passwd;")))
    assert "undefined entity" in message


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_xinclude_is_never_followed(tmp_path: Path, kind: XmlKind, secret_file: Path) -> None:
    include = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret_file}" parse="text"/>'
    plan = kind.reader(write(tmp_path, kind, kind.document("", include)))
    assert [(t.name, t.notes) for t in plan.tasks] == [("Build", None)]  # read, the include left out
    assert SECRET not in repr(plan)


def test_the_ganttproject_refusal_says_why(tmp_path: Path) -> None:
    doctype = '<!DOCTYPE plan [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>'
    message = refused(GANTTPROJECT, write(tmp_path, GANTTPROJECT, GANTTPROJECT.document(doctype, "&passwd;")))
    assert message == (
        "hostile.gan declares a DTD or entities, which GanttProject never writes; it was not read, "
        "because such declarations can expand without limit or read other files."
    )
