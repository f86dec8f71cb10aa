import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyAndCertificate {
  readonly key: string;
  readonly cert: string;
}

let cached: KeyAndCertificate | undefined;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, valid 30 days, generated once per process with the
 * `openssl` command (Node can sign but not build X.509 certificates).
 */
export function selfSignedCertificate(): KeyAndCertificate {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'fixture-tls-'));
  try {
    const result = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '30',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { encoding: 'utf8' },
    );
    if (result.error) {
      throw new Error(
        `the TLS fixture needs the openssl command to generate a certificate: ${result.error.message}`,
      );
    }
    if (result.status !== 0) throw new Error(`openssl req failed: ${result.stderr.trim()}`);
    cached = {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
