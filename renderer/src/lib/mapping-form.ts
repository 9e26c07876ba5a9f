// State of the "which of their fields is our field" form shown after a JSON-lines or CSV
// import. Kept as plain data and pure functions so the component stays a thin view.
import { MAPPABLE_FIELDS, type ImportOptions } from '../../../shared/api.js';

export type MappableField = (typeof MAPPABLE_FIELDS)[number];
export type FieldMapping = NonNullable<ImportOptions['mapping']>;

/** The contract's limit on one source field name. */
export const MAX_SOURCE_FIELD = 200;

export interface MappingRow {
  field: MappableField;
  /** The file's field (a dot path into nested JSON, or a CSV header). */
  value: string;
}

export interface MappingForm {
  rows: MappingRow[];
  /** What the import used, to tell an edit from the original and to unmap removed fields. */
  original: Partial<Record<MappableField, string>>;
}

export function isMappableField(name: string): name is MappableField {
  return (MAPPABLE_FIELDS as readonly string[]).includes(name);
}

const order = (f: MappableField) => MAPPABLE_FIELDS.indexOf(f);
const byContractOrder = (a: MappingRow, b: MappingRow) => order(a.field) - order(b.field);

/** The form for what an import answered; names the contract does not know are left out. */
export function initMappingForm(mapping: Readonly<Record<string, string>> | undefined): MappingForm {
  const original: Partial<Record<MappableField, string>> = {};
  const rows: MappingRow[] = [];
  for (const [field, value] of Object.entries(mapping ?? {})) {
    if (!isMappableField(field)) continue;
    original[field] = value;
    rows.push({ field, value });
  }
  return { rows: rows.sort(byContractOrder), original };
}

export function setFieldValue(form: MappingForm, field: MappableField, value: string): MappingForm {
  return { ...form, rows: form.rows.map((r) => (r.field === field ? { field, value } : r)) };
}

export function addField(form: MappingForm, field: MappableField, value = ''): MappingForm {
  if (form.rows.some((r) => r.field === field)) return form;
  return { ...form, rows: [...form.rows, { field, value }].sort(byContractOrder) };
}

export function removeField(form: MappingForm, field: MappableField): MappingForm {
  return { ...form, rows: form.rows.filter((r) => r.field !== field) };
}

/** Our fields not in the form yet, in the contract's order, for the "add field" choice. */
export function unmappedFields(form: MappingForm): MappableField[] {
  const used = new Set(form.rows.map((r) => r.field));
  return MAPPABLE_FIELDS.filter((f) => !used.has(f));
}

/**
 * The mapping to send with sources.reimport. A field the import had mapped and the user
 * removed or emptied goes as null, so the importer does not just guess it again; a field
 * added and left empty is not sent at all.
 */
export function toFieldMapping(form: MappingForm): FieldMapping {
  const out: FieldMapping = {};
  for (const field of Object.keys(form.original)) {
    if (isMappableField(field)) out[field] = null;
  }
  for (const { field, value } of form.rows) {
    const v = value.trim();
    if (v !== '') out[field] = v;
  }
  return out;
}

/** True when sending the form would change what the import used. */
export function isDirty(form: MappingForm): boolean {
  const next = toFieldMapping(form);
  const keys = new Set([...Object.keys(next), ...Object.keys(form.original)].filter(isMappableField));
  for (const k of keys) {
    if ((next[k] ?? null) !== (form.original[k] ?? null)) return true;
  }
  return false;
}

/** One sentence per problem that would make the core refuse the mapping. */
export function mappingProblems(form: MappingForm): string[] {
  const problems: string[] = [];
  for (const { field, value } of form.rows) {
    if (value.trim().length > MAX_SOURCE_FIELD) problems.push(`The name for ${field} is longer than ${MAX_SOURCE_FIELD} characters.`);
  }
  return problems;
}
