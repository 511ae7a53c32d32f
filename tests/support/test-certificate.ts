import { generate } from 'selfsigned';

// The certificate of the loopback TLS servers in tests (SMTP, a team server's HTTPS front): made fresh once
// per test process, self-signed, so a client trusts it only when given it as its CA.

const HOST = '127.0.0.1';

let certificate: Promise<{ key: string; cert: string }> | undefined;

/** One certificate per test process; valid from yesterday for a week, for 127.0.0.1, ::1 and localhost. */
export function testCertificate(): Promise<{ key: string; cert: string }> {
  certificate ??= (async () => {
    const day = 24 * 60 * 60 * 1000;
    const pems = await generate([{ name: 'commonName', value: HOST }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(Date.now() - day),
      notAfterDate: new Date(Date.now() + 7 * day),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    });
    return { key: pems.private, cert: pems.cert };
  })();
  return certificate;
}

