import { inField, type BitField } from '../../../src/cards/at88sc102/family.ts';
import type { BitMemory } from './bit-memory.ts';
import type { ChipView, EraseAction, PartRules } from './rules.ts';
import type { CodeSpec, CounterSpec, SecurityState } from './security-state.ts';

/** What an operation gives back: the bytes clocked out and the programming cycles it ran. */
export interface Outcome {
  readonly data: Uint8Array;
  readonly cycles: number;
}

const NOTHING = new Uint8Array(0);

/**
 * The datasheet operations of the AT88SC secure memories, on a part's rules. Each method returns
 * undefined when the command is malformed for this part (the card then NACKs it). The protected
 * hooks are the single places where a rule is applied, so deliberately broken variants
 * (test/mutants) override exactly one of them.
 */
export class ChipOperations {
  readonly view: ChipView;

  constructor(
    protected readonly memory: BitMemory,
    protected readonly security: SecurityState,
    protected readonly rules: PartRules,
  ) {
    this.view = { bit: (a) => this.memory.bit(a), validated: (n) => this.security.isValidated(n) };
  }

  read(address: number, count: number | undefined): Outcome | undefined {
    if (address >= this.rules.bits || (count !== undefined && !(Number.isInteger(count) && count >= 0))) return undefined;
    const available = Math.floor((this.rules.bits - address) / 8);
    return { data: this.readBack(address, Math.min(count ?? available, available)), cycles: 0 };
  }

  /** One write pulse per 0 bit of `data`, where the rules allow it; answers the bits read back. */
  write(address: number, data: Uint8Array): Outcome | undefined {
    if (address + data.length * 8 > this.rules.bits) return undefined;
    let cycles = 0;
    for (let i = 0; i < data.length * 8; i++) {
      if ((((data[i >> 3] ?? 0xff) >> (7 - (i & 7))) & 1) === 1) continue;
      if (!this.writable(address + i)) continue;
      this.writeBit(address + i);
      cycles++;
    }
    return { data: this.readBack(address, data.length), cycles };
  }

  /** One erase pulse on the erase unit holding `address`; in a 'restore' counter it is the validation erase. */
  erase(address: number): Outcome | undefined {
    if (address >= this.rules.bits) return undefined;
    const size = this.rules.eraseUnitBits;
    const unit: BitField = { name: 'unit', start: Math.floor(address / size) * size, bits: size };
    const owner = this.rules.codes.find((c) => c.counter?.kind === 'restore' && inField(c.counter.field, address));
    let cycles = 0;
    if (owner?.counter) {
      if (this.validationErase(owner, owner.counter)) cycles = 1;
    } else {
      const action = this.eraseActionFor(unit);
      if (action.kind === 'erase') {
        for (const range of action.ranges) this.memory.eraseBytes(range.start / 8, (range.start + range.bits) / 8);
        cycles = 1;
      }
    }
    return { data: this.readBack(unit.start, size / 8), cycles };
  }

  /** Clocks a code through its field: a new presentation replaces the old one. */
  compare(address: number, code: Uint8Array): Outcome | undefined {
    const spec = this.rules.codes.find((c) => c.field.start === address);
    if (!spec || code.length * 8 !== spec.field.bits) return undefined;
    this.security.revoke(spec.field.name);
    this.security.pending = undefined;
    const stored = this.memory.readBytes(spec.field.start, code.length, () => true);
    const counter = spec.counter && this.rules.counterActive(spec, this.view) ? spec.counter : undefined;
    const matched =
      stored.every((b, i) => b === code[i]) && this.rules.compareCounts(spec, this.view) && (!counter || this.attemptsLeft(counter) > 0);
    if (counter) this.security.pending = { code: spec, counter, matched, armed: false };
    else if (matched) this.security.validate(spec.field.name);
    return { data: NOTHING, cycles: 0 };
  }

  /** The erase pulse after a matching erase key: erases the whole application zone. */
  eraseZone(zone: number): Outcome | undefined {
    const target = this.rules.zoneErase(zone);
    if (!target) return undefined;
    const pending = this.security.pending?.code === target.key ? this.security.pending : undefined;
    if (pending) this.security.pending = undefined;
    const ok = pending ? pending.armed && pending.matched : this.security.isValidated(target.key.field.name);
    if (!ok) return { data: NOTHING, cycles: 0 };
    this.security.revoke(target.key.field.name);
    this.memory.eraseBytes(target.zone.start / 8, (target.zone.start + target.zone.bits) / 8);
    return { data: NOTHING, cycles: 1 };
  }

  blowFuse(address: number): Outcome | undefined {
    const fuse = this.rules.fuseAt(address);
    if (!fuse) return undefined;
    if (!this.rules.canBlow(fuse, this.view)) return { data: NOTHING, cycles: 0 };
    this.memory.clearRange(fuse.start, fuse.bits);
    return { data: NOTHING, cycles: 1 };
  }

  attemptsLeft(counter: CounterSpec): number {
    let left = 0;
    for (let i = 0; i < counter.countedBits; i++) left += this.memory.bit(counter.field.start + i);
    return left;
  }

  protected readBack(address: number, count: number): Uint8Array {
    return this.memory.readBytes(address, count, (bit) => this.rules.canRead(bit, this.view));
  }

  protected writable(bit: number): boolean {
    return this.rules.canWrite(bit, this.view);
  }

  protected eraseActionFor(unit: BitField): EraseAction {
    return this.rules.eraseAction(unit, this.view);
  }

  /** A write pulse; clearing a counted 1 bit of the pending comparison's counter pays the attempt. */
  protected writeBit(bit: number): void {
    const pending = this.security.pending;
    const pays = pending !== undefined && this.memory.bit(bit) === 1 && bit >= pending.counter.field.start && bit < pending.counter.field.start + pending.counter.countedBits;
    this.memory.clearBit(bit);
    if (pays && pending) pending.armed = true;
  }

  /** Erases the counter and validates the code only after a matching comparison paid with an attempt bit. */
  protected validationErase(code: CodeSpec, counter: CounterSpec): boolean {
    const pending = this.security.pending;
    this.security.pending = undefined;
    if (!pending || pending.code !== code || !pending.armed || !pending.matched) return false;
    this.memory.eraseBytes(counter.field.start / 8, (counter.field.start + counter.field.bits) / 8);
    this.security.validate(code.field.name);
    return true;
  }
}
