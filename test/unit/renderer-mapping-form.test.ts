import { describe, expect, it } from 'vitest';
import { FieldMappingSchema, MAPPABLE_FIELDS } from '../../shared/api.js';
import {
  addField,
  initMappingForm,
  isDirty,
  mappingProblems,
  removeField,
  setFieldValue,
  toFieldMapping,
  unmappedFields,
} from '../../renderer/src/lib/mapping-form.js';

describe('mapping form', () => {
  it('starts from what the import used, in the contract\'s field order, dropping names it does not know', () => {
    const form = initMappingForm({ message: 'msg', time: 'ts', color: 'hue', session_id: 'sid' });
    expect(form.rows).toEqual([
      { field: 'time', value: 'ts' },
      { field: 'message', value: 'msg' },
      { field: 'session_id', value: 'sid' },
    ]);
    expect(isDirty(form)).toBe(false);
    expect(initMappingForm(undefined).rows).toEqual([]);
  });

  it('offers every other field to add, and adding one twice changes nothing', () => {
    const form = initMappingForm({ time: 'ts' });
    expect(unmappedFields(form)).toEqual(MAPPABLE_FIELDS.filter((f) => f !== 'time'));
    const added = addField(form, 'user_id');
    expect(addField(added, 'user_id')).toBe(added);
    expect(unmappedFields(added)).not.toContain('user_id');
  });

  it('sends edited and added fields, trimmed', () => {
    let form = initMappingForm({ time: 'ts', message: 'msg' });
    form = setFieldValue(form, 'message', '  text ');
    form = addField(form, 'user_id', 'account.id');
    expect(toFieldMapping(form)).toEqual({ time: 'ts', message: 'text', user_id: 'account.id' });
    expect(isDirty(form)).toBe(true);
  });

  it('sends a removed or emptied field as null so the importer does not guess it again', () => {
    let form = initMappingForm({ time: 'ts', message: 'msg', level: 'lvl' });
    form = removeField(form, 'message');
    form = setFieldValue(form, 'level', '   ');
    expect(toFieldMapping(form)).toEqual({ time: 'ts', message: null, level: null });
    expect(isDirty(form)).toBe(true);
  });

  it('does not send a field added and left empty, and is not dirty for it', () => {
    const form = addField(initMappingForm({ time: 'ts' }), 'route');
    expect(toFieldMapping(form)).toEqual({ time: 'ts' });
    expect(isDirty(form)).toBe(false);
  });

  it('is clean again when an edit is undone', () => {
    const edited = setFieldValue(initMappingForm({ time: 'ts' }), 'time', 'when');
    expect(isDirty(edited)).toBe(true);
    expect(isDirty(setFieldValue(edited, 'time', 'ts'))).toBe(false);
  });

  it('builds what the contract accepts, and names what it would refuse', () => {
    let form = initMappingForm({ time: 'ts', status: 'code' });
    form = removeField(addField(form, 'session_id', 'visit.id'), 'status');
    expect(FieldMappingSchema.safeParse(toFieldMapping(form)).success).toBe(true);
    expect(mappingProblems(form)).toEqual([]);
    const long = setFieldValue(form, 'time', 'x'.repeat(201));
    expect(mappingProblems(long)).toEqual(['The name for time is longer than 200 characters.']);
    expect(FieldMappingSchema.safeParse(toFieldMapping(long)).success).toBe(false);
  });
});
