import { errorMessage } from '../../core/errors.ts';
import { encodeFrame } from '../codec/frame.ts';
import { singleBody } from '../codec/frame-message.ts';
import { decodeRequest, decodeResponse, encodeRequest, type BossMessage } from '../codec/message.ts';
import type { FieldDef, FieldElement, FieldFormat, Profile } from '../profile/types.ts';
import type { Substitution } from './types.ts';

/**
 * [bank-interface §4] 3001 issues the invoice number: the BOSS assigns INVOICENO as it assigns
 * BOSSSERIAL, and the bank sends it back in 3002 and 3003. The profile has no key for "assigned by
 * the BOSS", so this one is named here; the profile's volatile fields (by name) are the others.
 */
export const BOSS_ASSIGNED_FIELDS = ['INVOICENO'] as const;

/** Only identifiers are carried over: never amounts, dates, times or free text. */
const IDENTIFIER_KINDS: ReadonlySet<FieldFormat['kind']> = new Set(['alnum', 'digits']);

interface Assigned {
  readonly value: string;
  /** `BOSSSERIAL answered in exchange 1.2` */
  readonly assignedIn: string;
}

/**
 * Values a BOSS assigns (BOSSSERIAL, INVOICENO) differ between two BOSS implementations, and the
 * bank sends them back later (3001 PAYSERIAL is a BOSSSERIAL, 3002/3003 INVOICENO). Resent as
 * captured, another BOSS would not know them (2008). So: when a captured answer's assigned value
 * differs from the replayed answer's, later requests carrying the captured value in an identifier
 * field get the replayed value, re-encoded with the codec.
 */
export class AssignedValues {
  private readonly replacements = new Map<string, Assigned>();
  private readonly fields: ReadonlySet<string>;

  constructor(private readonly profile: Profile) {
    this.fields = new Set([...profile.volatile.fields, ...BOSS_ASSIGNED_FIELDS]);
  }

  /** Records what the replayed BOSS assigned where the captured answer had another value. */
  learn(capturedBody: Uint8Array, replayedBody: Uint8Array, where: string): void {
    const captured = tryDecode(() => decodeResponse(this.profile, capturedBody));
    const replayed = tryDecode(() => decodeResponse(this.profile, replayedBody));
    if (!captured || !replayed) return;
    const defs = responseDefs(this.profile, captured.txcode);
    const consider = (name: string, was: string | undefined, now: string | undefined): void => {
      const def = defs.get(name);
      if (!this.fields.has(name) || !def || !IDENTIFIER_KINDS.has(def.format.kind)) return;
      if (was === undefined || now === undefined || was === '' || now === '' || was === now) return;
      this.replacements.set(was, { value: now, assignedIn: `${name} answered in ${where}` });
    };
    for (const [name, value] of Object.entries(captured.header)) consider(name, value, replayed.header[name]);
    for (const [name, value] of Object.entries(captured.fields)) consider(name, value, replayed.fields[name]);
    for (const [group, records] of Object.entries(captured.groups)) {
      records.forEach((record, i) => {
        for (const [name, value] of Object.entries(record)) consider(name, value, replayed.groups[group]?.[i]?.[name]);
      });
    }
  }

  /**
   * The request to send: unchanged, or re-encoded with the replayed values in place of captured ones
   * (transaction fields of identifier format only; the header — BANKCODE, BANKSERIAL, dates — is
   * the bank's own). `problem` says why a needed rewrite could not be made (the request is then
   * sent as captured).
   */
  rewrite(frame: Uint8Array): { bytes: Uint8Array; substitutions: Substitution[]; problem?: string } {
    if (this.replacements.size === 0) return { bytes: frame, substitutions: [] };
    const message = tryDecode(() => decodeRequest(this.profile, singleBody(this.profile, frame)));
    if (!message) return { bytes: frame, substitutions: [] };
    const defs = requestDefs(this.profile, message.txcode);
    const substitutions: Substitution[] = [];
    const swap = (record: Record<string, string>): Record<string, string> =>
      Object.fromEntries(
        Object.entries(record).map(([name, value]) => {
          const def = defs.get(name);
          const replacement = this.replacements.get(value);
          if (!replacement || !def || !IDENTIFIER_KINDS.has(def.format.kind)) return [name, value];
          substitutions.push({ field: name, captured: value, replayed: replacement.value, assignedIn: replacement.assignedIn });
          return [name, replacement.value];
        }),
      );
    const changed: BossMessage = {
      ...message,
      fields: swap(message.fields),
      groups: Object.fromEntries(Object.entries(message.groups).map(([group, records]) => [group, records.map(swap)])),
    };
    if (substitutions.length === 0) return { bytes: frame, substitutions };
    try {
      return { bytes: encodeFrame(this.profile.framing, encodeRequest(this.profile, changed)), substitutions };
    } catch (error) {
      const fields = substitutions.map((s) => s.field).join(', ');
      return { bytes: frame, substitutions: [], problem: `sent as captured: ${fields} could not take the replayed value (${errorMessage(error)})` };
    }
  }
}

function tryDecode(decode: () => BossMessage): BossMessage | undefined {
  try {
    return decode();
  } catch {
    return undefined;
  }
}

function responseDefs(profile: Profile, txcode: string): Map<string, FieldDef> {
  return new Map([...profile.response.header.map((d) => [d.name, d] as const), ...flatDefs(profile.transactions[txcode]?.response ?? [])]);
}

function requestDefs(profile: Profile, txcode: string): Map<string, FieldDef> {
  return new Map(flatDefs(profile.transactions[txcode]?.request ?? []));
}

function flatDefs(elements: readonly FieldElement[]): [string, FieldDef][] {
  return elements.flatMap((e) => (e.kind === 'field' ? [[e.name, e] as [string, FieldDef]] : e.fields.map((f) => [f.name, f] as [string, FieldDef])));
}
