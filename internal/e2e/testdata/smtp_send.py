#!/usr/bin/env python3
"""A real SMTP client (Python's smtplib) for the dropbox tests: reads a JSON request on stdin
{"host", "port", "messages": [{"from", "rcpts", "file" | "data", "pad", "declareSize",
"starttls"}]}, sends each message on its own connection step by step, and prints the reply
code of each step as JSON: [{"mail": 250, "rcpt": [250, 550], "data": 250}, …]."""
import json
import smtplib
import ssl
import sys

req = json.load(sys.stdin)
out = []
for m in req["messages"]:
    res = {}
    s = smtplib.SMTP(req["host"], req["port"], local_hostname="client.test", timeout=60)
    try:
        s.ehlo()
        res["starttlsOffered"] = s.has_extn("starttls")
        if m.get("starttls"):
            ctx = ssl.create_default_context(cafile=m["cafile"])
            code, _ = s.starttls(context=ctx)
            res["starttls"] = code
            s.ehlo()
        if "file" in m:
            with open(m["file"], "rb") as f:
                data = f.read()
        else:
            data = m["data"].encode()
        if m.get("pad"):
            line = b"x" * 998 + b"\r\n"
            data += b"\r\n" + line * (m["pad"] // len(line) + 1)
        opts = ["SIZE=%d" % len(data)] if m.get("declareSize") else []
        code, _ = s.mail(m["from"], opts)
        res["mail"] = code
        if code == 250:
            res["rcpt"] = [s.rcpt(r)[0] for r in m["rcpts"]]
            if 250 in res["rcpt"]:
                try:
                    code, _ = s.data(data)
                except smtplib.SMTPDataError as e:
                    code = e.smtp_code
                res["data"] = code
        try:
            s.quit()
        except smtplib.SMTPException:
            pass
    except smtplib.SMTPServerDisconnected as e:
        res["disconnected"] = str(e)
    finally:
        s.close()
    out.append(res)
print(json.dumps(out))
