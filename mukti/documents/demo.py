"""Demo documents: fictional one-page PDFs attached to entries of the demo cases."""

from __future__ import annotations

from mukti.cases.models import Case, Event
from mukti.documents.models import Document
from mukti.documents.services import document_attach

# (case title, entry type, what it is, file name, the page's lines)
DEMO_DOCUMENTS = (
    (
        "Bangladeshi woman held near Basirhat, rescued the night she was found",
        "medical_care",
        "Admission note, district hospital",
        "admission-note.pdf",
        (
            "District Hospital, Basirhat (fictional demo document)",
            "Admission note: survivor K., eight months pregnant.",
            "Mother and child well. Discharged next day.",
        ),
    ),
    (
        "Girl rescued from a hotel in Petrapole, produced before CWC",
        "produced_cwc",
        "CWC order for placement",
        "cwc-order.pdf",
        (
            "Child Welfare Committee, North 24 Parganas (fictional demo document)",
            "Order: the child is placed in a children's home pending enquiry.",
        ),
    ),
)


def one_page_pdf(lines: tuple[str, ...] | list[str]) -> bytes:
    """A valid one-page PDF whose text layer holds ``lines`` (Helvetica, ASCII text only). The
    intake tests read narratives from PDFs made by it."""
    text = (
        "BT /F1 11 Tf 14 TL 50 780 Td "
        + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
            for line in lines
        )
        + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii")
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode("ascii")
    return out


def documents_load_demo() -> int:
    """Attach the demo documents to the demo cases that have none yet; returns how many."""
    loaded = 0
    for title, kind, what, filename, lines in DEMO_DOCUMENTS:
        case = Case.objects.filter(title=title).first()
        if case is None or Document.objects.filter(case=case).exists():
            continue
        event = Event.objects.filter(case=case, type=kind).order_by("sort_at", "pk").first()
        if event is None or case.lead is None:
            continue
        document_attach(
            actor=case.lead, event=event, data=one_page_pdf(lines), filename=filename, title=what
        )
        loaded += 1
    return loaded
