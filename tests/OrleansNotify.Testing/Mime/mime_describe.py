#!/usr/bin/env python3
"""Describes an .eml file as JSON, using Python's own `email` package as a MIME parser independent of
MimeKit: the decoded headers, the address lists, and every part of the tree (content type, charset,
filename, content id, decoded payload length and sha256, decoded text), plus raw line lengths.

Usage: mime_describe.py FILE.eml  -> JSON on stdout."""
import email
import email.policy
import email.utils
import hashlib
import json
import sys

ADDRESS_HEADERS = ("from", "to", "cc", "bcc", "reply-to")


def params(part):
    if not part.get("content-type"):
        return {}
    found = part.get_params(header="content-type") or []
    return {k: email.utils.collapse_rfc2231_value(v) for k, v in found[1:]}


def describe_part(part):
    info = {
        "content_type": part.get_content_type(),
        "params": params(part),
        "charset": part.get_content_charset(),
        "disposition": part.get_content_disposition(),
        "filename": part.get_filename(),
        "content_id": part.get("content-id"),
        "transfer_encoding": part.get("content-transfer-encoding"),
        "multipart": part.is_multipart(),
        "defects": [type(d).__name__ for d in part.defects],
        "length": None,
        "sha256": None,
        "text": None,
    }
    if not part.is_multipart():
        payload = part.get_payload(decode=True) or b""
        info["length"] = len(payload)
        info["sha256"] = hashlib.sha256(payload).hexdigest()
        if part.get_content_maintype() == "text":
            info["text"] = part.get_content()
    return info


def describe(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    lines = raw.split(b"\n")
    addresses = {}
    for name in ADDRESS_HEADERS:
        found = []
        for header in msg.get_all(name) or []:
            for address in header.addresses:
                found.append({"name": address.display_name, "email": address.addr_spec})
        addresses[name] = found
    return {
        "headers": [[name, str(value)] for name, value in msg.items()],
        "addresses": addresses,
        "parts": [describe_part(part) for part in msg.walk()],
        "max_line_length": max(len(line.rstrip(b"\r")) for line in lines),
        "bare_lf": any(not line.endswith(b"\r") for line in lines[:-1]),
    }


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    json.dump(describe(data), sys.stdout, ensure_ascii=True)
