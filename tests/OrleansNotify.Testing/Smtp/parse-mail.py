"""Parses one .eml with Python's email package (an independent MIME parser); prints what tests compare."""
import base64
import json
import sys
from email import message_from_bytes, policy

with open(sys.argv[1], "rb") as f:
    raw = f.read()
m = message_from_bytes(raw, policy=policy.default)


def addresses(name):
    header = m.get(name)
    return [a.addr_spec for a in header.addresses] if header is not None else []


body_text = m.get_body(preferencelist=("plain",))
body_html = m.get_body(preferencelist=("html",))
smtpapi = m.get("X-SMTPAPI")
print(json.dumps({
    "subject": m.get("Subject"),
    "from": addresses("From"),
    "to": addresses("To"),
    "cc": addresses("Cc"),
    "bcc": addresses("Bcc"),
    "messageId": m.get("Message-ID"),
    "text": body_text.get_content() if body_text is not None else None,
    "html": body_html.get_content() if body_html is not None else None,
    "headers": {k.lower(): str(v) for k, v in m.items()},
    "smtpapi": None if smtpapi is None else "X-SMTPAPI: " + str(smtpapi),
    "attachments": [{"filename": p.get_filename(), "contentType": p.get_content_type(),
                     "contentId": (p.get("Content-ID") or "").strip("<>") or None,
                     "base64": base64.b64encode(p.get_payload(decode=True)).decode()}
                    for p in m.iter_attachments()],
}))
