import { describe, expect, it } from 'vitest';
import {
  newScanId,
  SCAN_ID_PATTERN,
  snapshotKey,
  statusKey,
  summaryKey,
} from '../../../lib/store/keys.js';

describe('newScanId', () => {
  it('stamps the UTC second and a random suffix, safe in file names', () => {
    // Act
    const id = newScanId(new Date('2026-11-26T10:38:02.987Z'), () => '3fa1');

    // Assess
    expect(id).toBe('2026-11-26T10-38-02Z-3fa1');
    expect(id).toMatch(SCAN_ID_PATTERN);
  });

  it('sorts ids by time, across seconds, days and years', () => {
    // Prepare
    const times = [
      '2027-01-01T00:00:00Z',
      '2026-11-26T10:38:02Z',
      '2026-11-26T10:38:03Z',
      '2026-12-01T09:00:00Z',
    ];

    // Act
    const ids = times.map((t) => newScanId(new Date(t)));

    // Assess
    expect([...ids].sort()).toEqual(
      [...times].sort().map((t) => ids[times.indexOf(t)]),
    );
    for (const id of ids) expect(id).toMatch(SCAN_ID_PATTERN);
  });
});

describe('store keys', () => {
  const target = { accountId: '111122223333', region: 'eu-west-1' };
  const scanId = '2026-11-26T10-38-02Z-3fa1';

  it('follow the ARCHITECTURE §3 layout', () => {
    // Act + Assess
    expect(snapshotKey(scanId, target)).toBe(
      'scans/2026-11-26T10-38-02Z-3fa1/targets/111122223333/eu-west-1/snapshot.json.gz',
    );
    expect(statusKey(scanId, target)).toBe(
      'scans/2026-11-26T10-38-02Z-3fa1/targets/111122223333/eu-west-1/status.json',
    );
    expect(summaryKey(scanId)).toBe(
      'scans/2026-11-26T10-38-02Z-3fa1/summary.json',
    );
  });

  it.each([
    { scanId: '../x', target },
    { scanId, target: { accountId: '1111/2222', region: 'eu-west-1' } },
    { scanId, target: { accountId: '111122223333', region: '' } },
  ])(
    'refuses segments that could leave the tree ($scanId, $target.accountId, $target.region)',
    (input) => {
      // Act + Assess
      expect(() => statusKey(input.scanId, input.target)).toThrow(/invalid/);
    },
  );
});
