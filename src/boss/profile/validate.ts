import { checkValue } from '../codec/format.ts';
import { ProfileError } from './errors.ts';
import { arr, at, bool, int, map, obj, oneOf, optional, str, type Json } from './json.ts';
import { readFiles } from './validate-files.ts';
import { ENCODINGS, FORMAT_KINDS, readElements, readFormat, type FieldContext } from './validate-fields.ts';
import {
  RESPONSE_ROLES,
  type FieldDef,
  type FieldFormat,
  type Profile,
  type ResponseCodeDef,
  type ResponseRole,
  type TextEncodingName,
  type TransactionDef,
} from './types.ts';

const TOP_KEYS = ['profile', 'source', 'framing', 'body', 'formats', 'request', 'response', 'transactions', 'responseCodes', 'volatile', 'files'];

/**
 * Turns a parsed JSON document into a typed Profile, or throws a ProfileError naming the path of the
 * first element that does not fit (e.g. `transactions.1002.request[2].format`). The document format
 * is described in docs/boss/profile.md.
 */
export function validateProfile(document: Json): Profile {
  const root = obj(document, '', TOP_KEYS);
  const profile = str(root.profile, 'profile', /^\S+$/, 'a profile id without spaces');
  const source = optional(root, 'source', (v) => str(v, 'source'));

  // [§1] framing
  const framingRecord = obj(root.framing, 'framing', ['lengthPrefix', 'maxBody']);
  const prefix = obj(framingRecord.lengthPrefix, 'framing.lengthPrefix', ['digits']);
  const lengthDigits = int(prefix.digits, 'framing.lengthPrefix.digits', 1, 9);
  const maxBody = int(framingRecord.maxBody, 'framing.maxBody', 1, 10 ** lengthDigits - 1);

  // [§2] body
  const bodyRecord = obj(root.body, 'body', ['separator', 'trailingSeparator', 'encoding']);
  const separator = str(bodyRecord.separator, 'body.separator', /^[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/, 'one ASCII punctuation or space character');
  const trailingSeparator = bool(bodyRecord.trailingSeparator, 'body.trailingSeparator');
  const encoding: TextEncodingName = oneOf(bodyRecord.encoding, 'body.encoding', ENCODINGS);

  const formats = new Map<string, FieldFormat>();
  for (const [name, value] of map(root.formats ?? {}, 'formats')) {
    formats.set(name, readFormat(value, at('formats', name), encoding, separator));
  }
  const context: FieldContext = { formats, separator, encodingsUsed: new Map() };
  const fieldList = (value: Json, path: string): FieldDef[] => readElements(value, path, context, encoding, false) as FieldDef[];

  // [§3] headers
  const requestRecord = obj(root.request, 'request', ['header', 'txcodeField']);
  const requestHeader = fieldList(arr(requestRecord.header, 'request.header', 1), 'request.header');
  const requestTxcode = named(requestRecord.txcodeField, 'request.txcodeField', requestHeader);
  const responseRecord = obj(root.response, 'response', ['header', 'txcodeField', 'respCodeField', 'fieldsOnlyWhen']);
  const responseHeader = fieldList(arr(responseRecord.header, 'response.header', 1), 'response.header');
  const responseTxcode = named(responseRecord.txcodeField, 'response.txcodeField', responseHeader);
  const respCodeField = named(responseRecord.respCodeField, 'response.respCodeField', responseHeader);
  const fieldsOnlyWhen = str(responseRecord.fieldsOnlyWhen, 'response.fieldsOnlyWhen');

  // [§4] transactions, keyed by a TXCODE that fits the header's TXCODE format
  const transactions: Record<string, TransactionDef> = {};
  const entries = map(root.transactions, 'transactions');
  if (entries.length === 0) throw new ProfileError('transactions', 'must define at least one transaction');
  for (const [txcode, value] of entries) {
    const path = at('transactions', txcode);
    fits(requestTxcode.format, txcode, path, separator);
    const record = obj(value, path, ['name', 'nameZh', 'durable', 'request', 'response']);
    transactions[txcode] = {
      txcode,
      name: str(record.name, at(path, 'name')),
      ...(record.nameZh === undefined ? {} : { nameZh: str(record.nameZh, at(path, 'nameZh')) }),
      durable: record.durable === undefined ? false : bool(record.durable, at(path, 'durable')),
      request: readElements(record.request, at(path, 'request'), context, encoding, true),
      response: readElements(record.response, at(path, 'response'), context, encoding, true),
    };
  }

  // [§6] response codes and the roles the codec and server pick them by
  const responseCodes: Record<string, ResponseCodeDef> = {};
  const roles: Partial<Record<ResponseRole, string>> = {};
  for (const [code, value] of map(root.responseCodes, 'responseCodes')) {
    const path = at('responseCodes', code);
    fits(respCodeField.format, code, path, separator);
    const record = obj(value, path, ['meaning', 'role']);
    const role = optional(record, 'role', (v) => oneOf(v, at(path, 'role'), RESPONSE_ROLES));
    if (role !== undefined) {
      if (roles[role] !== undefined) throw new ProfileError(at(path, 'role'), `role '${role}' is already given to ${roles[role]}`);
      roles[role] = code;
    }
    responseCodes[code] = { code, meaning: str(record.meaning, at(path, 'meaning')), ...(role === undefined ? {} : { role }) };
  }
  for (const role of RESPONSE_ROLES) {
    if (roles[role] === undefined) throw new ProfileError('responseCodes', `no code has role '${role}'`);
  }
  if (!responseCodes[fieldsOnlyWhen]) throw new ProfileError('response.fieldsOnlyWhen', `'${fieldsOnlyWhen}' is not in responseCodes`);

  const volatileRecord = obj(root.volatile ?? { fields: [], formatKinds: [] }, 'volatile', ['fields', 'formatKinds']);
  const volatileFields = arr(volatileRecord.fields ?? [], 'volatile.fields').map((v, i) => str(v, at('volatile.fields', i)));
  const formatKinds = arr(volatileRecord.formatKinds ?? [], 'volatile.formatKinds').map((v, i) => oneOf(v, at('volatile.formatKinds', i), FORMAT_KINDS));

  const files = readFiles(root.files, 'files', context, encoding);
  return {
    profile,
    ...(source === undefined ? {} : { source }),
    framing: { lengthDigits, maxBody },
    body: { separator, trailingSeparator, encoding, gbkAware: context.encodingsUsed.has('gbk') },
    request: { header: requestHeader, txcodeField: requestTxcode.name },
    response: { header: responseHeader, txcodeField: responseTxcode.name, respCodeField: respCodeField.name, fieldsOnlyWhen },
    transactions,
    responseCodes,
    roles: roles as Record<ResponseRole, string>,
    volatile: { fields: volatileFields, formatKinds },
    files,
  };
}

function named(value: Json, path: string, header: readonly FieldDef[]): FieldDef {
  const name = str(value, path);
  const field = header.find((f) => f.name === name);
  if (!field) throw new ProfileError(path, `'${name}' is not a field of the header`);
  return field;
}

function fits(format: FieldFormat, value: string, path: string, separator: string): void {
  const problem = checkValue(format, value, separator);
  if (problem !== undefined) throw new ProfileError(path, `key '${value}' ${problem}`);
}
