import fc from 'fast-check';
import { AT88SC1604_BITS, AT88SC1604_MAP } from '../../../src/cards/at88sc1604/commands.ts';
import { CARD_CAPABILITY, type CardTarget } from '../target.ts';
import { familyArbitraries } from '../at88sc102/family-arbitraries.ts';
import type { FamilyModel, FamilyReal } from '../at88sc102/family-commands.ts';
import { initialState, powerOn } from '../at88sc102/family-model.ts';
import { at88sc1604ModelPart } from './model.ts';

/** A blank AT88SC1604 as the model sees it: FF, FZ 0F 0F, SC = the transport code, FUSE1 blown. */
export function at88sc1604BlankImage(secret: Uint8Array): Uint8Array {
  const image = new Uint8Array(AT88SC1604_BITS / 8).fill(0xff);
  image.set([0x0f, 0x0f], AT88SC1604_MAP.fz.start / 8);
  image.set(secret, AT88SC1604_MAP.sc.start / 8);
  image[AT88SC1604_MAP.fuse1.start / 8] = 0x00;
  return image;
}

/** Random AT88SC1604 command sequences checked against the reference model, invariants after every step. */
export function at88sc1604Property(target: CardTarget, capabilities: ReadonlySet<string> = new Set([CARD_CAPABILITY.powerLoss])) {
  const steps = familyArbitraries(at88sc1604ModelPart, capabilities.has(CARD_CAPABILITY.powerLoss));
  return fc.asyncProperty(fc.commands(steps, { size: '+1' }), async (commands) => {
    const setup = async (): Promise<{ model: FamilyModel; real: FamilyReal }> => {
      const card = await target.newCard({ timing: false });
      await card.powerOn();
      const state = powerOn(initialState(at88sc1604BlankImage(target.defaultSecret)));
      return { model: { state, part: at88sc1604ModelPart, seen: new Map(), authorised: new Set() }, real: { card } };
    };
    await fc.asyncModelRun(setup, commands);
  });
}
