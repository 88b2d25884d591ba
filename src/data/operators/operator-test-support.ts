import type { DataRecord } from '../data-record.ts';
import { operatorsByName } from './index.ts';
import type { MapOutcome } from './operator-types.ts';

/** Applies a record-wise operator by name with parameters (defaults filled in) — for tests. */
export function applyOperator(name: string, record: DataRecord | string, params: object = {}): MapOutcome {
  const definition = operatorsByName.get(name)!;
  const operator = definition.create(definition.schema.parse(params));
  if (operator.kind !== 'map') throw new Error(`${name} is not record-wise`);
  return operator.apply(typeof record === 'string' ? { id: 't', text: record } : record);
}

export function outcomeKind(name: string, text: string, params: object = {}): MapOutcome['kind'] {
  return applyOperator(name, text, params).kind;
}
