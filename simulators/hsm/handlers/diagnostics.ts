import { diagnostics } from '../../../src/hsm/commands/index.ts';
import { handler } from './handler.ts';

export const diagnosticsHandler = handler(diagnostics, (_request, { keys, firmware }) => ({ lmkCheckValue: keys.lmkCheckValue, firmware }));
