import { SW } from '../../../src/cards/cpu/status-words.ts';
import { createRandom } from '../../../src/core/random.ts';
import {
  cpuCardFromProfile,
  ok,
  refuse,
  type ApplicationFactory,
  type CardApplication,
  type CpuCardEmulator,
  type ElementaryFile,
} from '../../../simulators/cards/cpu/index.ts';
import type { DfProfile } from '../../../simulators/cards/cpu/profile/types.ts';
import { fixtureProfile } from './fixture.ts';

/**
 * A toy application for the hook's tests, not the PBOC purse: the balance is the first 4 bytes
 * (big-endian) of EF SFI 21 of its DF. 80 5C 00 02 04 reads it; 80 54 00 00 04 amount takes the
 * amount off, writing one byte at a time so a power loss can land inside; 80 56 00 00 04 amount
 * writes the new balance and then refuses with 6581 (a refusal after a write). It counts its resets.
 */
export class ToyPurse implements CardApplication {
  resets = 0;

  process: CardApplication['process'] = (command, context) => {
    const ef = context.df.children.find((f): f is ElementaryFile => f.kind === 'transparent' && f.sfi === 21);
    if (!ef) refuse(SW.FILE_NOT_FOUND);
    const balance = new DataView(ef.body.buffer, ef.body.byteOffset).getUint32(0);
    if (command.ins === 0x5c) return ok(ef.body.slice(0, 4));
    if (command.ins === 0x54 || command.ins === 0x56) {
      if (command.data.length !== 4) refuse(SW.WRONG_LENGTH);
      const amount = new DataView(command.data.buffer, command.data.byteOffset).getUint32(0);
      if (amount > balance) refuse(0x9401);
      const next = new Uint8Array(4);
      new DataView(next.buffer).setUint32(0, balance - amount);
      for (let i = 0; i < 4; i++) context.nvm.write(ef.body, i, next.subarray(i, i + 1));
      if (command.ins === 0x56) refuse(SW.MEMORY_FAILURE);
      return ok();
    }
    return undefined;
  };

  reset(): void {
    this.resets++;
  }
}

export function toyPurseFactory(created: ToyPurse[] = []): Record<string, ApplicationFactory> {
  return {
    'toy-purse': () => {
      const purse = new ToyPurse();
      created.push(purse);
      return purse;
    },
  };
}

/** The fixture with DF 1001 carrying the toy purse, its balance EF holding 00 00 27 10 (10000 fen). */
export function purseProfile(protocol: 'T=0' | 'T=1' = 'T=1') {
  const profile = fixtureProfile(protocol);
  const files = profile.mf.files!.map((file) => {
    if (file.kind !== 'df') return file;
    const df = file as DfProfile;
    const inner = df.files!.map((f) => (f.kind === 'transparent' && f.fid === '0015' ? { ...f, data: '00 00 27 10' } : f));
    return { ...df, application: 'toy-purse', files: inner };
  });
  return { ...profile, mf: { ...profile.mf, files } };
}

export async function purseCard(created: ToyPurse[] = [], protocol: 'T=0' | 'T=1' = 'T=1'): Promise<CpuCardEmulator> {
  const card = cpuCardFromProfile(purseProfile(protocol), 'purse', { random: createRandom(3), applications: toyPurseFactory(created) });
  await card.powerOn();
  return card;
}

