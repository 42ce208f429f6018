/**
 * Contracts of the notifiers.
 *
 * @module
 */

/** What a notifier sends: the digest and its severity counts. */
interface Notification {
  /** Digest subject, shorter than 100 characters. */
  readonly subject: string;
  /** Digest body (plain text, fits one SNS message). */
  readonly body: string;
  /** Numeric attributes subscribers can filter on, e.g. `new_critical`. */
  readonly attributes: Readonly<Record<string, number>>;
}

/**
 * Sends the digest of a finished scan. Called only after every result and
 * report of the scan is in the store.
 */
interface Notifier {
  /** Publishes `notification`; failures are `SinkError`s naming the sink. */
  notify(notification: Notification): Promise<void>;
}

export type { Notification, Notifier };
