// Parses one .eml with mailparser (an independent MIME parser) and prints what the tests compare.
'use strict';
const fs = require('fs');
const { simpleParser } = require('mailparser');

simpleParser(fs.readFileSync(process.argv[2]), { skipHtmlToText: true, skipTextToHtml: true }).then((m) => {
  const headers = {};
  for (const [name, value] of m.headers) {
    headers[name] = typeof value === 'string' ? value : (value && value.text) || JSON.stringify(value);
  }
  const list = (a) => (a ? [].concat(a).flatMap((x) => x.value.map((v) => v.address)) : []);
  process.stdout.write(JSON.stringify({
    subject: m.subject || null,
    from: list(m.from),
    to: list(m.to),
    cc: list(m.cc),
    bcc: list(m.bcc),
    messageId: m.messageId || null,
    text: m.text || null,
    html: m.html || null,
    headers,
    // X-SMTPAPI unfolded as a header reader sees it (raw value, line breaks removed).
    smtpapi: (m.headerLines.find((h) => h.key === 'x-smtpapi') || { line: null }).line,
    attachments: m.attachments.map((a) => ({
      filename: a.filename || null, contentType: a.contentType, contentId: a.cid || null,
      base64: a.content.toString('base64'),
    })),
  }));
}).catch((e) => { process.stderr.write(String(e)); process.exit(1); });
