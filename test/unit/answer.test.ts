// What answered a ClientHello on a port that never greeted: the pure classifier, as a table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyAnswer } from '../../src/protocol/banner.js';

const bytes = (...b: number[]): Buffer => Buffer.from(b);
const text = (t: string): Buffer => Buffer.from(t, 'latin1');

const CASES: { name: string; answer: Buffer; service: string | undefined; banner?: RegExp }[] = [
  { name: 'nothing', answer: Buffer.alloc(0), service: undefined },
  {
    name: 'an HTTP/1.0 status line',
    answer: text('HTTP/1.0 400 Bad Request\r\n\r\n'),
    service: 'http',
    banner: /^HTTP\/1\.0 400 Bad Request$/,
  },
  {
    name: 'an HTTP/1.1 status line with headers',
    answer: text('HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n'),
    service: 'http',
  },
  { name: 'an HTML page without a status line', answer: text('<html><body>400</body></html>'), service: 'http' },
  {
    name: 'an SSH banner',
    answer: text('SSH-2.0-OpenSSH_9.2p1\r\n'),
    service: 'ssh',
    banner: /^SSH-2\.0-OpenSSH_9\.2p1$/,
  },
  { name: 'an SMTP greeting', answer: text('220 mx.example.com ESMTP Postfix\r\n'), service: 'smtp' },
  { name: "SMTP's answer to a line it cannot read", answer: text('500 5.5.2 Error: bad syntax\r\n'), service: 'smtp' },
  { name: 'a POP3 greeting', answer: text('+OK Dovecot ready.\r\n'), service: 'pop3' },
  { name: "POP3's error", answer: text('-ERR Unknown command.\r\n'), service: 'pop3' },
  { name: 'an IMAP greeting', answer: text('* OK [CAPABILITY IMAP4rev1] ready\r\n'), service: 'imap' },
  { name: "IMAP's BAD", answer: text('* BAD Error in IMAP command received by server.\r\n'), service: 'imap' },
  {
    name: 'a fatal TLS alert: handshake_failure',
    answer: bytes(0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28),
    service: 'tls',
    banner: /^TLS alert handshake_failure$/,
  },
  {
    name: 'a TLS alert with a description not in the table',
    answer: bytes(0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x2c),
    service: 'tls',
    banner: /^TLS alert description 44$/,
  },
  { name: 'a TLS handshake record', answer: bytes(0x16, 0x03, 0x03, 0x00, 0x7a, 0x02), service: 'tls' },
  {
    name: 'binary of no known protocol',
    answer: bytes(0x00, 0x00, 0x00, 0x0c, 0xff, 0x53, 0x4d, 0x42),
    service: 'unknown',
    banner: /^binary: 00 00 00 0c ff 53 4d 42$/,
  },
  {
    name: 'a text line of no known protocol',
    answer: text('ERROR wrong number of arguments\r\n'),
    service: 'unknown',
  },
  { name: 'an FTP reply (a late greeting)', answer: text('220 ready\r\n'), service: undefined },
  { name: "an FTP server's 500 to the ClientHello", answer: text('500 Unknown command.\r\n'), service: undefined },
];

describe('classifyAnswer: what answered a ClientHello', () => {
  for (const c of CASES) {
    it(`${c.name} → ${c.service ?? 'nothing named'}`, () => {
      const got = classifyAnswer(c.answer);
      assert.equal(got?.service, c.service);
      if (c.banner) assert.match(got?.banner ?? '', c.banner);
      // Only printable ASCII reaches a report.
      assert.doesNotMatch(got?.banner ?? '', /[^\x20-\x7e…]/);
    });
  }
});
