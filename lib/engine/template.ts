/**
 * Message templates: text with `{{ <CEL expression> }}` placeholders, each
 * placeholder type-checked at load and rendered at evaluation.
 *
 * @module
 */
import type {
  CelContext,
  CompiledExpression,
  CompiledTemplate,
} from './types.js';

const PLACEHOLDER = /\{\{(.*?)\}\}/gs;

/** The placeholder expressions of a template, in order. */
const templateExpressions = (template: string): string[] =>
  [...template.matchAll(PLACEHOLDER)].map((match) => (match[1] ?? '').trim());

/**
 * Formats a CEL value for a message: numbers with at most two decimals, lists
 * joined with `, ` (`none` when empty), timestamps as ISO-8601.
 */
const formatValue = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? String(value)
      : String(Math.round(value * 100) / 100);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    return value.length === 0 ? 'none' : value.map(formatValue).join(', ');
  }
  if (value instanceof Map) {
    return JSON.stringify(Object.fromEntries(value), jsonReplacer);
  }
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(value, jsonReplacer);
};

/** `JSON.stringify` replacer for CEL values (BigInt, Map). */
const jsonReplacer = (_key: string, value: unknown): unknown => {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
};

/** Converts a CEL value into plain JSON (BigInt → number, Map → object). */
const toJsonValue = (value: unknown): unknown => {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    // Lists of strings (most evidence) are already JSON: share, do not copy.
    return value.every((item) => typeof item === 'string')
      ? value
      : value.map(toJsonValue);
  }
  if (value instanceof Map) {
    return Object.fromEntries(
      [...value].map(([key, item]) => [String(key), toJsonValue(item)]),
    );
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, toJsonValue(item)]),
    );
  }
  return value;
};

/**
 * Builds a renderer from a template whose placeholders were compiled (in
 * order) by `compile`.
 */
const compileTemplate = (
  template: string,
  compile: (expression: string) => CompiledExpression,
): CompiledTemplate => {
  const literals: string[] = [];
  const expressions: CompiledExpression[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    literals.push(template.slice(last, match.index));
    expressions.push(compile((match[1] ?? '').trim()));
    last = match.index + match[0].length;
  }
  const tail = template.slice(last);
  if (expressions.length === 0) return () => tail;
  return (context: CelContext): string => {
    let text = '';
    for (let index = 0; index < expressions.length; index++) {
      text +=
        literals[index] +
        formatValue((expressions[index] as CompiledExpression)(context));
    }
    return text + tail;
  };
};

export { compileTemplate, formatValue, templateExpressions, toJsonValue };
