import { checkProperty } from '../../framework/property.ts';
import { transcriptCases } from '../transcript.ts';
import { FRESH, type Case } from './case-kit.ts';
import { accessCases } from './cases-access.ts';
import { configCases } from './cases-config.ts';
import { fuseCases } from './cases-fuse.ts';
import { memoryCases } from './cases-memory.ts';
import { passwordCases } from './cases-password.ts';
import { powerCases } from './cases-power.ts';
import { at88sc1608Property } from './model-commands.ts';

/** The model-based case: as many random sequences as the run asks for (context.propertyRuns). */
export const modelCase: Case = {
  id: 'AT88SC1608-MODEL-001',
  clause: 'docs/cards/at88sc1608.md (the reference model of every rule above)',
  title: 'Any sequence of chip commands, power cycles and power losses agrees with the reference model',
  tags: ['model', 'property'],
  requires: FRESH,
  run: (context) => checkProperty(at88sc1608Property(context.target), context),
};

export const at88sc1608Cases: Case[] = [
    ...memoryCases,
    ...passwordCases,
    ...configCases,
    ...accessCases,
    ...fuseCases,
    ...powerCases,
    ...transcriptCases('AT88SC1608'),
    modelCase,
];
