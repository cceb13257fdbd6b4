import { checkProperty } from '../../framework/property.ts';
import type { ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, type CardTarget } from '../target.ts';
import { transcriptCases } from '../transcript.ts';
import { powerCases } from './cases-power.ts';
import { pscCases } from './cases-psc.ts';
import { readCases } from './cases-read.ts';
import { writeCases } from './cases-write.ts';
import { sle4442Property } from './model-commands.ts';

/** Random command sequences against the reference model; as many as the run asks for (context.propertyRuns). */
const modelCase: ConformanceCase<CardTarget> = {
  id: 'SLE4442-MODEL-001',
  clause: 'SLE4442 datasheet (all rules), checked against the reference model conformance/cards/sle4442/model.ts',
  title: 'random command sequences (PSC attacks, writes, protection, power cycles, power loss) behave as the model predicts',
  tags: ['model', 'property'],
  requires: [CARD_CAPABILITY.freshCard, CARD_CAPABILITY.powerLoss, CARD_CAPABILITY.timing],
  async run(context) {
    await checkProperty(sle4442Property(context.target), context);
  },
};

export const sle4442Cases: ConformanceCase<CardTarget>[] = [
  ...readCases,
  ...writeCases,
  ...pscCases,
  ...powerCases,
  ...transcriptCases('SLE4442'),
  modelCase,
];
