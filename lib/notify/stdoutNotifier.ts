/**
 * Writes the digest to a text stream: the notifier of local runs.
 *
 * @module
 */
import type { Notification, Notifier } from './types.js';

/** A writable text stream. */
interface TextSink {
  write(text: string): unknown;
}

/**
 * Writes the subject, a blank line and the body.
 *
 * @example
 * const notifier = new StdoutNotifier(process.stderr);
 */
class StdoutNotifier implements Notifier {
  readonly #stream: TextSink;

  /** @param stream - @default process.stdout */
  constructor(stream: TextSink = process.stdout) {
    this.#stream = stream;
  }

  /** {@inheritDoc Notifier.notify} */
  async notify(notification: Notification): Promise<void> {
    const body = notification.body.endsWith('\n')
      ? notification.body
      : `${notification.body}\n`;
    this.#stream.write(`${notification.subject}\n\n${body}`);
  }
}

export type { TextSink };
export { StdoutNotifier };
