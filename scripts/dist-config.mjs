// The electron-builder configuration `npm run dist` packages with: electron-builder.yml, plus what
// differs per platform, as a pure function tested for linux, darwin and win32
// (tests/unit/electron/dist-config.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function readBuilderConfig(root) {
  return require('js-yaml').load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
}

/**
 * - macOS and Windows: Electron validates app.asar against the hash electron-builder embeds
 *   (with onlyLoadAppFromAsar, no other app code loads). Linux has no such check in Electron.
 * - macOS: the committed config signs ad-hoc (identity "-", no hardened runtime, whose library
 *   validation refuses ad-hoc code), so the unsigned arm64 build launches. With a Developer ID
 *   (CSC_LINK or CSC_NAME set) it signs with that identity and the hardened runtime, for notarization.
 */
export function builderConfig(base, { platform, env }) {
  const config = JSON.parse(JSON.stringify(base)); // YAML gives plain data: a deep copy
  if (platform === 'darwin' || platform === 'win32') {
    config.electronFuses = { ...config.electronFuses, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true };
  }
  if (platform === 'darwin' && (env.CSC_LINK || env.CSC_NAME)) {
    config.mac = { ...config.mac, hardenedRuntime: true };
    if (env.CSC_NAME) config.mac.identity = env.CSC_NAME;
    else delete config.mac.identity; // electron-builder finds the Developer ID imported from CSC_LINK
  }
  return config;
}

/** What the packaged app must ship, checked before packaging: keytar is optional for `npm ci`, not for the installer. */
export function packagingProblem({ keytarBuilt }) {
  if (keytarBuilt) return null;
  return 'the keychain module (keytar) is not built in node_modules (it is optional for npm ci, but the installer must ship it): install its build requirements (Debian/Ubuntu: sudo apt-get install libsecret-1-dev), then run npm ci again';
}

export function keytarBuilt(root) {
  return fs.existsSync(path.join(root, 'node_modules', 'keytar', 'build', 'Release', 'keytar.node'));
}
