import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServeOptions, UsageError } from '../../../main/config/serve-options';
import { DatabaseUrlError, parseDatabaseUrl } from '../../../main/db/database-url';
import { tempDir } from '../../support/temp';

// DATABASE_URL as browser mode reads it; no server needed.

describe('DATABASE_URL', () => {
  it('reads user, host, port and database from postgres:// and postgresql:// alike', () => {
    for (const scheme of ['postgres', 'postgresql']) {
      expect(parseDatabaseUrl(`${scheme}://team@db.example.com:6543/spend`, {})).toMatchObject({
        host: 'db.example.com',
        port: 6543,
        database: 'spend',
        user: 'team',
        password: undefined,
        sslMode: 'disable',
      });
    }
    expect(parseDatabaseUrl('postgres://team@db.example.com/spend', {}).port).toBe(5432);
  });

  it('takes the password from the URL, else DATABASE_PASSWORD_FILE (trimmed), else PGPASSWORD', () => {
    const file = path.join(tempDir(), 'password');
    fs.writeFileSync(file, '  from the file \n');
    const env = { DATABASE_PASSWORD_FILE: file, PGPASSWORD: 'from-env' };
    expect(parseDatabaseUrl('postgres://team:in%20url@h/db', env).password).toBe('in url');
    expect(parseDatabaseUrl('postgres://team@h/db', env).password).toBe('from the file');
    expect(parseDatabaseUrl('postgres://team@h/db', { PGPASSWORD: 'from-env' }).password).toBe('from-env');
  });

  it('prints the URL without its password, however the password is spelled', () => {
    for (const url of ['postgres://team:hunter2@h:5432/db?sslmode=require', 'postgres://team:hun%74er2@h/db']) {
      const { redacted } = parseDatabaseUrl(url, {});
      expect(redacted).not.toMatch(/hunter2|hun%74er2/);
      expect(redacted).toMatch(/^postgres:\/\/team@h(:5432)?\/db/);
    }
    expect(parseDatabaseUrl('postgres://team:hunter2@h/db?sslmode=require', {}).redacted).toBe('postgres://team@h/db?sslmode=require');
  });

  it('refuses a malformed URL in words that do not repeat its password', () => {
    const attempts: [string, RegExp][] = [
      ['postgres:///db', /names no host/],
      ['postgres://team:hunter2@/db', /is not a valid URL/],
      ['postgres://team:hunter2@h', /names no database/],
      ['postgres://:hunter2@h/db', /names no user/],
      ['postgres://team:hunter2@h:99999/db', /is not a valid URL/],
      ['postgres://team:hunter2@h/db?sslmode=prefer', /sslmode must be one of disable, require, verify-ca, verify-full, not "prefer"/],
      ['postgres://team:hunter2@h/db?ssl=true', /unknown parameter "ssl"/],
      ['postgres://team:hunt%zzer2@h/db', /password has a malformed %-escape/],
      ['mysql://team:hunter2@h/db', /must start with postgres:\/\/ or postgresql:\/\//],
    ];
    for (const [url, message] of attempts) {
      let thrown: unknown;
      try {
        parseDatabaseUrl(url, {});
      } catch (error) {
        thrown = error;
      }
      expect(thrown, url).toBeInstanceOf(DatabaseUrlError);
      expect((thrown as Error).message, url).toMatch(message);
      expect((thrown as Error).message, url).not.toMatch(/hunter2|hunt%zzer2/);
    }
  });

  it('names a password file it cannot read, without guessing at its contents', () => {
    const missing = path.join(tempDir(), 'no-such-file');
    expect(() => parseDatabaseUrl('postgres://team@h/db', { DATABASE_PASSWORD_FILE: missing })).toThrow(
      `DATABASE_URL: the password file DATABASE_PASSWORD_FILE=${missing} could not be read (ENOENT)`,
    );
  });

  it('browser mode takes DATABASE_URL from the environment and refuses a bad one before starting', () => {
    expect(parseServeOptions([], { DATABASE_URL: 'postgres://team@h/db' }).databaseUrl).toBe('postgres://team@h/db');
    expect(parseServeOptions([], {}).databaseUrl).toBeNull();
    expect(() => parseServeOptions([], { DATABASE_URL: 'postgres://team:hunter2@h/db?sslmode=maybe' })).toThrow(UsageError);
    expect(() => parseServeOptions([], { DATABASE_URL: 'postgres://team:hunter2@h/db?sslmode=maybe' })).toThrow(/^DATABASE_URL: sslmode must be one of/);
  });
});
