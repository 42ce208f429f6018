import { describe, expect, it } from 'vitest';
import { StdoutNotifier } from '../../../lib/notify/stdoutNotifier.js';
import type { Notification } from '../../../lib/notify/types.js';

const notification: Notification = {
  subject: 'eks-netscan: 1 new critical in 2 accounts',
  body: 'Coverage: 4 of 4 targets scanned.',
  attributes: { new_critical: 1 },
};

describe('StdoutNotifier', () => {
  it('writes the subject, a blank line and the body', async () => {
    // Prepare
    let text = '';
    const notifier = new StdoutNotifier({
      write: (chunk: string) => (text += chunk),
    });

    // Act
    await notifier.notify(notification);

    // Assess
    expect(text).toBe(`${notification.subject}\n\n${notification.body}\n`);
  });
});
