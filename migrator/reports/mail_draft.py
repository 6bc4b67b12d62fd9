"""An e-mail draft (.eml) that sends a team its update workbook: any mail program opens it.

Outlook opens a message marked ``X-Unsent: 1`` as a draft ready to send; Thunderbird and Apple
Mail open the file as a message whose attachment and text can be forwarded or copied.
"""

from __future__ import annotations

from email import errors
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from migrator.domain.updates import UpdateRequest
from migrator.domain.wording import date_text
from migrator.reports.safe_file import AtomicFile

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def mail_subject(request: UpdateRequest, plan_name: str) -> str:
    """``Status update for Bank merger 2027: Banking & Payments by 10 Mar 2027``."""
    by = f" by {date_text(request.due)}" if request.due is not None else ""
    return _one_line(f"Status update for {plan_name}: {request.team_name}{by}")


def mail_body(request: UpdateRequest, plan_name: str, coordinator: str) -> str:
    """The draft's text: who is asked, for what, by when, and the coordinator's message."""
    by = f" by {date_text(request.due)}" if request.due is not None else ""
    parts = [
        f"Hello {request.recipient},",
        f"Please fill in the attached workbook with the status of the open work of {request.team_name} "
        f"in {plan_name} and send it back to me{by}.",
        "Only the green columns need you: leave a value as it is when nothing changed, and add a comment "
        'if something needs saying. The sheet "How to fill this in" explains the rest. Please send the '
        "file back as .xlsx, without renaming the sheets or adding rows.",
    ]
    if request.message.strip():
        parts.append(request.message.strip())
    parts.append(f"Thank you,\n{coordinator}")
    return "\n\n".join(parts) + "\n"


def write_mail_draft(
    path: Path, workbook_path: Path, request: UpdateRequest, plan_name: str, coordinator: str
) -> None:
    """Write the draft to ``path`` with the workbook at ``workbook_path`` attached (whole or not at all)."""
    message = EmailMessage(policy=SMTP)
    to = _address(request)
    if to is not None:
        message["To"] = to
    message["Subject"] = mail_subject(request, plan_name)
    message["X-Unsent"] = "1"
    message.set_content(mail_body(request, plan_name, coordinator))
    message.add_attachment(
        workbook_path.read_bytes(), maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=workbook_path.name
    )
    with AtomicFile(path) as target:
        target.temp.write_bytes(message.as_bytes())
        target.commit()


def _address(request: UpdateRequest) -> Address | None:
    """The recipient as a To address; None when the people list has none that a mail program
    would take (the draft then leaves To for the coordinator to fill in)."""
    email = (request.recipient_email or "").strip()
    if not email:
        return None
    try:
        return Address(display_name=_one_line(request.recipient), addr_spec=email)
    except (ValueError, IndexError, errors.HeaderParseError):
        return None


def _one_line(text: str) -> str:
    return " ".join(text.split())
