/**
 * Field rules (internal).
 *
 * @module
 */
import type { CompiledPolicy } from './defineAccessPolicy.js';

/** The fields of `kind` that `role` may not read (or edit): top-level names and `customFields.<key>`. */
export function refusedFields(policy: CompiledPolicy, role: string, kind: string, action: 'read' | 'edit'): string[] {
  const out: string[] = [];
  for (const [field, rule] of policy.fields.get(kind) ?? []) if (rule[action].has(role)) out.push(field);
  return out;
}

/** Splits field names into top-level names and custom-field keys. */
export function splitFields(fields: readonly string[]): { top: Set<string>; custom: Set<string> } {
  const top = new Set<string>();
  const custom = new Set<string>();
  for (const f of fields)
    if (f.startsWith('customFields.')) custom.add(f.slice('customFields.'.length));
    else top.add(f);
  return { top, custom };
}
