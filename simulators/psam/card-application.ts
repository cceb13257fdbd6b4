import { hexWord } from '../../src/core/hex.ts';
import type { ApplicationContext, ApplicationFactory, CardApplication } from '../cards/cpu/application.ts';
import type { CommandApdu } from '../cards/cpu/apdu.ts';
import type { DedicatedFile, KeyUsage, TransparentFile } from '../cards/cpu/files.ts';
import { ok, status, type Outcome } from '../cards/cpu/outcome.ts';
import { CpuProfileError } from '../cards/cpu/profile/errors.ts';
import { KEY_USAGE, type PsamKey, type PsamProfile } from './profile.ts';
import { PsamApplication } from './psam-application.ts';

/** The card key usages a PSAM's key file may hold, as the PSAM's key usage attributes. */
const USAGE_OF: Partial<Record<KeyUsage, number>> = { purchase: KEY_USAGE.purchase, load: KEY_USAGE.load, tac: KEY_USAGE.tac, other: KEY_USAGE.macEncrypt };

export interface PsamSettings {
  readonly dispersionOrder?: PsamProfile['dispersionOrder'];
}

/**
 * The PSAM as an application of the CPU card emulator, on the DF that holds its files: EF 0016 (SFI
 * 22, 6 bytes) the terminal number, readable by terminals (`00 B0 96 00 06`); EF 0019 (4 bytes,
 * internal) the terminal transaction sequence number, written through the card's memory. Its key file
 * holds the issuer master keys: usage `purchase` (id = the card key version INIT SAM names), `tac`,
 * `load`, and `other` for MAC/encrypt keys. [docs/purse/psam.md]
 */
export function psamApplication(settings: PsamSettings = {}): ApplicationFactory {
  return (df) => new PsamOnCpuCard(df, settings);
}

class PsamOnCpuCard implements CardApplication {
  private readonly app: PsamApplication;
  private context: ApplicationContext | undefined;

  constructor(df: DedicatedFile, settings: PsamSettings) {
    const where = `DF ${hexWord(df.fid)}`;
    const terminal = transparent(df, 0x0016, 6, where);
    const sequence = transparent(df, 0x0019, 4, where);
    const keys: PsamKey[] = [];
    for (const key of df.keys) {
      const usage = USAGE_OF[key.usage];
      if (usage !== undefined && key.value.length === 16) keys.push({ usage, id: key.id, value: key.value });
    }
    const dispersionOrder = settings.dispersionOrder ?? 'last-first';
    const view = new DataView(sequence.body.buffer, sequence.body.byteOffset, 4);
    this.app = new PsamApplication({
      // read at every command: the terminal number is EF 0016's bytes as they are now
      get profile(): PsamProfile {
        return { terminalNumber: terminal.body.slice(0, 6), keys, dispersionOrder };
      },
      state: () => ({ terminalSeq: view.getUint32(0) }),
      commit: (next) => {
        const bytes = new Uint8Array(4);
        new DataView(bytes.buffer).setUint32(0, next.terminalSeq);
        this.current().nvm.write(sequence.body, 0, bytes);
      },
    });
  }

  process(command: CommandApdu, context: ApplicationContext): Outcome | undefined {
    this.context = context;
    try {
      const answer = this.app.handle({ cla: command.cla, ins: command.ins, p1: command.p1, p2: command.p2, data: command.data });
      if (!answer) return undefined;
      return answer.sw === 0x9000 ? ok(answer.data) : status(answer.sw, answer.data);
    } finally {
      this.context = undefined;
    }
  }

  reset(): void {
    this.app.reset();
  }

  private current(): ApplicationContext {
    if (!this.context) throw new Error('the PSAM used the card outside a command');
    return this.context;
  }
}

function transparent(df: DedicatedFile, fid: number, size: number, where: string): TransparentFile {
  const file = df.children.find((f): f is TransparentFile => f.kind === 'transparent' && f.fid === fid);
  if (!file || file.body.length < size) {
    throw new CpuProfileError('PSAM', where, `needs a transparent EF ${hexWord(fid)} of at least ${size} bytes`);
  }
  return file;
}
