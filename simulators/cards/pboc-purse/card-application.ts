import { hexWord } from '../../../src/core/hex.ts';
import type { ApplicationContext, ApplicationFactory, CardApplication } from '../cpu/application.ts';
import type { CommandApdu } from '../cpu/apdu.ts';
import type { DedicatedFile } from '../cpu/files.ts';
import { ok, status, type Outcome } from '../cpu/outcome.ts';
import { CpuProfileError } from '../cpu/profile/errors.ts';
import { readSettings } from './settings.ts';
import type { PurseHost } from './context.ts';
import type { PurseProfile, PurseVariant } from './profile.ts';
import { PbocPurse } from './purse.ts';
import { findPurseFiles, type PurseFiles } from './state-files.ts';
import type { PurseApplication } from './transaction-types.ts';

/** What the purse needs beyond its DF's keys and files: the DF's `applicationSettings` in the profile, over the factory's defaults. */
export interface PurseSettings {
  readonly application: PurseApplication;
  readonly overdraftLimit: number;
  readonly maxBalance: number;
  readonly variant: PurseVariant;
  /** The transparent EF of the purse data (default 0002). */
  readonly dataFid?: number;
  /** The linear-fixed EF of the transaction log (default 0018). */
  readonly logFid?: number;
}

/**
 * The PBOC purse as an application of the CPU card emulator: the DF's key file gives its keys (usage
 * `load` and `purchase` by key id = the key index terminals name, `tac` the TAC key), its EFs hold
 * its state (state-files.ts), and its writes go through the card's memory, so power loss and
 * anti-tearing apply to a CREDIT or DEBIT as to any write. [docs/purse/card-application.md]
 */
export function pbocPurseApplication(defaults: Partial<PurseSettings> = {}): ApplicationFactory {
  return (df) => new PurseOnCpuCard(df, readSettings(df, defaults));
}

class PurseOnCpuCard implements CardApplication {
  private readonly purse: PbocPurse;
  private readonly files: PurseFiles;
  private context: ApplicationContext | undefined;

  constructor(df: DedicatedFile, settings: PurseSettings) {
    const where = `DF ${hexWord(df.fid)}`;
    const found = findPurseFiles(df.children, settings.dataFid ?? 0x0002, settings.logFid ?? 0x0018);
    if (typeof found === 'string') throw new CpuProfileError('PBOC purse', where, found);
    this.files = found;
    const tac = df.keys.find((k) => k.usage === 'tac');
    if (tac?.value.length !== 16) throw new CpuProfileError('PBOC purse', where, 'needs a 16-byte key of usage "tac"');
    const keysOf = (usage: 'load' | 'purchase') =>
      df.keys.filter((k) => k.usage === usage && k.value.length === 16).map((k) => ({ index: k.id, version: k.version, algorithm: 0x00, value: k.value }));
    const profile: PurseProfile = {
      application: settings.application,
      loadKeys: keysOf('load'),
      purchaseKeys: keysOf('purchase'),
      tacKey: tac.value,
      overdraftLimit: settings.overdraftLimit,
      maxBalance: settings.maxBalance,
      logSize: found.log.recordCount,
      variant: settings.variant,
    };
    const host: PurseHost = {
      profile,
      state: () => this.files.read(),
      commit: (next) => this.files.write(this.current().nvm, next),
      random: () => this.current().random.bytes(4),
    };
    this.purse = new PbocPurse(host);
  }

  process(command: CommandApdu, context: ApplicationContext): Outcome | undefined {
    this.context = context;
    try {
      const answer = this.purse.handle({ cla: command.cla, ins: command.ins, p1: command.p1, p2: command.p2, data: command.data });
      if (!answer) return undefined;
      return answer.sw === 0x9000 ? ok(answer.data) : status(answer.sw, answer.data);
    } finally {
      this.context = undefined;
    }
  }

  reset(): void {
    this.purse.reset();
  }

  private current(): ApplicationContext {
    if (!this.context) throw new Error('the purse used the card outside a command');
    return this.context;
  }
}
