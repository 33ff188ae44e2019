// nodemailer's pooled SMTP transport as a peer: messages/s to the benchmark's sink.
// Usage: node nodemailer-pool.js <port> <seconds> <maxConnections> (NODE_PATH = tests/node/node_modules).
'use strict';
const nodemailer = require('nodemailer');

const [port, seconds, maxConnections] = process.argv.slice(2).map(Number);
const transport = nodemailer.createTransport({
  pool: true, maxConnections, maxMessages: Infinity, host: '127.0.0.1', port, secure: false, ignoreTLS: true,
});
const message = {
  from: 'Notify <sender@notify.test>', to: 'alice@example.test', subject: 'Benchmark message',
  text: 'Hello Alice,\nyour order shipped.', html: '<p>Hello <b>Alice</b>, your order shipped.</p>',
};

async function worker(deadline, counter) {
  while (Date.now() < deadline) {
    await transport.sendMail(message);
    counter.sent++;
  }
}

(async () => {
  const warm = { sent: 0 };
  await Promise.all(Array.from({ length: maxConnections * 2 }, () => worker(Date.now() + 1000, warm)));
  const counter = { sent: 0 };
  const started = Date.now();
  await Promise.all(Array.from({ length: maxConnections * 2 }, () => worker(started + seconds * 1000, counter)));
  const elapsed = (Date.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ sent: counter.sent, seconds: elapsed }) + '\n');
  transport.close();
})().catch((e) => { process.stderr.write(String(e)); process.exit(1); });
