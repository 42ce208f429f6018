/**
 * Per-target progress of `snapshot` and `scan` on stderr: a bar on a TTY
 * (targets done / total, current account), one line per target otherwise.
 *
 * @module
 */
import { MultiBar, Presets } from 'cli-progress';
import type { TargetRunStatus } from '../run/types.js';
import type { Target } from '../snapshot/types.js';

/** A writable text stream (stderr by default). */
interface TextOut {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Callbacks to hand to `runTargets`/`runScan`, and `stop()` at the end. */
interface Progress {
  readonly onPlanned: (total: number) => void;
  readonly onStart: (target: Target) => void;
  readonly onStatus: (status: TargetRunStatus) => void;
  /** Flushes the last lines and removes the bar. */
  stop(): void;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/** One line per finished target, e.g. `111122223333 eu-west-1 ok clusters=2 …`. */
const statusLine = (status: TargetRunStatus): string =>
  status.status === 'ok'
    ? `${status.accountId} ${status.region} ok clusters=${status.clusters} enis=${status.enis} gaps=${status.gaps} calls=${status.apiCalls} ${seconds(status.durationMs)}`
    : `${status.accountId} ${status.region} error ${status.reason ?? ''} calls=${status.apiCalls} ${seconds(status.durationMs)}`;

/**
 * Progress on `stream`: a bar when it is a TTY, plain lines otherwise (CI
 * logs), so stdout stays free for the chosen output format.
 */
const createProgress = (stream: TextOut): Progress => {
  const multibar = stream.isTTY
    ? new MultiBar(
        {
          stream: stream as NodeJS.WritableStream,
          format: ' {bar} {value}/{total} targets  {account}',
          hideCursor: true,
          clearOnComplete: true,
        },
        Presets.shades_classic,
      )
    : undefined;
  let bar: ReturnType<MultiBar['create']> | undefined;
  return {
    onPlanned: (total) => {
      bar = multibar?.create(total, 0, { account: '' });
    },
    onStart: (target) => {
      bar?.update({
        account: `${target.accountName ?? target.accountId} ${target.region}`,
      });
    },
    onStatus: (status) => {
      if (multibar) {
        multibar.log(`${statusLine(status)}\n`);
        bar?.increment();
      } else {
        stream.write(`${statusLine(status)}\n`);
      }
    },
    stop: () => {
      // log() only buffers until the next redraw: flush it before stopping,
      // or the last targets' lines would be lost on a fast scan.
      multibar?.update();
      multibar?.stop();
    },
  };
};

export type { Progress, TextOut };
export { createProgress, statusLine };
