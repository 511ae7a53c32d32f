import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script without type declarations
import { builderConfig, packagingProblem, readBuilderConfig } from '../../../scripts/dist-config.mjs';

const root = path.resolve(__dirname, '../../..');
const base = readBuilderConfig(root);
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('electron-builder.yml as committed', () => {
  it('an unsigned macOS build is signed ad-hoc, without the hardened runtime that would refuse ad-hoc code', () => {
    expect(base.mac.identity).toBe('-');
    expect(base.mac.hardenedRuntime).toBe(false);
  });

  it("re-signs ad-hoc right after flipping the fuses (arm64 macOS will not start a binary whose signature broke)", () => {
    expect(base.electronFuses.resetAdHocDarwinSignature).toBe(true);
  });

  it('flips the fuses that keep an installed app to its own code', () => {
    expect(base.electronFuses).toMatchObject({ runAsNode: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true, grantFileProtocolExtraPrivileges: false, enableCookieEncryption: true });
  });

  it('ships keytar (optional for npm ci, never for the installer) and better-sqlite3 with their .node files unpacked', () => {
    expect(pkg.optionalDependencies).toHaveProperty('keytar');
    expect(pkg.dependencies).not.toHaveProperty('keytar');
    expect(base.files).toEqual(expect.arrayContaining(['node_modules/keytar/package.json', 'node_modules/keytar/lib/**', 'node_modules/keytar/build/Release/keytar.node', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node']));
    expect(base.asarUnpack).toEqual(['**/*.node']);
  });
});

describe('what npm run dist packages with, per platform', () => {
  it('macOS and Windows: asar integrity validation with the app loaded only from the asar', () => {
    for (const platform of ['darwin', 'win32']) {
      expect(builderConfig(base, { platform, env: {} }).electronFuses).toMatchObject({ enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
    }
  });

  it('Linux: no asar integrity fuse (Electron validates the asar only on macOS and Windows)', () => {
    expect(builderConfig(base, { platform: 'linux', env: {} }).electronFuses.enableEmbeddedAsarIntegrityValidation).toBeUndefined();
    expect(builderConfig(base, { platform: 'linux', env: {} })).toEqual(base);
  });

  it('macOS with a Developer ID (CSC_LINK or CSC_NAME): signed with it, hardened runtime on, for notarization', () => {
    const named = builderConfig(base, { platform: 'darwin', env: { CSC_NAME: 'Developer ID Application: Spend Manager (ABCDE12345)' } });
    expect(named.mac).toMatchObject({ identity: 'Developer ID Application: Spend Manager (ABCDE12345)', hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist' });
    const fromP12 = builderConfig(base, { platform: 'darwin', env: { CSC_LINK: 'file:///secrets/cert.p12' } });
    expect(fromP12.mac.hardenedRuntime).toBe(true);
    expect(fromP12.mac).not.toHaveProperty('identity');
    expect(base.mac.identity).toBe('-'); // the committed config is left as it is
  });

  it('macOS without one (a pull request, a fork, a developer Mac): ad-hoc, launchable on Apple Silicon', () => {
    expect(builderConfig(base, { platform: 'darwin', env: {} }).mac).toMatchObject({ identity: '-', hardenedRuntime: false });
  });

  it('refuses to package an installer without keytar, saying how to get it', () => {
    expect(packagingProblem({ keytarBuilt: true })).toBeNull();
    expect(packagingProblem({ keytarBuilt: false })).toMatch(/keytar.*not built.*sudo apt-get install libsecret-1-dev\), then run npm ci again/);
  });
});

describe('package.json', () => {
  it("no allowScripts entry for electron: electron 45.5.0 has no install script to allow or deny", () => {
    const electron = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'));
    const lifecycle = ['preinstall', 'install', 'postinstall'].filter((s) => electron.scripts?.[s]);
    expect(lifecycle).toEqual([]);
    expect(pkg.allowScripts).not.toHaveProperty('electron');
  });

  it('states the Node that browser mode and the tests need', () => {
    expect(pkg.engines.node).toBe('>=20.19.0');
  });
});
