import { systemClock, type Clock } from '../../../src/core/clock.ts';
import { CONFIG, FUSE, FUSE_ORDER, PASSWORD_LENGTH, ZONE_SIZE, initializeAuthentication, passwordRef, verifyAuthentication } from '../../../src/cards/at88sc153/commands.ts';
import * as driver from '../../../src/cards/at88sc153/driver.ts';
import type { SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import { ACS_SELECT_CODE, SW } from '../../../src/reader/memory/acs-pseudo-apdu.ts';
import { At88I2cFirmware, reading, verifyPasswordAnswer, writing } from './at88-i2c-shared.ts';
import { readBackMatches, userWriteCheck, writeAnswer, writeUserRun, type UserZoneIo } from './at88-i2c-user-write.ts';
import type { FirmwareDefinition } from './card-firmware.ts';
import { expectedLength, hasData, respond, wrapSynchronousAtr, type PseudoApdu, type PseudoApduHandler } from './pseudo-apdu.ts';

/** READ `FF B0+z`, WRITE `FF D0+z`: z = 0..2 user zone, 3 (zone 11b) configuration, 4 fuses. [ACR38x §9.3.3.2/§9.3.3.3] */
const READ_ZONE_0 = 0xb0;
const WRITE_ZONE_0 = 0xd0;
/** Zone 11b is the chip's configuration zone: the zone bits of its command byte $BD/$BC are 11 [1016 command table]. */
const CONFIG_ZONE = 3;
const FUSE_ZONE = 4;
const MAX_RP = 0x03;

/** The configuration bytes any host may read back: all but Gc and the passwords (docs/cards/at88sc153.md). */
function configReadable(address: number): boolean {
  if (address < CONFIG.secretSeed) return true;
  if (address < CONFIG.passwords) return false;
  return (address - CONFIG.passwords) % 4 === 0; // the PACs at $30 + 4k
}

/**
 * The reader firmware for an AT88SC153 (ACR38x-CCID §9.3.3): each pseudo-APDU runs the chip-level
 * host driver (src/cards/at88sc153/driver.ts), which ACK-polls the self-timed write cycle on
 * `clock` — the clock the card's cycle is measured on. Writes are checked by reading back.
 */
class At88sc153Firmware extends At88I2cFirmware {
  constructor(card: SynchronousCard, clock: Clock) {
    super('AT88SC153', card, clock, { initialize: initializeAuthentication, verify: verifyAuthentication });
  }

  protected partHandlers(): Readonly<Record<number, PseudoApduHandler>> {
    const zones = Array.from({ length: FUSE_ZONE + 1 }, (_, zone) => zone);
    return {
      ...Object.fromEntries(zones.map((zone) => [READ_ZONE_0 + zone, reading((apdu) => this.read(zone, apdu))])),
      ...Object.fromEntries(zones.map((zone) => [WRITE_ZONE_0 + zone, writing((apdu) => this.write(zone, apdu))])),
    };
  }

  protected waitReady(): Promise<void> {
    return driver.waitReady(this.card, this.poll);
  }

  /** READ_MEMORY_CARD `FF B0..B3 00 aa LL` → LL bytes of zone z from aa; `FF B4 00 00 01` → the fuse byte. [ACR38x §9.3.3.2] */
  private async read(zone: number, apdu: PseudoApdu): Promise<Uint8Array> {
    const length = expectedLength(apdu, () => true);
    if (length === undefined) return respond(SW.wrongLength);
    if (zone === FUSE_ZONE) {
      if (apdu.p1 !== 0 || apdu.p2 !== 0) return respond(SW.wrongParameters);
      if (length !== 1) return respond(SW.wrongLength);
      return respond(SW.ok, Uint8Array.of(await driver.readFuses(this.card, this.poll)));
    }
    if (apdu.p1 !== 0 || apdu.p2 + length > ZONE_SIZE) return respond(SW.wrongParameters);
    return respond(SW.ok, await this.readZone(zone, apdu.p2, length));
  }

  private readZone(zone: number, address: number, length: number): Promise<Uint8Array> {
    return zone === CONFIG_ZONE ? driver.readConfig(this.card, address, length, this.poll) : driver.readZone(this.card, zone, address, length, this.poll);
  }

  /** WRITE_MEMORY_CARD `FF D0..D3 00 aa LL data`; `FF D4 00 00 01 ff` blows fuse ff (01 FAB, 02 CMA, 04 PER). [ACR38x §9.3.3.3] */
  private async write(zone: number, apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu)) return respond(SW.wrongLength);
    if (zone === FUSE_ZONE) return this.blowFuse(apdu);
    if (apdu.p1 !== 0 || apdu.p2 + apdu.data.length > ZONE_SIZE) return respond(SW.wrongParameters);
    return zone === CONFIG_ZONE ? this.writeConfig(apdu.p2, apdu.data) : this.writeUser(zone, apdu.p2, apdu.data);
  }

  /**
   * The chip skips the bytes it may not write and still acknowledges [docs/cards/at88sc153.md], so
   * only the read-back tells: 65 81 when a byte does not read back as written. Where reading is closed
   * to this session, userWriteCheck decides what the reader can answer truthfully.
   */
  private async writeUser(zone: number, address: number, data: Uint8Array): Promise<Uint8Array> {
    const [ar = 0xff] = await driver.readConfig(this.card, CONFIG.accessRegister0 + zone, 1, this.poll);
    const io: UserZoneIo = {
      ar,
      size: ZONE_SIZE,
      read: (at, length) => driver.readZone(this.card, zone, at, length, this.poll),
      write: (at, bytes) => driver.writeZone(this.card, zone, at, bytes, this.poll),
    };
    const check = await userWriteCheck(io);
    if (check === undefined) return respond(SW.conditionsNotSatisfied);
    return writeAnswer(await writeUserRun(io, check, address, data));
  }

  /** Gc and the passwords never read back without the secure code, so only the other bytes are checked. */
  private async writeConfig(address: number, data: Uint8Array): Promise<Uint8Array> {
    await driver.writeConfig(this.card, address, data, this.poll);
    const readBack = await driver.readConfig(this.card, address, data.length, this.poll);
    return writeAnswer(readBackMatches(data, readBack, (i) => configReadable(address + i)));
  }

  /** A select byte that names no fuse blows nothing: 65 81 without troubling the card. */
  private async blowFuse(apdu: PseudoApdu): Promise<Uint8Array> {
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return respond(SW.wrongParameters);
    if (apdu.data.length !== 1) return respond(SW.wrongLength);
    const fuse = FUSE_ORDER.find((name) => FUSE[name] === apdu.data[0]);
    if (fuse === undefined) return respond(SW.memoryFailure);
    await driver.blowFuse(this.card, fuse, this.poll); // At88FuseError when it did not blow → 65 81
    return respond(SW.ok);
  }

  /** VERIFY_PASSWORD `FF 20 00 rp 03 pw` → `90 ErrorCnt` [ACR38x §9.3.3.4]; see verifyPasswordAnswer. */
  protected async verifyPassword(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu, PASSWORD_LENGTH)) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 > MAX_RP) return respond(SW.wrongParameters);
    return verifyPasswordAnswer(() => driver.verifyPassword(this.card, passwordRef(apdu.p2), apdu.data, { ...this.poll, insist: true }));
  }
}

/**
 * `start(card, clock)`: `clock` must be the clock the card measures its write cycle on (the reader's
 * and the card's, shared); without one the firmware polls in real time, as a real reader does.
 */
export const at88sc153Firmware: FirmwareDefinition = {
  cardType: 'AT88SC153',
  selectCode: ACS_SELECT_CODE.AT88SC153,
  readerAtr: wrapSynchronousAtr,
  start: (card: SynchronousCard, clock: Clock = systemClock) => new At88sc153Firmware(card, clock),
};
