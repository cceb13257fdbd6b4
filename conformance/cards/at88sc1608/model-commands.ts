import fc from 'fast-check';
import type { CardTarget } from '../target.ts';
import { freshModel, modelPowerOn } from './model.ts';
import type { Watched } from './model-invariants.ts';
import { Burst, Exec, Power, type Cmd } from './model-steps.ts';

const byte = fc.integer({ min: 0, max: 255 });
const data = (max: number) => fc.array(byte, { minLength: 0, maxLength: max });
const accessValue = fc.constantFrom(0xff, 0x7f, 0xbf, 0x3f, 0xdf, 0xef, 0xfb, 0xfd, 0xfe, 0x00);
const passwordSet = fc.constantFrom(0, 1, 3, 7, 7);
const blowNextFuse = (): Exec => new Exec(() => [0xb4, 0x80], undefined, ' (blow next fuse)');

/** Verify Password with the code the card holds now (right) or a given one, chosen when it runs. */
function verifyWith(set: number, read: boolean, right: boolean, code: number[]): Exec {
  const label = right ? ' (right code)' : ' (guess)';
  return new Exec((m) => {
    const at = 0x40 + 8 * set + (read ? 4 : 0);
    return [0xb3, (read ? 8 : 0) | set, ...(right ? m.config.slice(at + 1, at + 4) : code)];
  }, undefined, label);
}

const verify = fc
  .tuple(passwordSet, fc.boolean(), fc.boolean(), fc.array(byte, { minLength: 3, maxLength: 3 }))
  .map(([set, read, right, code]) => verifyWith(set, read, right, code));

/** A password attack: up to nine wrong presentations of one password, then maybe the right one. */
const attack = fc.tuple(passwordSet, fc.boolean(), fc.integer({ min: 1, max: 9 }), fc.boolean()).map(([set, read, n, thenRight]) => {
  const wrong = Array.from({ length: n }, (_, i) => verifyWith(set, read, false, [i, 0x5a, 0xa5]));
  return new Burst(thenRight ? [...wrong, verifyWith(set, read, true, [])] : wrong);
});

/** A personalisation step: the secure code, then blowing the next fuse. */
const personalise = fc.constant(null).map(() => new Burst([verifyWith(7, false, true, []), blowNextFuse()]));

const write = (code: number, address: fc.Arbitrary<number>, payload: fc.Arbitrary<number[]>) =>
  fc.tuple(address, payload).map(([a, d]) => new Exec(() => [code, a, ...d], undefined));

const read = (code: number, address: fc.Arbitrary<number>) =>
  fc.tuple(address, fc.integer({ min: 0, max: 20 })).map(([a, n]) => new Exec(() => [code, a], n));

const configAddresses = fc.constantFrom(0x00, 0x04, 0x06, 0x08, 0x20, 0x28, 0x30, 0x38, 0x40, 0x41, 0x44, 0x45, 0x78, 0x79, 0x7c, 0x80);

/** Power loss after n programming cycles, during a write, a presentation or a fuse blow. */
const powerLoss = fc
  .tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom(0xb0, 0xb4, 0xb3), byte, fc.array(byte, { minLength: 3, maxLength: 6 }))
  .map(([n, code, a, d]) => new Exec(() => (code === 0xb3 ? [code, a & 0x0f, ...d.slice(0, 3)] : [code, a, ...d]), undefined, '', n));

/**
 * Every command of the chip, weighted so that sequences reach locks, rights and fuses. Power-loss
 * commands do nothing on a target without fault injection.
 */
export const modelCommands: fc.Arbitrary<Cmd>[] = [
  fc.constantFrom(new Power('power-on'), new Power('power-off'), new Power('reset')),
  fc.integer({ min: 0, max: 9 }).map((z) => new Exec(() => [0xb2, z], undefined)),
  read(0xb1, byte),
  read(0xb5, fc.oneof(byte, fc.constantFrom(0x40, 0x44, 0x78, 0x80))),
  verify,
  verify,
  attack,
  personalise,
  write(0xb0, byte, data(20)),
  write(0xb4, fc.integer({ min: 0x10, max: 0x1f }), fc.array(accessValue, { minLength: 1, maxLength: 4 })),
  write(0xb4, configAddresses, data(18)),
  write(0xb4, byte, data(18)),
  fc.constant(null).map(blowNextFuse),
  fc.tuple(fc.constantFrom(0xb6, 0xb7, 0xb5, 0xb0, 0x42, 0xff), data(9)).map(([c, d]) => new Exec(() => [c, ...d], undefined)),
  powerLoss,
];

/** The model-based property: any sequence of chip commands leaves card and model in agreement. */
export function at88sc1608Property(target: CardTarget): fc.IAsyncPropertyWithHooks<[Iterable<Cmd>]> {
  return fc.asyncProperty(fc.commands(modelCommands, { size: '+1' }), async (commands) => {
    const setup = async () => {
      const card = await target.newCard({ timing: false });
      const m = freshModel(target.defaultSecret);
      modelPowerOn(m);
      await card.powerOn();
      const model: Watched = { m, seen: undefined };
      return { model, real: { card } };
    };
    await fc.asyncModelRun(setup, commands);
  });
}
