import { describe, expect, it } from 'vitest';
import { diffScans, indexPreviousScan } from '../../../lib/findings/diff.js';
import { makeResult } from '../../helpers/results.js';

describe('diffScans', () => {
  it('classifies failing results as regressed, new, persisting, resolved and unverified', () => {
    // Prepare
    const previous = indexPreviousScan('scan-1', [
      makeResult({ resourceId: 'a', status: 'pass' }),
      makeResult({ resourceId: 'b', status: 'fail' }),
      makeResult({ resourceId: 'c', status: 'fail' }),
      makeResult({ resourceId: 'd', status: 'fail' }),
      makeResult({ resourceId: 'e', status: 'fail' }),
      makeResult({ resourceId: 'f', status: 'unknown' }),
    ]);
    const current = [
      makeResult({ resourceId: 'a', status: 'fail' }),
      makeResult({ resourceId: 'b', status: 'fail' }),
      makeResult({ resourceId: 'c', status: 'pass' }),
      makeResult({ resourceId: 'd', status: 'unknown' }),
      makeResult({ resourceId: 'f', status: 'fail' }),
      makeResult({ resourceId: 'g', status: 'fail' }),
    ];

    // Act
    const diff = diffScans(current, previous);

    // Assess
    const ids = (list: { resourceId: string }[]) =>
      list.map((f) => f.resourceId);
    expect(diff.previousScanId).toBe('scan-1');
    expect(ids(diff.regressed)).toEqual(['a']);
    expect(ids(diff.new)).toEqual(['f', 'g']);
    expect(ids(diff.persisting)).toEqual(['b']);
    expect(ids(diff.resolved)).toEqual(['c']);
    // d is unknown now and e vanished from a target that was not scanned completely.
    expect(ids(diff.unverified)).toEqual(['d', 'e']);
  });

  it('treats a failing resource that vanished from a completely scanned target as resolved', () => {
    // Prepare
    const previous = indexPreviousScan('scan-1', [
      makeResult({ resourceId: 'gone', status: 'fail' }),
      makeResult({
        resourceId: 'elsewhere',
        status: 'fail',
        region: 'eu-west-1',
      }),
    ]);

    // Act
    const diff = diffScans([], previous, new Set(['111111111111/us-east-1']));

    // Assess
    expect(diff.resolved.map((f) => f.resourceId)).toEqual(['gone']);
    expect(diff.unverified.map((f) => f.resourceId)).toEqual(['elsewhere']);
  });

  it('calls every failing result new on a first scan and sorts most severe first', () => {
    // Prepare
    const current = [
      makeResult({ resourceId: 'x', severity: 'low' }),
      makeResult({ resourceId: 'y', severity: 'critical' }),
      makeResult({ resourceId: 'z', severity: 'high', status: 'pass' }),
    ];

    // Act
    const diff = diffScans(current);

    // Assess
    expect(diff.previousScanId).toBeUndefined();
    expect(diff.new.map((f) => [f.resourceId, f.severity])).toEqual([
      ['y', 'critical'],
      ['x', 'low'],
    ]);
    expect(diff.resolved).toEqual([]);
  });
});
