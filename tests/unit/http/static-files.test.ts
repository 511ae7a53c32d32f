import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickStaticFile, resolveStaticPath } from '../../../main/http/static-files';
import { tempDir } from '../../support/temp';

describe('static files', () => {
  it('never resolves outside the root, however the path is spelled', () => {
    const root = '/srv/app';
    for (const evil of ['/../etc/passwd', '/assets/../../etc/passwd', '/%2e%2e/etc/passwd', '/..%2fetc/passwd', '/a%5c..%5c..%5cx', '/x%00.js', '/%E0%A4%A']) {
      expect(resolveStaticPath(root, evil), evil).toBeNull();
    }
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
  });

  it('serves assets, and index.html for app routes, but 404s a missing asset', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), '<html>');
    fs.writeFileSync(path.join(root, 'assets', 'a.js'), '1');
    expect(pickStaticFile(root, '/assets/a.js')).toBe(path.join(root, 'assets', 'a.js'));
    expect(pickStaticFile(root, '/subscriptions')).toBe(path.join(root, 'index.html'));
    expect(pickStaticFile(root, '/assets/missing.js')).toBeNull();
  });
});
