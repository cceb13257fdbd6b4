import type { Clock } from '../../core/clock.ts';
import type { ChipCommand, ChipResponse, SynchronousCard } from '../synchronous-card.ts';
import { ChipNackError, CodeLockedError, FieldRangeError, LastAttemptError, NotProgrammedError } from './errors.ts';
import { compareCode, eraseAt, readBits, writeBits, type BitField } from './family.ts';

/**
 * Host-side procedures shared by the AT88SC102 and AT88SC1604 drivers: what a reader's firmware
 * does with the chip commands of family.ts. Parts differ only in their memory maps.
 */
export type ChipLink = Pick<SynchronousCard, 'execute'>;

export interface DriverOptions {
  /**
   * Clock to wait out each programming cycle on (the host holds CLK for tCHP). Without one the
   * driver does not wait, which suits emulators with the timing model off.
   */
  readonly clock?: Clock;
}

export interface PresentOptions extends DriverOptions {
  /** Present even when only one attempt is left (a wrong code then locks the code for good). */
  readonly insist?: boolean;
}

/** Sends one command; a NACK is an error, a programming cycle is waited out on the clock. */
export async function send(card: ChipLink, command: ChipCommand, options: DriverOptions = {}): Promise<ChipResponse> {
  const response = await card.execute(command);
  if (!response.acknowledged) throw new ChipNackError(command.bytes);
  if (response.busyMicros > 0 && options.clock) await options.clock.sleep(response.busyMicros / 1000);
  return response;
}

/** Reads `length` bytes of `field` from byte `offset` of it; bits the chip hides come back as 1. */
export async function readField(card: ChipLink, field: BitField, offset = 0, length?: number): Promise<Uint8Array> {
  const total = Math.ceil(field.bits / 8);
  const count = length ?? total - offset;
  checkRange(field, offset, count);
  return (await send(card, readBits(field.start + offset * 8, count))).data;
}

/** Bit `n` of `bytes` in clock order (the first bit of each byte is its MSB); 0 past the end. */
export function bitOf(bytes: Uint8Array, n: number): number {
  return ((bytes[n >> 3] ?? 0) >> (7 - (n & 7))) & 1;
}

/** Number of 1 bits among the first `bits` bits (clock order) of `bytes`. */
export function onesIn(bytes: Uint8Array, bits: number): number {
  let ones = 0;
  for (let i = 0; i < bits; i++) ones += bitOf(bytes, i);
  return ones;
}

/** Clock position of the first 1 bit among the first `bits` bits, or -1. */
function firstOne(bytes: Uint8Array, bits: number): number {
  for (let i = 0; i < bits; i++) if (bitOf(bytes, i) === 1) return i;
  return -1;
}

export interface CounterSpec {
  readonly field: BitField;
  /** How many of its first bits count attempts. */
  readonly countedBits: number;
}

/**
 * Reads the counter, refuses on 0 attempts (locked) and on 1 unless insisted, then clocks `code`
 * through `codeField` and writes the counter's next 1 bit to 0. Returns the counter as read first.
 */
export async function spendAttempt(
  card: ChipLink,
  codeField: BitField,
  counter: CounterSpec,
  code: Uint8Array,
  options: PresentOptions = {},
): Promise<void> {
  if (code.length * 8 !== codeField.bits) throw new FieldRangeError(codeField.name, `needs ${codeField.bits / 8} code bytes, got ${code.length}`);
  const before = await readField(card, counter.field);
  const left = onesIn(before, counter.countedBits);
  if (left === 0) throw new CodeLockedError(counter.field.name, before);
  if (left === 1 && options.insist !== true) throw new LastAttemptError(counter.field.name, before);
  await send(card, compareCode(codeField.start, code), options);
  // [ACS ACR38x manual VERIFY_SECURITY_CODE: "search a '1' bit in the presentation error counter and write the bit to '0'"]
  const position = firstOne(before, counter.countedBits);
  await send(card, writeBits(counter.field.start + position, Uint8Array.of(0x7f)), options);
}

/**
 * The datasheet's code presentation: compare, spend an attempt, then erase the counter; the erase
 * only takes when the code matched, which restores every attempt. Returns the attempts left.
 */
export async function presentCode(
  card: ChipLink,
  codeField: BitField,
  counter: CounterSpec,
  code: Uint8Array,
  options: PresentOptions = {},
): Promise<number> {
  await spendAttempt(card, codeField, counter, code, options);
  await send(card, eraseAt(counter.field.start), options);
  return onesIn(await readField(card, counter.field), counter.countedBits);
}

/**
 * Writes (clears) the 0 bits of `data` into `field` from byte `offset`; bits already 0 stay 0.
 * With `verify` (the default) the read-back must show every 0 bit written.
 */
export async function writeField(
  card: ChipLink,
  field: BitField,
  offset: number,
  data: Uint8Array,
  options: DriverOptions & { readonly verify?: boolean } = {},
): Promise<void> {
  checkRange(field, offset, data.length);
  const address = field.start + offset * 8;
  const back = (await send(card, writeBits(address, data), options)).data;
  if (options.verify !== false && data.some((d, i) => ((back[i] ?? 0xff) & ~d & 0xff) !== 0)) {
    throw new NotProgrammedError(field.name, address, data, back);
  }
}

/** Erases the erase unit holding byte `offset` of `field`; answers the unit as read back. */
export async function eraseFieldUnit(card: ChipLink, field: BitField, offset: number, options: DriverOptions = {}): Promise<Uint8Array> {
  checkRange(field, offset, 1);
  return (await send(card, eraseAt(field.start + offset * 8), options)).data;
}

function checkRange(field: BitField, offset: number, length: number): void {
  const size = Math.ceil(field.bits / 8);
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 1 || offset + length > size) {
    throw new FieldRangeError(field.name, `bytes ${offset}..${offset + length - 1} are outside its ${size} bytes`);
  }
}

/**
 * Gives `field` from byte `offset` exactly the bytes `data`: for every erase unit touched, erase it
 * and write the 0 bits back (the datasheet's write-by-clearing needs an erase to turn bits to 1).
 * Units only partly covered are read first so their other bits survive; such a unit must be
 * readable to the host at that moment.
 */
export async function updateField(
  card: ChipLink,
  field: BitField,
  offset: number,
  data: Uint8Array,
  unitBits: number,
  options: DriverOptions & { readonly verify?: boolean } = {},
): Promise<void> {
  checkRange(field, offset, data.length);
  const unitBytes = unitBits / 8;
  const first = field.start / 8 + offset;
  const end = first + data.length;
  for (let unit = Math.floor(first / unitBytes) * unitBytes; unit < end; unit += unitBytes) {
    const covered = unit >= first && unit + unitBytes <= end;
    const content = covered ? new Uint8Array(unitBytes) : (await send(card, readBits(unit * 8, unitBytes))).data.slice();
    for (let i = 0; i < unitBytes; i++) {
      const byte = unit + i;
      if (byte >= first && byte < end) content[i] = data[byte - first] ?? 0xff;
    }
    await send(card, eraseAt(unit * 8), options);
    const back = (await send(card, writeBits(unit * 8, content), options)).data;
    if (options.verify !== false && content.some((c, i) => back[i] !== c)) {
      throw new NotProgrammedError(field.name, unit * 8, content, back);
    }
  }
}
