/**
 * The shape check of a bound condition tree ({@link BoundNode}) given by a caller, before it is
 * compiled: the query functions of `crmkit/repository` take bound trees, which a type-correct program
 * gets from `bindCondition` (or builds by the same type).
 *
 * @module
 */
import type { CrmIssue, PathSegment } from '../core/errors.js';
import { crmIssue } from '../core/issues.js';
import { isFieldName, isResolvedFieldType, RESOLVED_FIELD_TYPE_LIST, type ResolvedFieldType } from './catalog.js';
import { MAX_CONDITION_DEPTH, MAX_CONDITION_NODES, operatorsFor } from './define.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}

/** Whether a bound value is of the form a field type compares with (dates as epoch ms, money as `{ amount, currency }`). */
function fits(type: ResolvedFieldType, op: string, v: unknown): boolean {
  switch (type) {
    case 'text':
    case 'list':
      return typeof v === 'string';
    case 'number':
    case 'date':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'money':
      return (
        isObject(v) &&
        typeof v['amount'] === 'string' &&
        DECIMAL.test(v['amount']) &&
        (v['currency'] === null || typeof v['currency'] === 'string')
      );
    case 'custom':
      return (
        typeof v === 'string' ||
        (op !== 'startsWith' &&
          op !== 'matches' &&
          (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))))
      );
    case 'json':
      return false;
  }
}

function fieldIssue(node: Record<string, unknown>, path: readonly PathSegment[]): CrmIssue | null {
  const { field, type, op } = node;
  if (!isResolvedFieldType(type))
    return crmIssue.invalidValue([...path, 'type'], 'a field type', type, RESOLVED_FIELD_TYPE_LIST);
  const t = type as ResolvedFieldType;
  const name =
    typeof field === 'string' && t === 'custom' && field.startsWith('customFields.') ? field.slice(13) : field;
  if (!isFieldName(name)) return crmIssue.invalidType([...path, 'field'], `a field name (${t})`, field);
  if (typeof op !== 'string' || !(operatorsFor(t) as readonly string[]).includes(op))
    return crmIssue.invalidValue([...path, 'op'], `an operator of a ${t} field`, op, operatorsFor(t));
  const value = (key: string, v: unknown): CrmIssue | null =>
    fits(t, op, v) ? null : crmIssue.invalidType([...path, key], `a bound ${t} value for '${op}'`, v);
  switch (op) {
    case 'isNull':
      return typeof node['value'] === 'boolean'
        ? null
        : crmIssue.invalidType([...path, 'value'], 'a boolean', node['value']);
    case 'in':
    case 'notIn': {
      const values = node['values'];
      if (!Array.isArray(values)) return crmIssue.invalidType([...path, 'values'], 'an array of bound values', values);
      for (let i = 0; i < values.length; i++) {
        const issue = value('values', values[i]);
        if (issue !== null) return { ...issue, path: [...path, 'values', i] };
      }
      return null;
    }
    case 'between':
      return value('low', node['low']) ?? value('high', node['high']);
    default:
      return value('value', node['value']);
  }
}

/**
 * The first problem of a bound condition tree, or `null` when it has the shape `bindCondition` gives:
 * combinators with parts, constants, field tests whose type, field name, operator and values agree
 * (text as strings, numbers and dates as finite numbers, money as `{ amount, currency }`), and extension
 * tests with their extension. At most {@link MAX_CONDITION_DEPTH} levels and
 * {@link MAX_CONDITION_NODES} nodes; never recursive, so any nesting is safe. Getters of the tree are read
 * (what they throw goes through).
 */
export function boundIssue(root: unknown, rootPath: readonly PathSegment[] = []): CrmIssue | null {
  const stack: { node: unknown; path: readonly PathSegment[]; depth: number }[] = [
    { node: root, path: rootPath, depth: 0 },
  ];
  let count = 0;
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (depth > MAX_CONDITION_DEPTH) return crmIssue.tooDeep(path, 'Bound conditions', MAX_CONDITION_DEPTH);
    if (++count > MAX_CONDITION_NODES)
      return crmIssue.tooBig(path, 'the number of bound tests and combinators', MAX_CONDITION_NODES, true, 'more');
    if (!isObject(node)) return crmIssue.invalidType(path, 'a bound condition node (from bindCondition)', node);
    switch (node['kind']) {
      case 'all':
      case 'any': {
        const parts = node['parts'];
        if (!Array.isArray(parts)) return crmIssue.invalidType([...path, 'parts'], 'an array of bound nodes', parts);
        for (let i = parts.length - 1; i >= 0; i--)
          stack.push({ node: parts[i], path: [...path, 'parts', i], depth: depth + 1 });
        break;
      }
      case 'not':
        stack.push({ node: node['part'], path: [...path, 'part'], depth: depth + 1 });
        break;
      case 'const':
        if (typeof node['value'] !== 'boolean')
          return crmIssue.invalidType([...path, 'value'], 'a boolean', node['value']);
        break;
      case 'field': {
        const issue = fieldIssue(node, path);
        if (issue !== null) return issue;
        break;
      }
      case 'extension': {
        const ext = node['extension'];
        if (!isObject(ext) || typeof ext['compile'] !== 'function')
          return crmIssue.invalidType([...path, 'extension'], 'a ConditionExtension', ext);
        if (!isObject(node['test']))
          return crmIssue.invalidType([...path, 'test'], 'the JSON of the test', node['test']);
        break;
      }
      default:
        return crmIssue.invalidValue([...path, 'kind'], 'a bound node kind', node['kind'], [
          'all',
          'any',
          'not',
          'const',
          'field',
          'extension',
        ]);
    }
  }
  return null;
}
