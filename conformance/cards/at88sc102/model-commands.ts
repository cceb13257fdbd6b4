import fc from 'fast-check';
import { AT88SC102_BITS, AT88SC102_MAP } from '../../../src/cards/at88sc102/commands.ts';
import { CARD_CAPABILITY, type CardTarget } from '../target.ts';
import { familyArbitraries } from './family-arbitraries.ts';
import type { FamilyModel, FamilyReal } from './family-commands.ts';
import { initialState, powerOn } from './family-model.ts';
import { at88sc102ModelPart } from './model.ts';

/** A blank AT88SC102 as the model sees it: FF, FZ 0F 0F, SC = the transport code. */
export function at88sc102BlankImage(secret: Uint8Array): Uint8Array {
  const image = new Uint8Array(AT88SC102_BITS / 8).fill(0xff);
  image.set([0x0f, 0x0f], AT88SC102_MAP.fz.start / 8);
  image.set(secret, AT88SC102_MAP.sc.start / 8);
  return image;
}

/**
 * Random AT88SC102 command sequences checked against the reference model, with invariants after
 * every step. `capabilities` says whether power loss can be injected.
 */
export function at88sc102Property(target: CardTarget, capabilities: ReadonlySet<string> = new Set([CARD_CAPABILITY.powerLoss])) {
  const steps = familyArbitraries(at88sc102ModelPart, capabilities.has(CARD_CAPABILITY.powerLoss));
  return fc.asyncProperty(fc.commands(steps, { size: '+1' }), async (commands) => {
    const setup = async (): Promise<{ model: FamilyModel; real: FamilyReal }> => {
      const card = await target.newCard({ timing: false });
      await card.powerOn();
      const state = powerOn(initialState(at88sc102BlankImage(target.defaultSecret)));
      return { model: { state, part: at88sc102ModelPart, seen: new Map(), authorised: new Set() }, real: { card } };
    };
    await fc.asyncModelRun(setup, commands);
  });
}
