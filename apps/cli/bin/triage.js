#!/usr/bin/env node
// Runs the bundled CLI when it has been built, else the TypeScript sources through tsx.
const fs = require('node:fs');
const path = require('node:path');
const bundle = path.join(__dirname, '..', 'dist', 'main.js');
if (fs.existsSync(bundle)) {
  require(bundle);
} else {
  const { spawnSync } = require('node:child_process');
  const main = path.join(__dirname, '..', 'src', 'main.ts');
  const result = spawnSync(process.execPath, ['--conditions=@triage/source', '--import', 'tsx', main, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}
