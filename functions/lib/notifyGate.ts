/**
 * The report's notify threshold: a {@link Notifier} that passes the digest
 * on only when the scan has something worth an email.
 *
 * @module
 */
import type { Severity } from '../../lib/engine/types.js';
import { atOrAbove, SEVERITIES } from '../../lib/findings/severity.js';
import type { Notification, Notifier } from '../../lib/notify/types.js';
import type { NotifyThreshold } from './config.js';

/** A notifier that remembers whether it forwarded the digest. */
interface GatedNotifier extends Notifier {
  /** True once a digest went through to the inner notifier. */
  readonly published: boolean;
}

/**
 * True when the digest must be sent: the threshold is `always`, a new or
 * regressed finding is at or above the threshold severity, or a target
 * failed (lost coverage is never silent).
 */
const shouldNotify = (
  notification: Notification,
  threshold: NotifyThreshold,
): boolean => {
  if (threshold === 'always') return true;
  if ((notification.attributes.failed_targets ?? 0) > 0) return true;
  return SEVERITIES.some(
    (severity: Severity) =>
      atOrAbove(severity, threshold) &&
      (notification.attributes[`new_${severity}`] ?? 0) > 0,
  );
};

/**
 * Wraps `inner` so it only receives digests {@link shouldNotify} lets
 * through.
 *
 * @example
 * const notifier = gateNotifier(new SnsNotifier(sns, topicArn), 'high');
 */
const gateNotifier = (
  inner: Notifier,
  threshold: NotifyThreshold,
): GatedNotifier => {
  let published = false;
  return {
    get published() {
      return published;
    },
    async notify(notification) {
      if (!shouldNotify(notification, threshold)) return;
      await inner.notify(notification);
      published = true;
    },
  };
};

export type { GatedNotifier };
export { gateNotifier, shouldNotify };
