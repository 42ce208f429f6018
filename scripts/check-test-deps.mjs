#!/usr/bin/env node
// Checks what the test suite needs outside npm and says how to get it, the way
// `playwright install-deps` does. Exits 1 with one clear line per missing tool.
// Chromium (for the browser test of report.html) is installed from Debian when
// this runs as root with apt-get, since that needs no prompt and no download
// from outside the distribution's mirrors.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
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

const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
if (cfnLint.status !== 0) {
  missing.push(
    'cfn-lint is not on PATH: install it with `pip install cfn-lint` ' +
      '(the deployment tests lint the packaged CloudFormation template and ' +
      'deploy/member-role.yml with it).',
  );
}

const hasAptGet = () =>
  spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status ===
  0;

const installChromium = () => {
  console.error(
    `check-test-deps: ${CHROMIUM} is missing; installing Debian's chromium with apt-get (once).`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update'],
    ['install', '-y', '--no-install-recommends', 'chromium'],
  ]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (run.status !== 0) return false;
  }
  return existsSync(CHROMIUM);
};

if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!(isRoot && hasAptGet() && installChromium())) {
    missing.push(
      `${CHROMIUM} is missing: install Debian's Chromium with ` +
        '`sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium` ' +
        '(the browser test opens report.html in it through playwright-core).',
    );
  }
}

if (missing.length > 0) {
  for (const line of missing) console.error(`check-test-deps: ${line}`);
  process.exit(1);
}
