import { hexWord } from '../../../src/core/hex.ts';
import type { CpuCard, TransmissionProtocol } from '../../../src/cards/cpu/cpu-card.ts';
import { SW } from '../../../src/cards/cpu/status-words.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import { createRandom, type Random } from '../../../src/core/random.ts';
import { PowerLost } from '../common/power-loss.ts';
import { parseCommand } from './apdu.ts';
import type { ApplicationFactory, CardApplication } from './application.ts';
import { buildAtr } from './atr.ts';
import { dispatch } from './dispatcher.ts';
import { dumpCpuCard } from './dump.ts';
import { allDfs, type DedicatedFile } from './files.ts';
import { CpuPowerLossFault, NonVolatileMemory } from './nvm.ts';
import { CardSession, type CardContext, type CardPin } from './session.ts';
import { ResponseShaper } from './transport.ts';
import { CpuProfileError } from './profile/errors.ts';
import { contentsToProfile } from './profile/to-profile.ts';
import type { CpuCardProfile } from './profile/types.ts';

/** A personalised card's contents: what a profile or an image builds. */
export interface CpuCardContents {
  readonly protocol: TransmissionProtocol;
  readonly historicalBytes: Uint8Array;
  readonly mf: DedicatedFile;
  readonly pin: CardPin | undefined;
}

export interface CpuCardOptions {
  /** Where GET CHALLENGE (and applications) draw from; a seed replays a run. Defaults to seed 1. */
  readonly random?: Random;
  /** Applications by the name a DF's profile gives; a DF naming one missing here is a profile error. */
  readonly applications?: Readonly<Record<string, ApplicationFactory>>;
}

/**
 * An emulated ISO/IEC 7816-4 CPU card. Each command runs as one non-volatile transaction: a power
 * loss armed through `faults` rolls back its writes (or tears them, if armed so), the card goes
 * mute (CardMuteError) and, like a card pulled from the reader, loses all volatile state.
 */
export class CpuCardEmulator implements CpuCard {
  readonly faults = new CpuPowerLossFault();
  readonly nvm = new NonVolatileMemory(this.faults);
  readonly protocol: TransmissionProtocol;
  private readonly random: Random;
  private readonly applications = new Map<DedicatedFile, CardApplication>();
  private readonly shaper: ResponseShaper;
  private session: CardSession;
  private powered = false;

  constructor(
    private readonly contents: CpuCardContents,
    options: CpuCardOptions = {},
  ) {
    this.protocol = contents.protocol;
    this.random = options.random ?? createRandom(1);
    this.shaper = new ResponseShaper(contents.protocol);
    this.session = new CardSession(contents.mf);
    for (const df of allDfs(contents.mf)) {
      if (df.application === undefined) continue;
      const factory = options.applications?.[df.application];
      if (!factory) {
        const fid = hexWord(df.fid);
        throw new CpuProfileError('card options', `DF ${fid} application`, `"${df.application}" is not among the applications the card was given`);
      }
      this.applications.set(df, factory(df));
    }
  }

  get isPowered(): boolean {
    return this.powered;
  }

  async powerOn(): Promise<Uint8Array> {
    this.dropVolatileState();
    this.powered = true;
    return buildAtr(this.protocol, this.contents.historicalBytes);
  }

  async powerOff(): Promise<void> {
    this.powered = false;
    this.dropVolatileState();
  }

  async transmit(bytes: Uint8Array): Promise<Uint8Array> {
    if (!this.powered) throw new CardMuteError('CPU card is not powered: power it on before sending APDUs');
    try {
      return this.nvm.transaction(() => this.process(bytes));
    } catch (error) {
      if (error instanceof PowerLost) await this.powerOff();
      throw error;
    }
  }

  /** The non-volatile state as a profile (with the PIN's tries left): save it and load it back as the same card. */
  toProfile(): CpuCardProfile {
    return contentsToProfile(this.contents);
  }

  dump(): string {
    return dumpCpuCard(this.contents, this.powered ? this.session : undefined);
  }

  private process(bytes: Uint8Array): Uint8Array {
    const command = parseCommand(bytes);
    if (!command) return Uint8Array.of(SW.WRONG_LENGTH >> 8, SW.WRONG_LENGTH & 0xff);
    if (this.shaper.isGetResponse(command)) return this.shaper.getResponse(command);
    const before = this.session.currentDf;
    const context: CardContext = { session: this.session, pin: this.contents.pin, nvm: this.nvm, random: this.random, protocol: this.protocol };
    const outcome = dispatch(command, context, this.applications.get(before));
    if (this.session.currentDf !== before) this.applications.get(before)?.reset();
    return this.shaper.shape(command, outcome);
  }

  private dropVolatileState(): void {
    this.session = new CardSession(this.contents.mf);
    this.shaper.reset();
    for (const application of this.applications.values()) application.reset();
  }
}
