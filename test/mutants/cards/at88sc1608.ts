import type { ChipCommand, ChipResponse } from '../../../src/cards/synchronous-card.ts';
import { FUSE_ADDRESS } from '../../../src/cards/at88sc1608/commands.ts';
import { FUSE_BIT } from '../../../src/cards/at88sc1608/config-map.ts';
import { At88sc1608Card, definitionFor } from '../../../simulators/cards/at88sc1608/index.ts';
import { configAccess, type ZoneRights } from '../../../simulators/cards/at88sc1608/access.ts';
import type { CardMutant } from './mutant.ts';

/** Page writes run on into the next page instead of rolling over inside their own. */
class NoPageRollOver extends At88sc1608Card {
  override pageSlot(address: number, index: number): number {
    return address + index;
  }
}

/** A wrong password leaves the attempts counter as it was. */
class PacNotDecremented extends At88sc1608Card {
  override nextPac(pac: number, correct: boolean): number {
    return correct ? 0xff : pac;
  }
}

/** Every user zone reads and writes freely, whatever its access register says. */
class AccessRightsIgnored extends At88sc1608Card {
  override userRights(): ZoneRights {
    return { read: true, write: true, writeLock: false, programOnly: false };
  }
}

/** The fuses are not looked at: the secure code keeps opening the configuration zone after PER. */
class ConfigWritableAfterPer extends At88sc1608Card {
  override configWritable(address: number): boolean {
    return configAccess(address, this.fuseByte() | FUSE_BIT.FAB | FUSE_BIT.CMA | FUSE_BIT.PER, this.session.active).write;
  }
}

/** Writing a value to the fuse byte sets the fuses to it: blown fuses come back. */
class FuseReversible extends At88sc1608Card {
  override async execute(command: ChipCommand): Promise<ChipResponse> {
    const [code, address, value] = command.bytes;
    if (code === 0xb4 && address === FUSE_ADDRESS && value !== undefined && command.bytes.length === 3) {
      this.fuses.load(Uint8Array.of(value));
      return { data: new Uint8Array(0), acknowledged: true, busyMicros: 0 };
    }
    return super.execute(command);
  }
}

/** RST leaves the verified password active. */
class ResetKeepsPassword extends At88sc1608Card {
  override async reset(): Promise<Uint8Array> {
    const active = this.session.active;
    const atr = await super.reset();
    this.session.active = active;
    return atr;
  }
}

/** Zone 0 is selected at power-on, so user zones answer before Set User Zone Address. */
class ZoneOpenAtPowerOn extends At88sc1608Card {
  override async powerOn(): Promise<Uint8Array> {
    const atr = await super.powerOn();
    this.session.zone = 0;
    return atr;
  }
}

/** Fakes authentication: Initialize/Verify Authentication are acknowledged and open every zone, whatever the cryptogram. */
class AuthenticationFaked extends At88sc1608Card {
  private authenticated = false;
  override async execute(command: ChipCommand): Promise<ChipResponse> {
    const code = command.bytes[0];
    if (code === 0xb6 || code === 0xb7) {
      this.authenticated = true;
      return { data: new Uint8Array(0), acknowledged: true, busyMicros: 0 };
    }
    return super.execute(command);
  }
  override userRights(zone: number): ZoneRights {
    const rights = super.userRights(zone);
    return this.authenticated ? { ...rights, read: true, write: true } : rights;
  }
}

const mutant = (name: string, breaks: string, Card: typeof At88sc1608Card): CardMutant => ({
  name,
  breaks,
  definition: definitionFor((contents, options) => new Card(contents, options)),
});

export const at88sc1608Mutants: CardMutant[] = [
  mutant('page-no-roll-over', '[0971H p1] 16-byte page write: bytes past the page end roll over inside the page', NoPageRollOver),
  mutant('pac-not-decremented', '[0971G p12] an invalid password writes one more PAC bit to 0', PacNotDecremented),
  mutant('access-rights-ignored', '[0971H p8 "User Zones"] each zone is accessible only as its access register allows', AccessRightsIgnored),
  mutant('config-writable-after-per', '[0971H p8 "Secure Code"] Write 7 is the secure code only until PER is blown', ConfigWritableAfterPer),
  mutant('fuse-reversible', '[CryptoMemory 5211C "Write Fuses"] fuses are only ever blown, never restored', FuseReversible),
  mutant('reset-keeps-password', '[0971G p12] after RST all password privileges are reset', ResetKeepsPassword),
  mutant('authentication-faked', 'stbpay: the cipher is not implemented, so authentication must be refused, never faked', AuthenticationFaked),
  mutant('zone-open-at-power-on', '[0971H §10.1] no user zone access at power-on before Set User Zone Address', ZoneOpenAtPowerOn),
];
