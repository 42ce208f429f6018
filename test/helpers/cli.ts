/**
 * Runs the CLI in-process for tests, capturing what it writes.
 */
import { vi } from 'vitest';
import { main } from '../../lib/cli/main.js';

/** Runs `main` in-process and captures stdout and stderr. */
const runCli = async (
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> => {
  let stdout = '';
  let stderr = '';
  const out = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    });
  const err = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      stderr += chunk.toString();
      return true;
    });
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
};

export { runCli };
