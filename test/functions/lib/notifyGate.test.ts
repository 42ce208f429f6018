import { describe, expect, it } from 'vitest';
import type { NotifyThreshold } from '../../../functions/lib/config.js';
import {
  gateNotifier,
  shouldNotify,
} from '../../../functions/lib/notifyGate.js';
import type { Notification } from '../../../lib/notify/types.js';

const notification = (
  counts: Partial<Record<string, number>>,
): Notification => ({
  subject: 'eks-netscan: test',
  body: 'body',
  attributes: {
    new_critical: 0,
    new_high: 0,
    new_medium: 0,
    new_low: 0,
    new_info: 0,
    failed_targets: 0,
    ...counts,
  } as Record<string, number>,
});

describe('shouldNotify', () => {
  it.each([
    ['always', {}, true],
    ['high', {}, false],
    ['high', { new_medium: 3, new_low: 9 }, false],
    ['high', { new_high: 1 }, true],
    ['high', { new_critical: 1 }, true],
    ['critical', { new_high: 5 }, false],
    ['critical', { new_critical: 1 }, true],
    ['info', { new_info: 1 }, true],
    ['low', { new_info: 4 }, false],
    ['critical', { failed_targets: 1 }, true],
  ] as const)(
    'with threshold %s and counts %j decides %s',
    (threshold, counts, expected) => {
      // Act
      const decision = shouldNotify(
        notification(counts),
        threshold as NotifyThreshold,
      );

      // Assess
      expect(decision).toBe(expected);
    },
  );
});

describe('gateNotifier', () => {
  it('forwards a digest above the threshold and records that it published', async () => {
    // Prepare
    const sent: Notification[] = [];
    const gate = gateNotifier(
      { notify: async (n) => void sent.push(n) },
      'high',
    );

    // Act
    await gate.notify(notification({ new_high: 2 }));

    // Assess
    expect(sent).toHaveLength(1);
    expect(gate.published).toBe(true);
  });

  it('holds back a digest below the threshold', async () => {
    // Prepare
    const sent: Notification[] = [];
    const gate = gateNotifier(
      { notify: async (n) => void sent.push(n) },
      'high',
    );

    // Act
    await gate.notify(notification({ new_low: 7 }));

    // Assess
    expect(sent).toEqual([]);
    expect(gate.published).toBe(false);
  });
});
