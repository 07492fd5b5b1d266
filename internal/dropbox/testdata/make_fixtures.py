#!/usr/bin/env python3
"""Writes the .eml fixtures of the dropbox parser's tests with Python's own email package
(a real MIME writer, not ours): run it from this directory to remake them."""
from email.message import EmailMessage
from email.mime.text import MIMEText
from email.mime.multipart import MIMEMultipart
from email.mime.application import MIMEApplication
from email.mime.message import MIMEMessage
from email.header import Header
from email.utils import formataddr
from email import policy
from email.charset import Charset, QP, BASE64

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

def write(name, msg):
    with open(name, "wb") as f:
        f.write(msg.as_bytes(policy=policy.compat32.clone(linesep="\r\n")))

# 1. ISO-2022-JP: subject as encoded words, body in ISO-2022-JP (7bit), as Japanese mailers send.
m = MIMEText("山田様\nお見積もりをお送りします。\nよろしくお願いいたします。\n", "plain", "iso-2022-jp")
m["Subject"] = Header("お見積もりの件", "iso-2022-jp")
m["From"] = Header("山田 太郎", "iso-2022-jp").encode() + " <taro@customer.example.jp>"
m["To"] = "ann@acme.test"
m["Date"] = "Thu, 03 Dec 2026 10:00:00 +0900"
m["Message-ID"] = "<jis-1@customer.example.jp>"
write("iso2022jp.eml", m)

# 2. Shift_JIS body (base64) and subject.
sj = Charset("shift_jis")
sj.input_codec = sj.output_codec = sj.output_charset = "shift_jis"
sj.body_encoding = sj.header_encoding = BASE64
m = MIMEText("佐藤様\n資料を添付いたします。\n", "plain", sj)
m["Subject"] = Header("資料送付", sj)
m["From"] = "sato@customer.example.jp"
m["To"] = "ann@acme.test"
m["Date"] = "Thu, 03 Dec 2026 11:00:00 +0900"
m["Message-ID"] = "<sjis-1@customer.example.jp>"
write("shiftjis.eml", m)

# 3. Sent by the user (BCC to the dropbox: not in the headers), text + HTML, a PDF attachment,
#    quoted-printable French text.
m = MIMEMultipart("mixed")
alt = MIMEMultipart("alternative")
qp = Charset("utf-8")
qp.body_encoding = QP
alt.attach(MIMEText("Bonjour Bob,\nVoici le devis détaillé : 1 200 €.\n", "plain", qp))
alt.attach(MIMEText("<p>Bonjour Bob,</p><p>Voici le devis détaillé : 1 200 €.</p>", "html", qp))
m.attach(alt)
pdf = MIMEApplication(PDF, "pdf")
pdf.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "devis-été.pdf"))
m.attach(pdf)
m["Subject"] = Header("Devis – été 2026", "utf-8")
m["From"] = formataddr(("Ann Lee", "Ann@Acme.test"))
m["To"] = formataddr(("Bob Martin", "bob@client.example.fr"))
m["Cc"] = "carol@client.example.fr"
m["Date"] = "Thu, 03 Dec 2026 09:30:00 +0100"
m["Message-ID"] = "<sent-1@acme.test>"
write("sent_bcc_pdf.eml", m)

# 4. A customer's mail forwarded by the user as an attachment (message/rfc822) to the dropbox.
orig = MIMEText("Hello Ann,\nplease call me back about the renewal.\n", "plain", "utf-8")
orig["Subject"] = "Renewal question"
orig["From"] = formataddr(("Dana White", "dana@customer.example.com"))
orig["To"] = "ann@acme.test"
orig["Date"] = "Wed, 02 Dec 2026 16:00:00 +0000"
orig["Message-ID"] = "<orig-42@customer.example.com>"
fwd = MIMEMultipart("mixed")
fwd.attach(MIMEText("FYI, see attached.\n", "plain", "utf-8"))
att = MIMEMessage(orig)
att.add_header("Content-Disposition", "attachment", filename="Renewal question.eml")
fwd.attach(att)
fwd["Subject"] = "Fwd: Renewal question"
fwd["From"] = "ann@acme.test"
fwd["To"] = "abcdefghijklmnopqrstuvwxyz234567@dropbox.crm.test"
fwd["Date"] = "Thu, 03 Dec 2026 08:00:00 +0000"
fwd["Message-ID"] = "<fwd-1@acme.test>"
write("forward_rfc822.eml", fwd)

# 5. No Message-ID, HTML only, base64.
m = MIMEText("<p>Nouvelle demande&nbsp;!</p>", "html", "utf-8")
m["Subject"] = "=?UTF-8?Q?Demande_urgente_=E2=80=94_rappel?="
m["From"] = "=?ISO-8859-1?Q?Fran=E7ois_Dupont?= <francois@exemple.fr>"
m["To"] = "ann@acme.test"
m["Date"] = "Thu, 03 Dec 2026 12:00:00 +0100"
write("no_message_id.eml", m)
