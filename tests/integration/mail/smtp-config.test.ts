import { describe, expect, it } from 'vitest';
import { parseSmtpUrl, smtpSettingsInput } from '../../../common/domain/smtp-config';

function ok(url: string) {
  const result = parseSmtpUrl(url);
  if (!result.ok) throw new Error(`expected ${url} to parse: ${result.error.message}`);
  return result;
}
function error(url: string): string {
  const result = parseSmtpUrl(url);
  if (result.ok) throw new Error(`expected ${url} to be refused`);
  expect(result.error.code).toBe('validation');
  return result.error.message;
}

describe('parseSmtpUrl', () => {
  it('reads smtp:// as STARTTLS required, port 587 by default, sender from an email user name', () => {
    expect(ok('smtp://reminders%40acme.com:secret@smtp.acme.com')).toEqual({
      ok: true,
      settings: { host: 'smtp.acme.com', port: 587, security: 'starttls', username: 'reminders@acme.com', from: 'reminders@acme.com' },
      password: 'secret',
    });
  });

  it('reads smtps:// as implicit TLS on port 465', () => {
    const { settings } = ok('smtps://me@acme.com:pw@mail.acme.com');
    expect(settings.security).toBe('tls');
    expect(settings.port).toBe(465);
  });

  it('percent-decodes the user name and a password full of reserved characters', () => {
    const { settings, password } = ok('smtp://ana%2Bbills%40acme.com:p%40ss%3Aw%2Fo%3Fr%23d%25%20%C3%A9@smtp.acme.com:2525');
    expect(settings.username).toBe('ana+bills@acme.com');
    expect(password).toBe('p@ss:w/o?r#d% é');
    expect(settings.port).toBe(2525);
  });

  it('takes the sender from ?from=, with a display name', () => {
    const { settings } = ok('smtp://apikey:SG.x@smtp.sendgrid.net:587?from=Spend%20Manager%20%3Cbills%40acme.com%3E');
    expect(settings.username).toBe('apikey');
    expect(settings.from).toBe('Spend Manager <bills@acme.com>');
  });

  it('has no password and no AUTH when the URL has no user', () => {
    const { settings, password } = ok('smtp://127.0.0.1:25?from=bills@acme.com&starttls=never');
    expect(settings).toEqual({ host: '127.0.0.1', port: 25, security: 'none', username: '', from: 'bills@acme.com' });
    expect(password).toBeNull();
  });

  it('accepts ?starttls=required explicitly and bracketed IPv6 hosts, kept as written', () => {
    const { settings } = ok('SMTP://u%40x.io:pw@[::1]:587/?starttls=required');
    expect(settings.host).toBe('[::1]');
    expect(settings.security).toBe('starttls');
  });

  it.each([
    ['', /empty/],
    ['smtp.acme.com:587', /must look like smtp:\/\/user:password@smtp\.example\.com:587/],
    ['http://smtp.acme.com', /must start with smtp:\/\/ or smtps:\/\/, not http:\/\//],
    ['smtp://user:pw@:587?from=a@b.co', /has no host/],
    ['smtp://user:pw@smtp.acme.com:99999?from=a@b.co', /Port must be between 1 and 65535/],
    ['smtp://user:pw@smtp.acme.com:0?from=a@b.co', /Port must be between 1 and 65535/],
    ['smtp://user:pw@smtp.acme.com:abc?from=a@b.co', /port that is not a number/],
    ['smtp://user:p%zzw@smtp.acme.com?from=a@b.co', /password with broken percent-encoding/],
    ['smtp://user:pw@smtp.acme.com', /no sender address: add \?from=/],
    ['smtp://user:pw@smtp.acme.com?from=not-an-address', /Sender must be an email address/],
    ['smtp://user:pw@bad_host!.com?from=a@b.co', /Host must be a host name/],
    ['smtp://user:pw@[zz]:587?from=a@b.co', /The address in brackets must be an IPv6 address/],
    ['smtp://user:pw@smtp.acme.com?from=a@b.co&secure=true', /unknown option secure/],
    ['smtp://user:pw@smtp.acme.com?from=a@b.co&starttls=maybe', /starttls= must be "required"/],
    ['smtps://user:pw@smtp.acme.com?from=a@b.co&starttls=never', /smtps:\/\/ already uses TLS/],
    ['smtp://user:pw@smtp.acme.com/inbox?from=a@b.co', /must not have a path/],
  ])('refuses %j, saying what is wrong', (url, message) => {
    expect(error(url)).toMatch(message);
  });

  it('never repeats the password in an error', () => {
    expect(error('smtp://user:Tr0ub4dor%26x@smtp.acme.com')).not.toContain('Tr0ub4dor');
    expect(error('smtp://user:Tr0ub4dor@smtp.acme.com:70000?from=a@b.co')).not.toContain('Tr0ub4dor');
  });
});

describe('smtpSettingsInput (settings screen)', () => {
  const valid = { host: 'smtp.acme.com', port: 587, security: 'starttls', username: 'bills@acme.com', from: 'bills@acme.com', password: 'pw' };

  function messages(input: unknown): Record<string, string> {
    const result = smtpSettingsInput.safeParse(input);
    if (result.success) return {};
    return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.') || '(form)', issue.message]));
  }

  it('accepts a complete form, keeps the host exactly as given and normalises the sender', () => {
    expect(smtpSettingsInput.parse({ ...valid, host: 'SMTP.Acme.com', from: '"Acme, Inc." <bills@acme.com>' })).toEqual({
      ...valid,
      host: 'SMTP.Acme.com',
      from: '"Acme, Inc." <bills@acme.com>',
    });
  });

  it('stores a host of [zz] as nothing at all: a host is a DNS name, an IPv4 address or a bracketed IPv6 address, never altered', () => {
    for (const host of ['smtp.acme.com', 'mail-1.eu.example.', '10.0.0.5', '[2001:db8::25]', '[::1]', 'localhost']) {
      expect(smtpSettingsInput.parse({ ...valid, host }).host, host).toBe(host);
    }
    expect(messages({ ...valid, host: '[zz]' })).toEqual({ host: 'The address in brackets must be an IPv6 address, like [2001:db8::25]' });
    expect(messages({ ...valid, host: '[10.0.0.5]' })).toEqual({ host: 'The address in brackets must be an IPv6 address, like [2001:db8::25]' });
    expect(messages({ ...valid, host: '2001:db8::25' })).toEqual({ host: 'Host must put an IPv6 address in brackets, like [2001:db8::25]' });
    expect(messages({ ...valid, host: ' smtp.acme.com ' })).toEqual({ host: 'Host must not start or end with a space' });
  });

  it('accepts an empty user name (no AUTH), no password, and x@y.z or a local relay as the sender', () => {
    expect(smtpSettingsInput.safeParse({ ...valid, username: '', password: undefined, host: '10.0.0.5' }).success).toBe(true);
    expect(smtpSettingsInput.safeParse({ ...valid, from: 'Spend Manager <bills@acme.com>' }).success).toBe(true);
    expect(smtpSettingsInput.parse({ ...valid, from: 'x@y.z' }).from).toBe('x@y.z');
    expect(smtpSettingsInput.parse({ ...valid, from: 'Alerts <alerts@localhost>' }).from).toBe('Alerts <alerts@localhost>');
  });

  it('words every mistake for the form', () => {
    expect(messages({ host: '', port: 0, security: 'ssl', username: 'a\nb', from: 'bills at acme', password: 42 })).toEqual({
      host: 'Host is required',
      port: 'Port must be between 1 and 65535',
      security: 'Security must be one of: none, starttls or tls',
      username: 'Username must not contain line breaks or control characters',
      from: 'Sender must be an email address, like reminders@company.com or "Spend Manager <reminders@company.com>"',
      password: 'Password must be text',
    });
    expect(messages({ ...valid, port: 70000 })).toEqual({ port: 'Port must be between 1 and 65535' });
    expect(messages({ ...valid, port: 58.5 })).toEqual({ port: 'Port must be a whole number' });
    expect(messages({ ...valid, port: '587' })).toEqual({ port: 'Port must be a number' });
    const shape = 'Host must be a host name like smtp.example.com, an IPv4 address like 192.0.2.25, or an IPv6 address in brackets like [2001:db8::25]';
    expect(messages({ ...valid, host: 'smtp..acme.com' })).toEqual({ host: shape });
    expect(messages({ ...valid, host: '999.1.1.1' })).toEqual({ host: shape });
    expect(messages({ ...valid, from: 'Bills <bills@acme.com>\r\nBcc: x@evil.com' })).toHaveProperty('from');
  });

  it('refuses unknown fields', () => {
    expect(messages({ ...valid, rejectUnauthorized: false })).toEqual({ '(form)': 'Unknown field: rejectUnauthorized' });
    expect(messages('smtp://x')).toEqual({ '(form)': 'SMTP settings must be an object' });
  });
});
