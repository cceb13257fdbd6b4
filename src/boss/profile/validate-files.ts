import { ProfileError } from './errors.ts';
import { at, map, obj, oneOf, str, type Json } from './json.ts';
import { readElements, type FieldContext } from './validate-fields.ts';
import type { FieldDef, FileChecks, FileLayout, Profile, TextEncodingName } from './types.ts';

/** The daily exchange files. [bank-interface §7] */
export function readFiles(value: Json, path: string, context: FieldContext, encoding: TextEncodingName): Profile['files'] {
  const record = obj(value, path, ['lineEnd', 'flagSuffix', 'layouts']);
  const lineEnd = oneOf(record.lineEnd, at(path, 'lineEnd'), ['\r\n', '\n']);
  const flagSuffix = str(record.flagSuffix, at(path, 'flagSuffix'), /^[^/\\]+$/, 'a file name suffix');
  const layouts: Record<string, FileLayout> = {};
  for (const [id, layout] of map(record.layouts, at(path, 'layouts'))) {
    layouts[id] = readLayout(id, layout, at(at(path, 'layouts'), id), context, encoding);
  }
  return { lineEnd, flagSuffix, layouts };
}

function readLayout(id: string, value: Json, path: string, context: FieldContext, encoding: TextEncodingName): FileLayout {
  const record = obj(value, path, ['name', 'direction', 'title', 'titleZh', 'header', 'detail', 'checks']);
  const name = str(record.name, at(path, 'name'), /^[^{}/\\]*\{YYYYMMDD\}[^{}/\\]*$/, 'a file name with {YYYYMMDD} once');
  const direction = oneOf(record.direction, at(path, 'direction'), ['in', 'out'] as const);
  const header = readElements(record.header, at(path, 'header'), context, encoding, false) as FieldDef[];
  const detail = readElements(record.detail, at(path, 'detail'), context, encoding, false) as FieldDef[];
  const checks = readChecks(record.checks ?? {}, at(path, 'checks'), header, detail);
  return {
    id,
    name,
    direction,
    title: str(record.title, at(path, 'title')),
    ...(record.titleZh === undefined ? {} : { titleZh: str(record.titleZh, at(path, 'titleZh')) }),
    header,
    detail,
    checks,
  };
}

function readChecks(value: Json, path: string, header: readonly FieldDef[], detail: readonly FieldDef[]): FileChecks {
  const record = obj(value, path, ['count', 'total', 'date']);
  const pick = (v: Json, p: string, list: readonly FieldDef[], kinds: readonly string[]): string => {
    const name = str(v, p);
    const field = list.find((f) => f.name === name);
    if (!field) throw new ProfileError(p, `'${name}' is not a field of the ${list === header ? 'header' : 'detail'} line`);
    if (!kinds.includes(field.format.kind)) throw new ProfileError(p, `'${name}' must have a format of kind ${kinds.join(' or ')}`);
    return name;
  };
  const checks: { count?: string; total?: FileChecks['total']; date?: string } = {};
  if (record.count !== undefined) checks.count = pick(record.count, at(path, 'count'), header, ['integer']);
  if (record.date !== undefined) checks.date = pick(record.date, at(path, 'date'), header, ['date']);
  if (record.total !== undefined) {
    const totalPath = at(path, 'total');
    const total = obj(record.total, totalPath, ['field', 'sum', 'where']);
    const where: Record<string, string> = {};
    for (const [key, v] of map(total.where ?? {}, at(totalPath, 'where'))) {
      pick(key, at(at(totalPath, 'where'), key), detail, ['enum', 'const', 'digits', 'alnum', 'integer']);
      where[key] = str(v, at(at(totalPath, 'where'), key));
    }
    checks.total = {
      field: pick(total.field, at(totalPath, 'field'), header, ['amount', 'integer']),
      sum: pick(total.sum, at(totalPath, 'sum'), detail, ['amount', 'integer']),
      ...(total.where === undefined ? {} : { where }),
    };
  }
  return checks;
}
