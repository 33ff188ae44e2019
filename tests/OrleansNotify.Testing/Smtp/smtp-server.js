// A real SMTP server for the tests: the npm smtp-server package (by the nodemailer authors).
// Config (JSON in NOTIFY_SMTP_CONFIG): { key, cert, secure, users: {name: password}, size, out }.
// Scripted recipients: refuse*@ -> 550, busy*@ -> 452 with a wait, close421*@ -> 421 and the
// connection closes. Each message is written to out/<n>.eml with out/<n>.json (envelope, user).
// Prints "LISTENING <port>" once it listens on 127.0.0.1; exits when stdin closes.
'use strict';
const fs = require('fs');
const path = require('path');
const { SMTPServer } = require('smtp-server');

const config = JSON.parse(process.env.NOTIFY_SMTP_CONFIG || '{}');
let seq = 0;
let connections = 0;
const tls = config.key ? { key: fs.readFileSync(config.key), cert: fs.readFileSync(config.cert) } : {};
const users = config.users || null;

const server = new SMTPServer({
  ...tls,
  secure: !!config.secure,
  name: 'node-smtp-server.test',
  size: config.size || 0,
  authMethods: ['PLAIN', 'LOGIN'],
  authOptional: !users,
  disabledCommands: config.key ? [] : ['STARTTLS'],
  logger: false,
  onConnect(session, callback) {
    connections++;
    fs.appendFileSync(path.join(config.out, 'connections.log'), `${session.id}\n`);
    callback();
  },
  onAuth(auth, session, callback) {
    if (users && users[auth.username] === auth.password) {
      return callback(null, { user: auth.username });
    }
    return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
  },
  onRcptTo(address, session, callback) {
    const local = address.address.split('@')[0];
    if (local.startsWith('refuse')) {
      return callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
    }
    if (local.startsWith('busy')) {
      return callback(Object.assign(new Error('4.2.2 Mailbox busy, try again in 30 seconds'), { responseCode: 452 }));
    }
    if (local.startsWith('close421')) {
      return callback(Object.assign(new Error('4.3.2 Service shutting down'), { responseCode: 421 }));
    }
    return callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        return callback(Object.assign(new Error('5.3.4 Message too big'), { responseCode: 552 }));
      }
      const n = ++seq;
      fs.writeFileSync(path.join(config.out, `${n}.eml`), Buffer.concat(chunks));
      fs.writeFileSync(path.join(config.out, `${n}.json`), JSON.stringify({
        mailFrom: session.envelope.mailFrom.address,
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
        user: session.user || null,
        secure: !!session.secure,
      }));
      callback(null, `2.0.0 Ok: queued as NODE${n}`);
    });
  },
});

server.on('error', (err) => process.stderr.write(`smtp-server error: ${err.message}\n`));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.server.address().port}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));
