/**
 * Runs {@link benchEngine} in its own process and prints its measures as one
 * JSON line, so `bench/run.ts` can bound it with a timeout: `derive()` is
 * synchronous, and a slow one would otherwise stall the whole run.
 *
 * Usage: node bin/run-ts.js bench/engineChild.ts [enis]
 */
import { benchEngine } from './engine.js';

const [enis = '100000'] = process.argv.slice(2);
process.stdout.write(`${JSON.stringify(await benchEngine(Number(enis)))}\n`);
