import { checkProperty } from '../../framework/property.ts';
import { CARD_CAPABILITY } from '../target.ts';
import { transcriptCases } from '../transcript.ts';
import { card, type CardCase } from './case-kit.ts';
import { memoryCases } from './cases-memory.ts';
import { physicsCases } from './cases-physics.ts';
import { securityCases } from './cases-security.ts';
import { zoneCases } from './cases-zones.ts';
import { at88sc102Property } from './model-commands.ts';

/**
 * The AT88SC102 conformance cases: hand-written ones per datasheet rule, the golden transcripts of
 * vectors/cards/AT88SC102, and the model-based property (as many sequences as the run asks for).
 */
export const at88sc102Cases: CardCase[] = [
  ...memoryCases,
  ...securityCases,
  ...zoneCases,
  ...physicsCases,
  ...transcriptCases('AT88SC102'),
  card(
    'AT88SC102-MODEL-001',
    'Every rule of docs/cards/at88sc102.md, checked against the reference model (conformance/cards/at88sc102/model.ts)',
    'Random command sequences (power loss included) answer as the reference model predicts; counters never rise without their code, fuses never heal',
    ['property', 'model'],
    async (ctx) => {
      // power-loss steps only where the target can inject it (a real card behind a reader cannot)
      const probe = await ctx.target.newCard();
      const capabilities = new Set(probe.faults ? [CARD_CAPABILITY.powerLoss] : []);
      await checkProperty(at88sc102Property(ctx.target, capabilities), ctx);
    },
  ),
];
