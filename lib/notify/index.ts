/**
 * Notifiers: where the digest of a finished scan goes.
 *
 * @module
 */
export { SnsNotifier, validateTopicArn } from './snsNotifier.js';
export { StdoutNotifier, type TextSink } from './stdoutNotifier.js';
export type { Notification, Notifier } from './types.js';
