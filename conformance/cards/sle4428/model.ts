import {
  CONTROL,
  ERROR_COUNTER_ADDRESS,
  PROTECT_BIT_BYTE,
  PSC_ADDRESS,
  SLE4428_SIZE,
} from '../../../src/cards/sle4428/commands.ts';
import type { ChipCommand } from '../../../src/cards/synchronous-card.ts';

/**
 * Reference model of an SLE4428, written from the rules (docs/cards/sle4428.md) and not from the
 * emulator: plain arrays and pure functions, every function returns a new state.
 *
 * EEPROM rule (shared by every card here): a data change is an erase (needed when a bit goes
 * 0 -> 1) and/or a write (needed unless the target is FF); a protect bit or counter write is a
 * write only. Power fails at the start of the (n+1)-th such cycle; an interrupted erase+write
 * leaves FF, an interrupted write leaves the old value.
 */
export interface ModelState {
  readonly bytes: readonly number[];
  readonly protectedAt: readonly boolean[];
  readonly powered: boolean;
  readonly verified: boolean;
  /** PSC attempt: none open, open (counter bit written), or first byte compared right / wrong. */
  readonly attempt: 'none' | 'open' | 'first-right' | 'first-wrong';
  /** Cycles still allowed before the power fails; undefined = no fault armed. */
  readonly faultAfter: number | undefined;
}

export type Outcome = { readonly mute: true } | { readonly mute: false; readonly data: Uint8Array };

export function initialModel(bytes: readonly number[], protectedAt: readonly boolean[]): ModelState {
  return { bytes: [...bytes], protectedAt: [...protectedAt], powered: false, verified: false, attempt: 'none', faultAfter: undefined };
}

export const counterOf = (s: ModelState): number => s.bytes[ERROR_COUNTER_ADDRESS] ?? 0;
/** No attempt can ever be opened again. */
export const isLocked = (s: ModelState): boolean => counterOf(s) === 0 && s.attempt === 'none' && !s.verified;

export function powerOn(s: ModelState): { state: ModelState; atr: Uint8Array } {
  return { state: { ...s, powered: true, verified: false, attempt: 'none' }, atr: Uint8Array.from(s.bytes.slice(0, 4)) };
}

export const powerOff = (s: ModelState): ModelState => ({ ...s, powered: false, verified: false, attempt: 'none' });
export const warmReset = (s: ModelState): ModelState => ({ ...s, attempt: 'none' });
export const armPowerLoss = (s: ModelState, cycles: number): ModelState => ({ ...s, faultAfter: cycles });

/** What the card answers to `command`, and its state afterwards. */
export function step(s: ModelState, command: ChipCommand): { state: ModelState; outcome: Outcome } {
  if (!s.powered) return { state: s, outcome: { mute: true } };
  const none = (state: ModelState): { state: ModelState; outcome: Outcome } => ({ state, outcome: { mute: false, data: new Uint8Array(0) } });
  if (command.bytes.length !== 3) return none(s);
  const [b0 = 0, b1 = 0, value = 0] = command.bytes;
  const control = b0 & 0x3f;
  const address = (b0 >> 6) * 256 + b1;
  const mayWrite = s.verified && !s.protectedAt[address];
  switch (control) {
    case CONTROL.READ_8:
    case CONTROL.READ_9:
      return { state: s, outcome: { mute: false, data: readBytes(s, address, control === CONTROL.READ_9, command.readLength) } };
    case CONTROL.WRITE:
      return mayWrite ? cycles(s, [{ kind: 'update', address, value }]) : none(s);
    case CONTROL.WRITE_PROTECT:
      return mayWrite ? cycles(s, [{ kind: 'update', address, value }, { kind: 'protect', address }]) : none(s);
    case CONTROL.PROTECT_COMPARE:
      return mayWrite && s.bytes[address] === value ? cycles(s, [{ kind: 'protect', address }]) : none(s);
    case CONTROL.WRITE_COUNTER: {
      const before = counterOf(s);
      if (address !== ERROR_COUNTER_ADDRESS || before === 0) return none(s);
      const result = cycles(s, [{ kind: 'and', address, value }]);
      const opened = !result.outcome.mute && (before & ~counterOf(result.state) & 0xff) !== 0;
      return opened ? { ...result, state: { ...result.state, attempt: 'open' } } : result;
    }
    case CONTROL.COMPARE:
      return none(compare(s, address, value));
    default:
      return none(s);
  }
}

function compare(s: ModelState, address: number, value: number): ModelState {
  if (s.attempt === 'none') return s;
  const right = s.bytes[address] === value;
  if (address === PSC_ADDRESS) return { ...s, attempt: right ? 'first-right' : 'first-wrong' };
  if (address === PSC_ADDRESS + 1) return { ...s, attempt: 'none', verified: s.attempt === 'first-right' && right };
  return s;
}

function readBytes(s: ModelState, from: number, ninth: boolean, readLength: number | undefined): Uint8Array {
  const out: number[] = [];
  for (let a = from; a < SLE4428_SIZE; a++) {
    const pscHidden = (a === PSC_ADDRESS || a === PSC_ADDRESS + 1) && !s.verified;
    out.push(pscHidden ? 0 : (s.bytes[a] ?? 0));
    if (ninth) out.push(s.protectedAt[a] ? PROTECT_BIT_BYTE.protected : PROTECT_BIT_BYTE.writable);
  }
  return Uint8Array.from(readLength === undefined ? out : out.slice(0, readLength));
}

type Cycle = { kind: 'update' | 'and'; address: number; value: number } | { kind: 'protect'; address: number };

/** Runs programming cycles in order; the armed power loss may cut one of them. */
function cycles(s: ModelState, list: readonly Cycle[]): { state: ModelState; outcome: Outcome } {
  const bytes = [...s.bytes];
  const protectedAt = [...s.protectedAt];
  let faultAfter = s.faultAfter;
  for (const c of list) {
    const old = bytes[c.address] ?? 0;
    const target = c.kind === 'update' ? c.value : c.kind === 'and' ? old & c.value : old;
    const eraseNeeded = c.kind === 'update' && (c.value & ~old & 0xff) !== 0;
    const isCycle = c.kind === 'protect' || eraseNeeded || target !== 0xff;
    if (!isCycle) continue;
    if (faultAfter === 0) {
      if (eraseNeeded) bytes[c.address] = 0xff;
      const cut: ModelState = { ...s, bytes, protectedAt, faultAfter: undefined };
      return { state: powerOff(cut), outcome: { mute: true } };
    }
    if (faultAfter !== undefined) faultAfter--;
    if (c.kind === 'protect') protectedAt[c.address] = true;
    else bytes[c.address] = target;
  }
  return { state: { ...s, bytes, protectedAt, faultAfter }, outcome: { mute: false, data: new Uint8Array(0) } };
}
