import { checkProperty } from '../../framework/property.ts';
import type { ConformanceCase } from '../../framework/case.ts';
import { CARD_CAPABILITY, type CardTarget } from '../target.ts';
import { transcriptCases } from '../transcript.ts';
import { accessCases } from './cases-access.ts';
import { basicCases } from './cases-basic.ts';
import { configCases } from './cases-config.ts';
import { passwordCases } from './cases-password.ts';
import { at88sc153Property } from './model-commands.ts';

/** The AT88SC153 conformance suite: hand-written cases, golden transcripts and the model-based property. */
export const at88sc153Cases: ConformanceCase<CardTarget>[] = [
  ...basicCases,
  ...passwordCases,
  ...accessCases,
  ...configCases,
  ...transcriptCases('AT88SC153'),
  {
    id: 'AT88SC153-MODEL-001',
    clause: '[1016 whole command set] every answer matches the reference model (conformance/cards/at88sc153/model.ts)',
    title: 'Random command sequences behave like the reference model',
    tags: ['model', 'property'],
    requires: [CARD_CAPABILITY.freshCard],
    async run(context) {
      await checkProperty(at88sc153Property(context.target), context);
    },
  },
];
