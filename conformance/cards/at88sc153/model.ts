import { PAC_ATTEMPTS, WRITE_CYCLE_MICROS } from '../../../src/cards/at88sc153/commands.ts';

/**
 * Reference model of the AT88SC153, kept deliberately plain: arrays of numbers and one function per
 * rule, with no code shared with the emulator: not even the helpers of src/cards/at88-i2c that the
 * emulator uses for its rules (page roll-over, the attempts counter update), which are computed
 * here independently. Password refs are the datasheet's rp index:
 * 0 = Write 0, 1 = Write 1 (secure code), 2 = Read 0, 3 = Read 1 [1016 p12].
 */
export interface Model {
  config: number[];
  user: number[][];
  /** Fuse cell: bit0 FAB, bit1 CMA, bit2 PER, 1 = intact. */
  fuses: number;
  powered: boolean;
  verified: number | null;
  firstPass: number | null;
  busyUntil: number;
  readonly timing: boolean;
  /** Programming cycles still allowed before the armed power loss. */
  powerLossIn: number | undefined;
}

export type Prediction =
  | { readonly mute: true }
  | { readonly mute: false; readonly acknowledged: boolean; readonly data: number[]; readonly busyMicros: number };

export const ATR = [0x2c, 0xaa, 0x55, 0xa1];
const PAC_OF = [0x30, 0x38, 0x34, 0x3c]; // by rp index
const SECURE = 1;

export function initialModel(secret: Uint8Array, timing: boolean): Model {
  const config = new Array<number>(64).fill(0xff);
  ATR.forEach((b, i) => (config[i] = b));
  secret.forEach((b, i) => (config[0x39 + i] = b));
  const user = [0, 1, 2].map(() => new Array<number>(64).fill(0xff));
  return { config, user, fuses: 0xff, powered: false, verified: null, firstPass: null, busyUntil: -Infinity, timing, powerLossIn: undefined };
}

export const pacOf = (rp: number): number => PAC_OF[rp]!;
export const passwordOf = (m: Model, rp: number): number[] => m.config.slice(pacOf(rp) + 1, pacOf(rp) + 4);
const intact = (m: Model, bit: number): boolean => (m.fuses & bit) !== 0;
const FAB = 1, CMA = 2, PER = 4;

export function powerOn(m: Model): number[] {
  Object.assign(m, { powered: true, verified: null, firstPass: null, busyUntil: -Infinity });
  return m.config.slice(0, 4);
}
export function reset(m: Model): number[] {
  Object.assign(m, { verified: null, firstPass: null });
  return m.config.slice(0, 4);
}
/** The session and a running write cycle end with the supply (no anti-tearing: nothing resumes at power-on). */
export function powerOff(m: Model): void {
  Object.assign(m, { powered: false, verified: null, firstPass: null, busyUntil: -Infinity });
}

/** One EEPROM cycle on a cell; false when the armed power loss cuts it (erase done, write not). */
function program(m: Model, cells: number[], at: number, target: number): boolean {
  const old = cells[at]!;
  const erase = (~old & target & 0xff) !== 0;
  if (!erase && target === 0xff) return true; // nothing to do, no cycle
  if (m.powerLossIn === 0) {
    m.powerLossIn = undefined;
    if (erase) cells[at] = 0xff;
    powerOff(m);
    return false;
  }
  if (m.powerLossIn !== undefined) m.powerLossIn--;
  cells[at] = target;
  return true;
}

const denied = (m: Model): number => (intact(m, CMA) || intact(m, PER) ? m.fuses & 7 : 0);
const secureOpen = (m: Model): boolean => m.verified === SECURE && intact(m, PER);
const supervisorOpen = (m: Model): boolean => m.verified === SECURE && (m.config[0x1b]! & 0x80) === 0;

function userRights(m: Model, zone: number): { read: boolean; write: boolean; lock: boolean; pgo: boolean } {
  const ar = m.config[0x18 + zone]!;
  const bit = (mask: number): boolean => (ar & mask) !== 0; // 1 = feature disabled
  const set = bit(0x08) ? 1 : 0;
  const hasWrite = m.verified === set;
  const hasRead = hasWrite || m.verified === set + 2;
  return {
    read: bit(0x20) && (bit(0x40) || hasRead),
    write: bit(0x20) && bit(0x10) && (bit(0x80) || hasWrite) && bit(0x02),
    lock: !bit(0x04),
    pgo: !bit(0x01),
  };
}

function configReadable(m: Model, a: number): boolean {
  if (a < 0x28) return true;
  if (a < 0x30) return secureOpen(m);
  return a % 4 === 0 || secureOpen(m) || supervisorOpen(m);
}

function configWritable(m: Model, a: number): boolean {
  if (a === 0x0a || a === 0x0b) return true;
  if (a < 0x0a) return secureOpen(m) && intact(m, FAB);
  if (a < 0x10) return secureOpen(m) && intact(m, CMA);
  if (a < 0x30) return secureOpen(m);
  const ownSet = m.verified === (a < 0x38 ? 0 : 1) && a % 4 !== 0;
  return secureOpen(m) || supervisorOpen(m) || ownSet;
}

/** Cells hit by a page write, last value wins, in ascending address order [1016 8-byte page roll-over]. */
function pageCells(address: number, data: number[]): [number, number][] {
  const page = address & ~7;
  const cells = new Map<number, number>();
  data.forEach((v, i) => cells.set(page + ((address + i) & 7), v));
  return [...cells].sort((x, y) => x[0] - y[0]);
}

const ack = (data: number[] = [], cycle = false, m?: Model): Prediction => ({
  mute: false,
  acknowledged: true,
  data,
  busyMicros: cycle && m?.timing ? WRITE_CYCLE_MICROS : 0,
});
const nack: Prediction = { mute: false, acknowledged: false, data: [], busyMicros: 0 };

function readOut(m: Model, cells: number[], start: number, n: number, ok: (a: number) => boolean): Prediction {
  return ack(Array.from({ length: n }, (_, i) => ((start & 0x3f) + i) % 64).map((a) => (ok(a) ? cells[a]! : denied(m))));
}

/** Writes `cells`; returns the prediction, mute when the power loss strikes. */
function writeCells(m: Model, area: number[], writes: [number, number][], mode: (a: number) => 'and' | 'set'): Prediction {
  if (writes.length === 0) return ack();
  for (const [a, v] of writes) {
    if (!program(m, area, a, mode(a) === 'and' ? area[a]! & v : v)) return { mute: true };
  }
  return ack([], true, m);
}

/** Predicts one chip command at time `now` (ms on the shared clock). */
export function execute(m: Model, bytes: number[], readLength: number | undefined, now: number): Prediction {
  if (!m.powered) return { mute: true };
  if (m.timing && now < m.busyUntil) return nack;
  const prediction = dispatch(m, bytes, readLength ?? 1);
  if (!prediction.mute && prediction.busyMicros > 0) m.busyUntil = now + prediction.busyMicros / 1000;
  return prediction;
}

function dispatch(m: Model, bytes: number[], n: number): Prediction {
  const [cmd, p1] = bytes;
  if (cmd === undefined || ((cmd >> 4) !== 0xb && (cmd >> 4) !== (m.config[0x1b]! & 0x0f))) return nack;
  const low = cmd & 0x0f;
  if (low === 0x2 || low === 0x6) return nack; // authentication: not implemented, refused
  const isVerify = (low & 3) === 3;
  if (!isVerify && low !== 0xd) m.firstPass = null;
  if (isVerify) return verify(m, low >> 2, bytes.slice(1));
  if (low === 0xe) return ack(new Array<number>(n).fill(m.fuses & 7));
  if (low === 0xa) return blowFuse(m, p1);
  if (p1 === undefined) return ack();
  const zone = low >> 2;
  const data = bytes.slice(2);
  if (low === 0xd) return readOut(m, m.config, p1, n, (a) => configReadable(m, a));
  if (low === 0xc) return writeCells(m, m.config, pageCells(p1 & 0x3f, data).filter(([a]) => configWritable(m, a)), () => 'set');
  const rights = userRights(m, zone);
  const cells = m.user[zone]!;
  if ((low & 3) === 1) return readOut(m, cells, p1, n, () => rights.read);
  if (!rights.write || data.length === 0) return ack();
  const writes = pageCells(p1 & 0x3f, rights.lock ? data.slice(0, 1) : data);
  const open = writes.filter(([a]) => !rights.lock || ((cells[a & ~7]! >> (a & 7)) & 1) === 1);
  return writeCells(m, cells, open, (a) => (rights.pgo || (rights.lock && a % 8 === 0) ? 'and' : 'set'));
}

function verify(m: Model, rp: number, password: number[]): Prediction {
  const second = m.firstPass === rp;
  m.firstPass = null;
  if (password.length < 3) return ack();
  const pac = pacOf(rp);
  if (second) {
    const right = passwordOf(m, rp).every((b, i) => b === password[i]);
    m.verified = right ? rp : null;
    if (right && !program(m, m.config, pac, 0xff)) return { mute: true };
    return ack([], true, m);
  }
  const counter = m.config[pac]!;
  if (counter === 0) return ack();
  let spent = counter;
  for (let bit = 0; bit < PAC_ATTEMPTS; bit++) {
    if (counter & (1 << bit)) {
      spent = counter & ~(1 << bit);
      break;
    }
  }
  if (!program(m, m.config, pac, spent)) return { mute: true };
  m.firstPass = rp;
  return ack([], true, m);
}

function blowFuse(m: Model, select: number | undefined): Prediction {
  const order = [FAB, CMA, PER];
  const i = order.indexOf(select ?? -1);
  if (i < 0 || m.verified !== SECURE || !intact(m, select!)) return ack();
  if (order.slice(0, i).some((f) => intact(m, f))) return ack();
  const box = [m.fuses];
  if (!program(m, box, 0, m.fuses & ~select! & 0xff)) {
    m.fuses = box[0]!;
    return { mute: true };
  }
  m.fuses = box[0]!;
  return ack([], true, m);
}
