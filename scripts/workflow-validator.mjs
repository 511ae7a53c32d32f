// GitHub's own workflow parser (@actions/workflow-parser: the schema GitHub validates workflows
// with ships inside the package, so this runs offline). The package imports its JSON schema
// without an import attribute, which plain Node refuses: esbuild bundles it first.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { root } from './build-lib.mjs';

let parser = null;

async function loadParser() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-workflow-parser-'));
  try {
    const outfile = path.join(dir, 'parser.cjs');
    await build({
      stdin: { contents: "export { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } from '@actions/workflow-parser';", resolveDir: root, loader: 'js' },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      outfile,
      logLevel: 'silent',
    });
    return createRequire(import.meta.url)(outfile);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every error GitHub would report for this workflow file: schema, expressions, jobs and needs. */
export async function workflowErrors(content, name = 'workflow.yml') {
  parser ??= await loadParser();
  const parsed = parser.parseWorkflow({ name: path.basename(name), content }, new parser.NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value) {
    const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value);
    for (const e of template.errors ?? []) errors.push(e.Message ?? e.message ?? String(e));
  }
  return [...new Set(errors)];
}
