import { systemClock, type Clock } from '../../../src/core/clock.ts';
import { sendUntilAcknowledged } from '../../../src/cards/at88-i2c/ack-polling.ts';
import {
  CONFIG_SIZE,
  FUSE_ADDRESS,
  ZONE_COUNT,
  ZONE_SIZE,
  initializeAuthentication,
  passwordFromIndex,
  readFuses,
  verifyAuthentication,
} from '../../../src/cards/at88sc1608/commands.ts';
import { FUSE_ORDER, accessRegisterAddress } from '../../../src/cards/at88sc1608/config-map.ts';
import * as driver from '../../../src/cards/at88sc1608/driver.ts';
import type { SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import { ACS_SELECT_CODE, SW } from '../../../src/reader/memory/acs-pseudo-apdu.ts';
import { At88I2cFirmware, reading, verifyPasswordAnswer, writing } from './at88-i2c-shared.ts';
import { readBackMatches, userWriteCheck, writeAnswer, writeUserRun, type UserZoneIo } from './at88-i2c-user-write.ts';
import type { FirmwareDefinition } from './card-firmware.ts';
import { expectedLength, hasData, respond, wrapSynchronousAtr, type PseudoApdu, type PseudoApduHandler } from './pseudo-apdu.ts';

/** [ACR38x §9.3.4.2/§9.3.4.3] B0/D0 user zone, B1/D1 configuration zone or (byte address 80) the fuses. */
const INS = { readUser: 0xb0, readConfig: 0xb1, writeUser: 0xd0, writeConfig: 0xd1 } as const;

/** P1 = `0000 0 A10 A9 A8`: the user address is 11 bits, zone = A10..A8 [ACR38x §9.3.4.2]. */
const USER_SIZE = ZONE_COUNT * ZONE_SIZE;
/** VERIFY_PASSWORD data: RP = `0000 r p2 p1 p0`, then 3 password bytes [ACR38x §9.3.4.4]. */
const VERIFY_DATA_LENGTH = 4;
const MAX_RP = 0x0f;

/** One zone's share of a run of user addresses. */
interface ZoneRun {
  readonly zone: number;
  readonly address: number;
  readonly offset: number;
  readonly length: number;
}

/** Splits `length` bytes from the 11-bit user address `start` on zone boundaries (Set User Zone Address per zone). */
function zoneRuns(start: number, length: number): ZoneRun[] {
  const runs: ZoneRun[] = [];
  for (let offset = 0; offset < length; ) {
    const at = start + offset;
    const run = Math.min(ZONE_SIZE - (at % ZONE_SIZE), length - offset);
    runs.push({ zone: Math.floor(at / ZONE_SIZE), address: at % ZONE_SIZE, offset, length: run });
    offset += run;
  }
  return runs;
}

/**
 * The reader firmware for an AT88SC1608 (ACR38x-CCID §9.3.4): each pseudo-APDU runs the chip-level
 * host driver (src/cards/at88sc1608/driver.ts), which ACK-polls with $B5 on `clock` before every
 * command, so a NACK is the chip refusing it. Writes are checked by reading back.
 */
class At88sc1608Firmware extends At88I2cFirmware {
  constructor(card: SynchronousCard, clock: Clock) {
    super('AT88SC1608', card, clock, { initialize: initializeAuthentication, verify: verifyAuthentication });
  }

  protected partHandlers(): Readonly<Record<number, PseudoApduHandler>> {
    return {
      [INS.readUser]: reading((apdu) => this.readUser(apdu)),
      [INS.readConfig]: reading((apdu) => this.readConfig(apdu)),
      [INS.writeUser]: writing((apdu) => this.writeUser(apdu)),
      [INS.writeConfig]: writing((apdu) => this.writeConfig(apdu)),
    };
  }

  protected waitReady(): Promise<unknown> {
    return driver.waitReady(this.card, this.poll);
  }

  /** READ_MEMORY_CARD `FF B0 0z aa LL` → LL user bytes from 11-bit address z·256+aa, across zones. [ACR38x §9.3.4.2] */
  private async readUser(apdu: PseudoApdu): Promise<Uint8Array> {
    const length = expectedLength(apdu, () => true);
    if (length === undefined) return respond(SW.wrongLength);
    const start = apdu.p1 * ZONE_SIZE + apdu.p2;
    if (start + length > USER_SIZE) return respond(SW.wrongParameters);
    return respond(SW.ok, await this.readUserRange(start, length));
  }

  private async readUserRange(start: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    for (const run of zoneRuns(start, length)) {
      out.set(await driver.readUserZone(this.card, run.zone, run.address, run.length, this.poll), run.offset);
    }
    return out;
  }

  /** `FF B1 00 aa LL` → configuration bytes; `FF B1 xx 80 01` → the fuse byte (P1 "don't care"). [ACR38x §9.3.4.2] */
  private async readConfig(apdu: PseudoApdu): Promise<Uint8Array> {
    const length = expectedLength(apdu, () => true);
    if (length === undefined) return respond(SW.wrongLength);
    if (apdu.p2 === FUSE_ADDRESS) {
      if (length !== 1) return respond(SW.wrongLength);
      return respond(SW.ok, (await sendUntilAcknowledged(this.card, readFuses(), this.poll)).data);
    }
    if (apdu.p1 !== 0 || apdu.p2 + length > CONFIG_SIZE) return respond(SW.wrongParameters);
    return respond(SW.ok, await driver.readConfig(this.card, apdu.p2, length, this.poll));
  }

  /**
   * WRITE_MEMORY_CARD `FF D0 0z aa LL data` [ACR38x §9.3.4.3]: per zone, in 16-byte pages (one byte
   * per command in write-lock mode); 65 81 when the chip NACKs a page (rights) or a byte does not
   * read back as written (program-only zone). Where reading a zone is closed to this session,
   * userWriteCheck decides, for every zone before anything is written, what the reader can answer.
   */
  private async writeUser(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu)) return respond(SW.wrongLength);
    const start = apdu.p1 * ZONE_SIZE + apdu.p2;
    if (start + apdu.data.length > USER_SIZE) return respond(SW.wrongParameters);
    const runs = [];
    for (const run of zoneRuns(start, apdu.data.length)) {
      const zone = await this.userZone(run.zone);
      const check = await userWriteCheck(zone);
      if (check === undefined) return respond(SW.conditionsNotSatisfied);
      runs.push({ run, zone, check });
    }
    let taken = true;
    for (const { run, zone, check } of runs) {
      taken = (await writeUserRun(zone, check, run.address, apdu.data.subarray(run.offset, run.offset + run.length))) && taken;
    }
    return writeAnswer(taken);
  }

  private async userZone(zone: number): Promise<UserZoneIo> {
    const [ar = 0xff] = await driver.readConfig(this.card, accessRegisterAddress(zone), 1, this.poll);
    return {
      ar,
      size: ZONE_SIZE,
      read: (at, length) => driver.readUserZone(this.card, zone, at, length, this.poll),
      write: (at, bytes) => driver.writeUserZone(this.card, zone, at, bytes, this.poll),
    };
  }

  /**
   * `FF D1 00 aa LL data` writes the configuration zone; `FF D1 xx 80 01 dd` blows the next intact
   * fuse (FAB, CMA, PER), the data byte ignored: the chip's $B4 $80 carries none. [ACR38x §9.3.4.3]
   * The chip NACKs a write it refuses as a whole (0971 docs: refused whole if any byte is not writable).
   */
  private async writeConfig(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu)) return respond(SW.wrongLength);
    if (apdu.p2 === FUSE_ADDRESS) return this.blowNextFuse(apdu);
    if (apdu.p1 !== 0 || apdu.p2 + apdu.data.length > CONFIG_SIZE) return respond(SW.wrongParameters);
    await driver.writeConfig(this.card, apdu.p2, apdu.data, this.poll);
    return writeAnswer(readBackMatches(apdu.data, await driver.readConfig(this.card, apdu.p2, apdu.data.length, this.poll)));
  }

  private async blowNextFuse(apdu: PseudoApdu): Promise<Uint8Array> {
    if (apdu.data.length !== 1) return respond(SW.wrongLength);
    const fuses = await driver.readFuses(this.card, this.poll);
    const next = FUSE_ORDER.find((name) => !fuses[name]);
    if (next === undefined) return respond(SW.memoryFailure); // every fuse already blown
    await driver.blowFuse(this.card, next, this.poll); // NACK (no secure code) or not blown → 65 81
    return respond(SW.ok);
  }

  /** VERIFY_PASSWORD `FF 20 00 00 04 RP pw` → `90 ErrorCnt` [ACR38x §9.3.4.4]; see verifyPasswordAnswer. */
  protected async verifyPassword(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu, VERIFY_DATA_LENGTH)) return respond(SW.wrongLength);
    const rp = apdu.data[0]!;
    if (apdu.p1 !== 0 || apdu.p2 !== 0 || rp > MAX_RP) return respond(SW.wrongParameters);
    return verifyPasswordAnswer(() => driver.verifyPassword(this.card, passwordFromIndex(rp), apdu.data.subarray(1), { ...this.poll, insist: true }));
  }
}

/**
 * `start(card, clock)`: `clock` must be the clock the card measures its write cycle on (the reader's
 * and the card's, shared); without one the firmware polls in real time, as a real reader does.
 */
export const at88sc1608Firmware: FirmwareDefinition = {
  cardType: 'AT88SC1608',
  selectCode: ACS_SELECT_CODE.AT88SC1608,
  readerAtr: wrapSynchronousAtr,
  start: (card: SynchronousCard, clock: Clock = systemClock) => new At88sc1608Firmware(card, clock),
};
