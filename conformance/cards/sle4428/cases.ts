import { checkProperty } from '../../framework/property.ts';
import type { ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, type CardTarget } from '../target.ts';
import { transcriptCases } from '../transcript.ts';
import { powerCases } from './cases-power.ts';
import { pscCases } from './cases-psc.ts';
import { readCases } from './cases-read.ts';
import { secCases } from './cases-sec.ts';
import { writeCases } from './cases-write.ts';
import { sle4428Property } from './model-commands.ts';

/** The model-based case: as many random sequences as the run asks for (context.propertyRuns). */
export const sle4428ModelCase: ConformanceCase<CardTarget> = {
  id: 'SLE4428-MODEL-001',
  clause: 'docs/cards/sle4428.md (every rule), checked against conformance/cards/sle4428/model.ts',
  title: 'random command sequences (PSC attacks, writes, protection, power loss) answer as the model says',
  tags: ['model', 'property'],
  requires: [CARD_CAPABILITY.freshCard],
  async run(context) {
    // power-loss steps only where the target can inject it (a real card behind a reader cannot)
    const powerLoss = (await context.target.newCard()).faults !== undefined;
    context.evidence.note(`fast-check seed ${context.seed}, power-loss steps ${powerLoss ? 'on' : 'off'}`);
    await checkProperty(sle4428Property(context.target, { powerLoss }), context);
  },
};

export const sle4428Cases: ConformanceCase<CardTarget>[] = [
  ...readCases,
  ...pscCases,
  ...secCases,
  ...writeCases,
  ...powerCases,
  ...transcriptCases('SLE4428'),
  sle4428ModelCase,
];
