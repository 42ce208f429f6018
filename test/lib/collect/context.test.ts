import { describe, expect, it } from 'vitest';
import { errorCodeOf, messageOf } from '../../../lib/collect/context.js';

describe('errorCodeOf', () => {
  it.each([
    [
      'an EC2 service error',
      { name: 'UnauthorizedOperation' },
      'UnauthorizedOperation',
    ],
    [
      'an error carrying Code',
      { name: 'Error', Code: 'Throttling' },
      'Throttling',
    ],
    ['a request timeout', { name: 'TimeoutError' }, 'TimeoutError'],
    ['a socket timeout', { name: 'Error', code: 'ETIMEDOUT' }, 'TimeoutError'],
    [
      'a refused connection',
      { name: 'Error', code: 'ECONNREFUSED' },
      'NetworkError',
    ],
    [
      'an unknown DNS name',
      { name: 'Error', code: 'ENOTFOUND' },
      'NetworkError',
    ],
    ['an aborted request', { name: 'AbortError' }, 'Aborted'],
    ['a bare Error', new Error('boom'), 'UnknownError'],
    ['not an error at all', undefined, 'UnknownError'],
  ])('maps %s to its code', (_, error, expected) => {
    // Act
    const code = errorCodeOf(error);

    // Assess
    expect(code).toBe(expected);
  });

  it('reports Aborted for any error once the signal is aborted', () => {
    // Prepare
    const controller = new AbortController();
    controller.abort();

    // Act
    const code = errorCodeOf({ name: 'InternalError' }, controller.signal);

    // Assess
    expect(code).toBe('Aborted');
  });
});

describe('messageOf', () => {
  it('keeps the first line only and bounds its length', () => {
    // Prepare
    const error = new Error(`${'x'.repeat(400)}\n    at stack frame`);

    // Act
    const message = messageOf(error);

    // Assess
    expect(message).toHaveLength(300);
    expect(message.endsWith('…')).toBe(true);
    expect(message).not.toContain('stack');
  });
});
