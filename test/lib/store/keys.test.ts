import { describe, expect, it } from 'vitest';
import {
  inventoryKey,
  newScanId,
  REPORT_FILES,
  reportKey,
  resultsKey,
  SCAN_ID_PATTERN,
  snapshotKey,
  statusKey,
  summaryKey,
  targetsPrefix,
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
    expect(resultsKey(scanId, target)).toBe(
      'scans/2026-11-26T10-38-02Z-3fa1/targets/111122223333/eu-west-1/results.jsonl',
    );
    expect(inventoryKey(scanId, target)).toBe(
      'scans/2026-11-26T10-38-02Z-3fa1/targets/111122223333/eu-west-1/inventory.json',
    );
    expect(targetsPrefix(scanId)).toBe(
      'scans/2026-11-26T10-38-02Z-3fa1/targets/',
    );
  });

  it('puts every report file beside targets/, where no target key can collide', () => {
    // Act
    const keys = REPORT_FILES.map((file) => reportKey(scanId, file));

    // Assess
    expect(keys).toEqual([
      'scans/2026-11-26T10-38-02Z-3fa1/summary.json',
      'scans/2026-11-26T10-38-02Z-3fa1/digest.txt',
      'scans/2026-11-26T10-38-02Z-3fa1/report.md',
      'scans/2026-11-26T10-38-02Z-3fa1/report.html',
      'scans/2026-11-26T10-38-02Z-3fa1/findings.ocsf.json',
      'scans/2026-11-26T10-38-02Z-3fa1/findings.asff.json',
    ]);
    for (const key of keys)
      expect(key.startsWith(targetsPrefix(scanId))).toBe(false);
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
