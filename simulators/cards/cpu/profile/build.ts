import { DEFAULT_HISTORICAL_BYTES } from '../atr.ts';
import type { CpuCardContents } from '../card.ts';
import {
  KEY_USAGES,
  MF_FID,
  type AccessCondition,
  type CardKey,
  type DedicatedFile,
  type ElementaryFile,
} from '../files.ts';
import { bytesEqual, hexWord, toHex } from '../../../../src/core/hex.ts';
import { FieldReader } from './fields.ts';
import { CPU_PROFILE_FORMAT } from './types.ts';

/** FIDs a DF's child may not take [ISO/IEC 7816-4 §5.3.1.1]: the MF's, and FFFF (reserved). */
const RESERVED_FIDS = new Set([MF_FID, 0xffff]);

/**
 * Validates a parsed profile (or image) and builds the card's contents. Every error is a
 * CpuProfileError naming `origin` and the path of the field at fault. `applicationNames`, when given,
 * are the only application names a DF may carry.
 */
export function buildContents(json: unknown, origin: string, applicationNames?: ReadonlySet<string>): CpuCardContents {
  const top = new FieldReader(origin, '', json);
  if (top.record.format !== CPU_PROFILE_FORMAT) top.fail('format', `must be "${CPU_PROFILE_FORMAT}", found ${JSON.stringify(top.record.format)}`);
  const protocol = top.oneOf('protocol', ['T=0', 'T=1'] as const);
  const historicalBytes = top.has('historicalBytes') ? top.hex('historicalBytes', 0, 15) : DEFAULT_HISTORICAL_BYTES;
  const pin = top.has('pin') ? buildPin(new FieldReader(origin, 'pin', top.record.pin)) : undefined;
  const builder = new TreeBuilder(origin, applicationNames);
  const mf = builder.df(new FieldReader(origin, 'mf', top.record.mf), undefined);
  return { protocol, historicalBytes, mf, pin };
}

function buildPin(reader: FieldReader): CpuCardContents['pin'] {
  const value = reader.hex('value', 1, 16);
  const maxTries = reader.integer('maxTries', 1, 15);
  const triesLeft = reader.integer('triesLeft', 0, maxTries, maxTries);
  return { value, maxTries, triesLeft: Uint8Array.of(triesLeft) };
}

class TreeBuilder {
  private readonly names: Array<{ name: Uint8Array; path: string }> = [];

  constructor(
    private readonly origin: string,
    private readonly applicationNames: ReadonlySet<string> | undefined,
  ) {}

  df(reader: FieldReader, parent: DedicatedFile | undefined): DedicatedFile {
    const fid = parent === undefined ? (reader.has('fid') ? reader.fid('fid') : MF_FID) : reader.fid('fid');
    if (parent === undefined && fid !== MF_FID) reader.fail('fid', `the MF is 3F00, found ${hexWord(fid)}`);
    const name = reader.has('name') ? reader.hex('name', 1, 16) : undefined;
    if (name) {
      const clash = this.names.find((n) => bytesEqual(n.name, name));
      if (clash) reader.fail('name', `DF name ${toHex(name)} is already taken by ${clash.path}`);
      this.names.push({ name, path: reader.path });
    }
    const application = reader.has('application') ? reader.string('application') : undefined;
    if (application !== undefined && this.applicationNames && !this.applicationNames.has(application)) {
      reader.fail('application', `unknown application "${application}" (known: ${[...this.applicationNames].join(', ') || 'none'})`);
    }
    const keys = reader.array('keys').map((k, i) => buildKey(new FieldReader(this.origin, reader.at(`keys[${i}]`), k)));
    keys.forEach((key, i) => {
      if (keys.findIndex((k) => k.id === key.id && k.usage === key.usage) !== i) reader.fail(`keys[${i}].id`, `key id ${key.id} of usage "${key.usage}" appears twice in this DF`);
    });
    let applicationSettings: DedicatedFile['applicationSettings'];
    if (reader.has('applicationSettings')) {
      const settings = new FieldReader(this.origin, reader.at('applicationSettings'), reader.record.applicationSettings);
      if (application === undefined) reader.fail('applicationSettings', 'given for a DF without an application');
      applicationSettings = { value: settings.record, origin: this.origin, path: settings.path };
    }
    const df: DedicatedFile = { kind: 'df', fid, name, keys, application, ...(applicationSettings ? { applicationSettings } : {}), children: [], parent };
    reader.array('files').forEach((entry, i) => {
      const child = new FieldReader(this.origin, reader.at(`files[${i}]`), entry);
      const kind = child.oneOf('kind', ['df', 'transparent', 'linear-fixed'] as const);
      const file = kind === 'df' ? this.df(child, df) : buildEf(child, df);
      if (RESERVED_FIDS.has(file.fid)) child.fail('fid', `${hexWord(file.fid)} is reserved`);
      if (file.fid === df.fid || df.children.some((f) => f.fid === file.fid)) child.fail('fid', `${hexWord(file.fid)} is already used in this DF`);
      if (file.kind !== 'df' && file.sfi !== undefined && df.children.some((f) => f.kind !== 'df' && f.sfi === file.sfi)) {
        child.fail('sfi', `SFI ${file.sfi} is already used in this DF`);
      }
      df.children.push(file);
    });
    return df;
  }
}

function buildKey(reader: FieldReader): CardKey {
  const id = reader.integer('id', 0, 255);
  const type = reader.oneOf('type', ['DES', '3DES'] as const);
  const usage = reader.oneOf('usage', KEY_USAGES);
  const version = reader.integer('version', 0, 255, 0);
  const length = type === 'DES' ? 8 : 16;
  const value = reader.hex('value', length, length);
  return { id, type, usage, version, value };
}

function buildEf(reader: FieldReader, parent: DedicatedFile): ElementaryFile {
  const kind = reader.oneOf('kind', ['df', 'transparent', 'linear-fixed'] as const);
  const fid = reader.fid('fid');
  // SFI 1–30: five bits, 0 and 31 excluded [ISO/IEC 7816-4 §5.3.1.3].
  const sfi = reader.has('sfi') ? reader.integer('sfi', 1, 30) : undefined;
  const read = accessCondition(reader, 'read', parent);
  const update = accessCondition(reader, 'update', parent);
  if (kind === 'transparent') {
    const size = reader.integer('size', 1, 0x7fff);
    const body = new Uint8Array(size);
    if (reader.has('data')) body.set(reader.hex('data', 0, size));
    return { kind, fid, sfi, read, update, parent, body };
  }
  const recordLength = reader.integer('recordLength', 1, 255);
  const recordCount = reader.integer('recordCount', 1, 254);
  const body = new Uint8Array(recordLength * recordCount);
  const records = reader.array('records');
  if (records.length > recordCount) reader.fail('records', `holds ${records.length} records, the file has ${recordCount}`);
  records.forEach((_, i) => {
    const holder = new FieldReader(reader.origin, reader.path, { [`records[${i}]`]: records[i] });
    body.set(holder.hex(`records[${i}]`, recordLength, recordLength), i * recordLength);
  });
  return { kind: 'linear-fixed', fid, sfi, read, update, parent, recordLength, recordCount, body };
}

function accessCondition(reader: FieldReader, field: string, df: DedicatedFile): AccessCondition {
  const text = reader.string(field);
  if (text === 'always' || text === 'never' || text === 'pin') return { kind: text };
  const match = /^key:(\d{1,3})$/.exec(text);
  if (!match) reader.fail(field, `must be "always", "never", "pin" or "key:N", found ${JSON.stringify(text)}`);
  const keyId = Number(match[1]);
  if (!df.keys.some((k) => k.id === keyId && k.usage === 'external-auth')) reader.fail(field, `key ${keyId} is not an external-auth key of this DF's key file`);
  return { kind: 'key', keyId };
}

