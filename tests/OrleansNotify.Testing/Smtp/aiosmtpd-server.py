"""A second, independent SMTP server for the tests: Debian's python3-aiosmtpd.

Config (JSON in NOTIFY_SMTP_CONFIG): {port, key, cert, users: {name: password}, size, out}.
STARTTLS required when a certificate is given; AUTH only after TLS. refuse*@ recipients get 550.
Each message goes to out/<n>.eml and out/<n>.json. Prints "LISTENING <port>"; stops when stdin closes.
"""
import json
import os
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

config = json.loads(os.environ["NOTIFY_SMTP_CONFIG"])
users = config.get("users") or {}


class Handler:
    def __init__(self):
        self.seq = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].startswith("refuse"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.seq += 1
        n = self.seq
        with open(os.path.join(config["out"], f"{n}.eml"), "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(os.path.join(config["out"], f"{n}.json"), "w") as f:
            json.dump({"mailFrom": envelope.mail_from, "rcptTo": envelope.rcpt_tos,
                       "user": getattr(session, "auth_data", None) and session.auth_data.login.decode(),
                       "secure": session.ssl is not None}, f)
        return f"250 2.0.0 Ok: queued as PY{n}"


def authenticator(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and users.get(auth_data.login.decode()) == auth_data.password.decode():
        return AuthResult(success=True, auth_data=auth_data)
    return AuthResult(success=False, handled=False)


tls = None
if config.get("cert"):
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(config["cert"], config["key"])

controller = Controller(
    Handler(), hostname="127.0.0.1", port=config["port"], server_hostname="aiosmtpd.test",
    tls_context=tls, require_starttls=tls is not None, authenticator=authenticator,
    auth_required=bool(users), auth_require_tls=True, data_size_limit=config.get("size") or 33554432)
controller.start()
print("LISTENING", config["port"], flush=True)
sys.stdin.read()
controller.stop()
