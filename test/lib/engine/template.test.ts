import { describe, expect, it } from 'vitest';
import { CATALOG, missingCatalogIds } from '../../../lib/engine/catalog.js';
import {
  compileExpression,
  paramCelType,
} from '../../../lib/engine/celEnvironment.js';
import {
  compileTemplate,
  formatValue,
  templateExpressions,
  toJsonValue,
} from '../../../lib/engine/template.js';
import type { CelContext } from '../../../lib/engine/types.js';

const context = (resource: unknown): CelContext => ({
  resource,
  params: { limit: 10 },
  target: { accountId: '111111111111', region: 'us-east-1', accountName: '' },
  now: new Date('2026-01-01T00:00:00Z'),
});

describe('formatValue', () => {
  it.each([
    ['a string', 'subnet-1', 'subnet-1'],
    ['an integral double', 42, '42'],
    ['a fraction, rounded to two decimals', 7.142857, '7.14'],
    ['a CEL int', 3n, '3'],
    ['a boolean', false, 'false'],
    ['a list', ['a', 1.5], 'a, 1.5'],
    ['an empty list', [], 'none'],
    [
      'a timestamp',
      new Date('2026-01-01T00:00:00Z'),
      '2026-01-01T00:00:00.000Z',
    ],
    ['a map', new Map([['k', 1n]]), '{"k":1}'],
    ['an object', { a: [1n] }, '{"a":[1]}'],
    ['null', null, 'null'],
  ])('renders %s', (_name, value, expected) => {
    // Act & Assess
    expect(formatValue(value)).toBe(expected);
  });
});

describe('toJsonValue', () => {
  it('turns CEL values into plain JSON', () => {
    // Act
    const value = toJsonValue({
      count: 2n,
      when: new Date('2026-01-01T00:00:00Z'),
      list: [1n, 'a'],
      map: new Map([['k', 3n]]),
    });

    // Assess
    expect(value).toEqual({
      count: 2,
      when: '2026-01-01T00:00:00.000Z',
      list: [1, 'a'],
      map: { k: 3 },
    });
  });
});

describe('compileTemplate', () => {
  it('renders placeholders with CEL over resource, params and target', () => {
    // Prepare
    const template =
      'Subnet {{ resource.id }} in {{target.accountId}}/{{target.region}} has {{resource.free}} of {{params.limit}} ({{resource.free / params.limit * 100.0}} %).';

    // Act
    const render = compileTemplate(template, compileExpression);

    // Assess
    expect(templateExpressions(template)).toEqual([
      'resource.id',
      'target.accountId',
      'target.region',
      'resource.free',
      'params.limit',
      'resource.free / params.limit * 100.0',
    ]);
    expect(render(context({ id: 'subnet-1', free: 3 }))).toBe(
      'Subnet subnet-1 in 111111111111/us-east-1 has 3 of 10 (30 %).',
    );
  });

  it('returns the text itself when there is no placeholder', () => {
    // Act
    const render = compileTemplate('Nothing to fill in.', compileExpression);

    // Assess
    expect(render(context({}))).toBe('Nothing to fill in.');
  });
});

describe('paramCelType', () => {
  it.each([
    [10, 'double'],
    ['x', 'string'],
    [true, 'bool'],
    [['a'], 'list<string>'],
    [[], 'list<string>'],
    [[1, 2], 'list<double>'],
    [[1, 'a'], 'list<dyn>'],
    [{ a: 'b' }, 'map<string, string>'],
    [{ a: 1 }, 'map<string, dyn>'],
    [null, 'dyn'],
  ])('types the default %j as %s', (value, type) => {
    // Act & Assess
    expect(paramCelType(value)).toBe(type);
  });
});

describe('catalog', () => {
  it('holds the 69 rules of the domain reference and the 14 of the services companion with their base severity', () => {
    // Assess
    expect(Object.keys(CATALOG)).toHaveLength(83);
    expect(CATALOG['NET-LB-005']).toBe('info');
    expect(CATALOG['NET-LB-012']).toBe('high');
    expect(CATALOG['NET-SUB-001']).toBe('critical');
    expect(CATALOG['NET-OBS-001']).toBe('medium');
    expect(CATALOG['NET-CNI-013']).toBe('info');
  });

  it('lists the catalog ids that have no policy yet', () => {
    // Act
    const missing = missingCatalogIds(
      Object.keys(CATALOG).filter((id) => id !== 'NET-EP-002'),
    );

    // Assess
    expect(missing).toEqual(['NET-EP-002']);
  });
});
