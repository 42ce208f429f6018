#!/usr/bin/env node
// Checks what the test suite needs outside npm and says how to get it, the way
// `playwright install-deps` does. Exits 1 with one clear line per missing tool.
import { spawnSync } from 'node:child_process';

const missing = [];
const moto = spawnSync('python3', ['-c', 'import moto, flask'], {
  encoding: 'utf8',
});
if (moto.status !== 0) {
  missing.push(
    "moto's server is not importable by python3: install it with " +
      "`pip install 'moto[server]==5.2.1'` (the integration tests start " +
      '`python3 -m moto.server` on a loopback port).',
  );
}
if (missing.length > 0) {
  for (const line of missing) console.error(`check-test-deps: ${line}`);
  process.exit(1);
}
