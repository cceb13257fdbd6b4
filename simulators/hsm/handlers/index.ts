import type { CommandHandler } from './handler.ts';
import { decryptDataHandler, encryptDataHandler } from './data.ts';
import { diagnosticsHandler } from './diagnostics.ts';
import { checkValueHandler, exportKeyHandler, formKeyHandler, generateKeyHandler, importKeyHandler } from './key-management.ts';
import { generateMacHandler, verifyMacHandler } from './mac.ts';
import { deriveKeyHandler, generateTacHandler, purseLoadHandler, sessionKeyHandler, verifyTacHandler } from './purse.ts';

export type { CommandHandler, HandlerContext } from './handler.ts';

/** Every command the emulator runs, by command code. */
export const HANDLERS: ReadonlyMap<string, CommandHandler> = new Map(
  [
    generateKeyHandler,
    formKeyHandler,
    importKeyHandler,
    exportKeyHandler,
    checkValueHandler,
    generateMacHandler,
    verifyMacHandler,
    encryptDataHandler,
    decryptDataHandler,
    deriveKeyHandler,
    sessionKeyHandler,
    purseLoadHandler,
    generateTacHandler,
    verifyTacHandler,
    diagnosticsHandler,
  ].map((h) => [h.codec.command, h]),
);
