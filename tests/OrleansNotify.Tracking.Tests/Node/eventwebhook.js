// Reads cases from stdin, answers on stdout, using SendGrid's own @sendgrid/eventwebhook.
// verify: [{publicKey, payload (base64 bytes), signature, timestamp}] -> [true|false, ...]
// sign:   {payloads: [base64], timestamp} -> {publicKey (base64 DER SPKI), signatures: [base64 DER]} via Node's crypto
'use strict';
const crypto = require('crypto');
const { EventWebhook } = require('@sendgrid/eventwebhook');

const mode = process.argv[2];
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const request = JSON.parse(input);
  if (mode === 'verify') {
    const webhook = new EventWebhook();
    const results = request.map((c) => {
      try {
        const key = webhook.convertPublicKeyToECDSA(c.publicKey);
        return webhook.verifySignature(key, Buffer.from(c.payload, 'base64'), c.signature, c.timestamp);
      } catch (e) {
        return false;
      }
    });
    process.stdout.write(JSON.stringify(results));
  } else if (mode === 'sign') {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const signatures = request.payloads.map((p) =>
      crypto.sign('sha256', Buffer.concat([Buffer.from(request.timestamp), Buffer.from(p, 'base64')]), privateKey).toString('base64'));
    process.stdout.write(JSON.stringify({ publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), signatures }));
  } else {
    process.stderr.write('usage: eventwebhook.js verify|sign');
    process.exit(2);
  }
});
