import { decodeAt88Command, type DecodedAt88Command } from '../../../src/cards/at88sc102/commands.ts';
import { fieldOf, ones, type ModelCtx, type ModelField, type ModelPart, type ModelState, type Pending } from './family-model.ts';

export type ModelAnswer =
  | { readonly mute: true }
  | { readonly mute: false; readonly acknowledged: boolean; readonly data: Uint8Array; readonly cycles: number };

/** Working copy of a state during one command. */
interface Work {
  mem: Uint8Array;
  validated: Set<string>;
  pending: Pending | undefined;
  lossIn: number | undefined;
}

class Strike extends Error {}

const NACK: ModelAnswer = { mute: false, acknowledged: false, data: new Uint8Array(0), cycles: 0 };

/** The model's prediction of one chip command: the new state and the answer (or silence). */
export function execute(part: ModelPart, state: ModelState, bytes: Uint8Array, readLength?: number): { state: ModelState; answer: ModelAnswer } {
  if (!state.powered) return { state, answer: { mute: true } };
  let command: DecodedAt88Command;
  try {
    command = decodeAt88Command(bytes);
  } catch {
    return { state, answer: NACK };
  }
  const w: Work = { mem: state.mem.slice(), validated: new Set(state.validated), pending: state.pending, lossIn: state.lossIn };
  try {
    const answer = run(part, w, command, readLength);
    return { state: { ...state, ...w }, answer };
  } catch (error) {
    if (!(error instanceof Strike)) throw error;
    return { state: { mem: w.mem, powered: false, validated: new Set(), pending: undefined, lossIn: undefined }, answer: { mute: true } };
  }
}

/** One programming cycle of the shared EEPROM: the armed power loss may strike in it. */
function cycle(w: Work): boolean {
  if (w.lossIn === undefined) return false;
  if (w.lossIn === 0) {
    w.lossIn = undefined;
    return true;
  }
  w.lossIn--;
  return false;
}

function clearBit(w: Work, bit: number): void {
  if (cycle(w)) throw new Strike();
  w.mem[bit] = 0;
}

function eraseByte(w: Work, byte: number): void {
  const bits = w.mem.subarray(byte * 8, byte * 8 + 8);
  if (bits.every((b) => b === 1)) return; // already FF: no cycle
  const torn = cycle(w);
  bits.fill(1); // a torn erase still leaves the byte erased
  if (torn) throw new Strike();
}

function eraseField(w: Work, field: ModelField): void {
  for (let byte = field.start / 8; byte < (field.start + field.bits) / 8; byte++) eraseByte(w, byte);
}

function run(part: ModelPart, w: Work, c: DecodedAt88Command, readLength: number | undefined): ModelAnswer {
  const ctx: ModelCtx = { bit: (a) => w.mem[a] ?? 1, has: (n) => w.validated.has(n), level2: part.level2((a) => w.mem[a] ?? 1) };
  const visible = (bit: number): number => (bit < part.bits && part.read(fieldOf(part, bit), ctx) ? (w.mem[bit] ?? 1) : 1);
  const out = (address: number, count: number): Uint8Array => {
    const data = new Uint8Array(count);
    for (let i = 0; i < count * 8; i++) if (visible(address + i)) data[i >> 3]! |= 0x80 >> (i & 7);
    return data;
  };
  const ok = (data: Uint8Array, cycles: number): ModelAnswer => ({ mute: false, acknowledged: true, data, cycles });
  switch (c.op) {
    case 'read': {
      if (c.address >= part.bits || (readLength !== undefined && !(Number.isInteger(readLength) && readLength >= 0))) return NACK;
      const available = Math.floor((part.bits - c.address) / 8);
      return ok(out(c.address, Math.min(readLength ?? available, available)), 0);
    }
    case 'write': {
      if (c.address + c.data.length * 8 > part.bits) return NACK;
      let cycles = 0;
      for (let i = 0; i < c.data.length * 8; i++) {
        const bit = c.address + i;
        if ((((c.data[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) === 1 || !part.write(fieldOf(part, bit), ctx)) continue;
        const p = w.pending;
        const pays = p !== undefined && w.mem[bit] === 1 && bit >= p.counter.start && bit < p.counter.start + p.counted;
        clearBit(w, bit);
        cycles++;
        if (pays && p) w.pending = { ...p, paid: true };
      }
      return ok(out(c.address, c.data.length), cycles);
    }
    case 'erase': {
      if (c.address >= part.bits) return NACK;
      const unit = Math.floor(c.address / part.unitBits) * part.unitBits;
      const owner = part.codes.find((k) => k.counter?.restores && c.address >= k.counter.field.start && c.address < k.counter.field.start + k.counter.field.bits);
      let cycles = 0;
      if (owner?.counter) {
        const p = w.pending;
        w.pending = undefined;
        if (p && p.code === owner.field.name && p.paid && p.matched) {
          eraseField(w, owner.counter.field);
          w.validated.add(owner.field.name);
          cycles = 1;
        }
      } else {
        const action = part.erase(fieldOf(part, unit), ctx);
        if (action !== 'refuse') {
          for (const f of action === 'unit' ? [{ name: 'unit', start: unit, bits: part.unitBits }] : action) eraseField(w, f);
          cycles = 1;
        }
      }
      return ok(out(unit, part.unitBits / 8), cycles);
    }
    case 'compare': {
      const code = part.codes.find((k) => k.field.start === c.address);
      if (!code || c.data.length * 8 !== code.field.bits) return NACK;
      const name = code.field.name;
      w.validated.delete(name);
      w.pending = undefined;
      let equal = true;
      for (let i = 0; i < code.field.bits; i++) if ((((c.data[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) !== w.mem[code.field.start + i]) equal = false;
      const counter = code.counter && part.counterActive(name, ctx) ? code.counter : undefined;
      const matched = equal && part.compareCounts(name, ctx) && (!counter || ones(w.mem, counter.field, counter.counted) > 0);
      if (counter) w.pending = { code: name, counter: counter.field, counted: counter.counted, matched, paid: false };
      else if (matched) w.validated.add(name);
      return ok(new Uint8Array(0), 0);
    }
    case 'eraseZone': {
      const target = part.zoneErase(c.zone);
      if (!target) return NACK;
      const p = w.pending?.code === target.key ? w.pending : undefined;
      if (p) w.pending = undefined;
      if (!(p ? p.paid && p.matched : w.validated.has(target.key))) return ok(new Uint8Array(0), 0);
      w.validated.delete(target.key);
      eraseField(w, target.zone);
      return ok(new Uint8Array(0), 1);
    }
    case 'blowFuse': {
      const fuse = part.fuses.find((f) => c.address >= f.start && c.address < f.start + f.bits);
      if (!fuse) return NACK;
      if (!part.canBlow(ctx)) return ok(new Uint8Array(0), 0);
      for (let byte = fuse.start >> 3; byte <= (fuse.start + fuse.bits - 1) >> 3; byte++) {
        if (cycle(w)) throw new Strike();
        for (let bit = byte * 8; bit < byte * 8 + 8; bit++) if (bit >= fuse.start && bit < fuse.start + fuse.bits) w.mem[bit] = 0;
      }
      return ok(new Uint8Array(0), 1);
    }
  }
}
