#!/usr/bin/env node
// Electronegativity (Doyensec's Electron security scanner) over main/, preload/ and renderer/, as an
// outside auditor would run it: `-e 45.5.0`, the Electron this app ships. Exits 1 on any HIGH or
// MEDIUM finding; `npm test` records it as its own suite. Offline: the one check that downloads
// Electron's release list (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK) is left out, so the result does
// not change with the network or the day; Electron upgrades are a dependency update, not a scan.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from './build-lib.mjs';

export const SCANNED = ['main', 'preload', 'renderer'];
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/** One CSV line of Electronegativity's report, quotes respected. */
function csvFields(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(field.trim());
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field.trim());
  return fields;
}

/** The findings of a CSV report (`-o report.csv`), with counts per severity. */
export function readReport(csv) {
  const [header, ...lines] = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const names = csvFields(header ?? '').map((h) => h.toLowerCase());
  const findings = lines.map((line) => Object.fromEntries(csvFields(line).map((value, i) => [names[i], value])));
  const counts = { HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 };
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return { findings, counts, blocking: findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM') };
}

export function scan({ electronVersion = '45.5.0' } = {}) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-electronegativity-'));
  try {
    // One folder with the three parts side by side: its global checks look at the app as a whole.
    const input = path.join(work, 'app');
    for (const dir of SCANNED) fs.cpSync(path.join(root, dir), path.join(input, dir), { recursive: true });
    const report = path.join(work, 'report.csv');
    const cli = path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
    const run = spawnSync(process.execPath, [cli, '-i', input, '-e', electronVersion, '-r', '-v', 'false', '-x', EXCLUDED_CHECKS.join(','), '-o', report], { encoding: 'utf8', timeout: 5 * 60_000 });
    if (run.status !== 0 || !fs.existsSync(report)) {
      return { error: `electronegativity exited with ${run.status}: ${`${run.stdout}${run.stderr}`.trim().split('\n').pop()}` };
    }
    return readReport(fs.readFileSync(report, 'utf8'));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  const result = scan();
  if (result.error) {
    console.error(result.error);
    return 1;
  }
  for (const f of result.findings) console.log(`  ${f.severity.padEnd(7)} ${f.issue}  ${f.filename}:${f.location}  ${f.description}`);
  const { HIGH, MEDIUM, LOW } = result.counts;
  console.log(`Electronegativity over ${SCANNED.join('/, ')}/ (Electron 45.5.0): ${HIGH} HIGH, ${MEDIUM} MEDIUM, ${LOW} LOW`);
  return result.blocking.length === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
