import {
  AT88SC1608_ATR,
  AT88SC1608_COMMAND as C,
  FUSE_ADDRESS,
  passwordFromIndex,
  type PasswordRef,
} from '../../../src/cards/at88sc1608/commands.ts';
import { FUSE_BIT } from '../../../src/cards/at88sc1608/config-map.ts';

/**
 * Reference model of the AT88SC1608 as docs/cards/at88sc1608.md specifies it: plain arrays and one
 * function per command, no code shared with the emulator (the rules the emulator takes from
 * src/cards/at88-i2c, page roll-over, the attempts counter update, access bits and write lock, are
 * written out again here). Every answer and every byte the card holds is predicted here.
 */
export interface Model {
  readonly config: number[];
  readonly user: number[];
  fuses: number;
  powered: boolean;
  zone: number | null;
  active: PasswordRef | null;
  /** Programming cycles that still complete before an armed power loss strikes. */
  powerLossIn: number | undefined;
}

export interface Prediction {
  /** The card says nothing: unpowered, or power lost during this command. */
  readonly mute: boolean;
  readonly acknowledged: boolean;
  readonly data: number[];
}

export function freshModel(secret: Uint8Array): Model {
  const config = new Array<number>(128).fill(0xff);
  AT88SC1608_ATR.forEach((b, i) => (config[i] = b));
  secret.forEach((b, i) => (config[0x79 + i] = b));
  return { config, user: new Array<number>(2048).fill(0xff), fuses: 0xff, powered: false, zone: null, active: null, powerLossIn: undefined };
}

export function modelPowerOn(m: Model): number[] {
  Object.assign(m, { powered: true, zone: null, active: null });
  return m.config.slice(0, 4);
}

export function modelPowerOff(m: Model): void {
  Object.assign(m, { powered: false, zone: null, active: null });
}

const NACK: Prediction = { mute: false, acknowledged: false, data: [] };
const ACK = (data: number[] = []): Prediction => ({ mute: false, acknowledged: true, data });
const MUTE: Prediction = { mute: true, acknowledged: false, data: [] };

const perIntact = (m: Model): boolean => (m.fuses & FUSE_BIT.PER) !== 0;
const secure = (m: Model): boolean => perIntact(m) && m.active?.set === 7 && m.active.kind === 'write';
const holdsWrite = (m: Model, set: number): boolean => m.active?.set === set && m.active.kind === 'write';

/** One programming cycle on one cell (erase to FF / write 1→0); false when the power fails in it. */
function program(m: Model, cells: number[], at: number, value: number, mode: 'update' | 'write'): boolean {
  const old = cells[at]!;
  const target = mode === 'update' ? value : old & value;
  const erase = (~old & target & 0xff) !== 0;
  if (!erase && target === 0xff) return true;
  if (m.powerLossIn === 0) {
    m.powerLossIn = undefined;
    if (erase) cells[at] = 0xff;
    modelPowerOff(m);
    return false;
  }
  if (m.powerLossIn !== undefined) m.powerLossIn--;
  cells[at] = target;
  return true;
}

/**
 * The configuration map of docs/cards/at88sc1608.md: 00-03 ATR, 04-05 fab code (FAB), 06-07 card
 * manufacturer code (CMA), 08-2F issuer code, AR/PR, AAC, Nc, Ci (PER), 30-37 Gc (secret), 38-3F
 * memory test zone (free), 40-7F password sets [PAC W, W x3, PAC R, R x3].
 */
function configRights(m: Model, a: number): { read: boolean; write: boolean } {
  const sc = secure(m);
  if (a < 6) return { read: true, write: sc && (m.fuses & FUSE_BIT.FAB) !== 0 };
  if (a < 8) return { read: true, write: sc && (m.fuses & FUSE_BIT.CMA) !== 0 };
  if (a >= 0x30 && a < 0x38) return { read: sc, write: sc };
  if (a >= 0x38 && a < 0x40) return { read: true, write: true };
  if (a < 0x40) return { read: true, write: sc };
  const owner = sc || holdsWrite(m, (a - 0x40) >> 3);
  return { read: a % 4 === 0 || owner, write: owner };
}

/** ARz bits, 0 = on: 7 write password, 6 read password, 5 authentication, 4 authentication to write,
 * 2 write lock, 1 modify forbidden, 0 program only; PRz bits 2..0 = password set. */
function zoneRights(m: Model, zone: number) {
  const ar = m.config[0x10 + 2 * zone]!;
  const on = (bit: number): boolean => (ar & (1 << bit)) === 0;
  const set = m.config[0x11 + 2 * zone]! & 7;
  const r = { writeLock: on(2), programOnly: on(0) };
  const inSet = m.active?.set === set;
  return {
    read: !on(5) && (!on(6) || inSet),
    write: !on(5) && !on(4) && !on(1) && (!on(7) || holdsWrite(m, set)),
    r,
  };
}

/** The (address → value) cells a page write loads: roll-over inside the 16-byte page. */
function page(address: number, data: number[]): [number, number][] {
  const cells = new Map<number, number>();
  data.forEach((v, i) => cells.set((address & 0xf0) | ((address + i) & 0x0f), v));
  return [...cells].sort((x, y) => x[0] - y[0]);
}

function writeUser(m: Model, address: number, data: number[]): Prediction {
  const { write, r } = zoneRights(m, m.zone!);
  const loaded = r.writeLock ? data.slice(0, 1) : data;
  if (loaded.length === 0) return ACK();
  if (!write) return NACK;
  const base = m.zone! * 256;
  const cells = page(address, loaded);
  if (r.writeLock && cells.some(([a]) => ((m.user[base + (a & 0xf8)]! >> (a & 7)) & 1) === 0)) return NACK;
  for (const [a, v] of cells) {
    const mode = r.programOnly || (r.writeLock && a % 8 === 0) ? 'write' : 'update';
    if (!program(m, m.user, base + a, v, mode)) return MUTE;
  }
  return ACK();
}

function writeConfig(m: Model, address: number, data: number[]): Prediction {
  if (address >= FUSE_ADDRESS) {
    const next = [FUSE_BIT.FAB, FUSE_BIT.CMA, FUSE_BIT.PER].find((bit) => (m.fuses & bit) !== 0);
    if (data.length > 0 || next === undefined || !secure(m)) return NACK;
    const cell = [m.fuses];
    const ok = program(m, cell, 0, m.fuses & ~next, 'write');
    m.fuses = cell[0]!;
    return ok ? ACK() : MUTE;
  }
  if (data.length === 0) return ACK();
  const cells = page(address, data);
  if (!cells.every(([a]) => configRights(m, a).write)) return NACK;
  for (const [a, v] of cells) if (!program(m, m.config, a, v, 'update')) return MUTE;
  return ACK();
}

function verify(m: Model, ref: PasswordRef, password: number[]): Prediction {
  const at = 0x40 + 8 * ref.set + (ref.kind === 'read' ? 4 : 0);
  const pac = m.config[at]!;
  if (pac === 0) return ACK();
  const right = password.every((b, i) => m.config[at + 1 + i] === b);
  m.active = null;
  if (!program(m, m.config, at, right ? 0xff : pac & (pac - 1), right ? 'update' : 'write')) return MUTE;
  if (right) m.active = ref;
  return ACK();
}

/** Predicts the card's answer to one command and updates the model. */
export function modelExecute(m: Model, bytes: number[], readLength = 1): Prediction {
  if (!m.powered) return MUTE;
  const [code, address = 0, ...rest] = bytes;
  if (code === undefined || code < C.writeUserZone || code > C.readConfigurationZone) return NACK;
  if (bytes.length === 1) return ACK();
  const reads = Array.from({ length: readLength }, (_, i) => i);
  switch (code) {
    case C.setUserZoneAddress:
      if (bytes.length !== 2) return NACK;
      m.zone = address & 7;
      return ACK();
    case C.readUserZone:
      if (bytes.length !== 2 || m.zone === null) return NACK;
      if (!zoneRights(m, m.zone).read) return ACK(reads.map(() => 0));
      return ACK(reads.map((i) => m.user[m.zone! * 256 + ((address + i) & 0xff)]!));
    case C.writeUserZone:
      return m.zone === null ? NACK : writeUser(m, address, rest);
    case C.readConfigurationZone:
      if (bytes.length !== 2) return NACK;
      if (address >= FUSE_ADDRESS) return ACK(reads.map(() => m.fuses));
      return ACK(reads.map((i) => (address + i) & 0x7f).map((a) => (configRights(m, a).read ? m.config[a]! : 0)));
    case C.writeConfigurationZone:
      return writeConfig(m, address, rest);
    default:
      return bytes.length === 5 ? verify(m, passwordFromIndex(address), rest) : NACK;
  }
}

