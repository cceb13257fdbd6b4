import type { Random } from '../../../src/core/random.ts';
import type { CommandCodec } from '../../../src/hsm/commands/index.ts';
import { HsmRefusal } from '../../../src/hsm/errors.ts';
import type { KeyTypeCode } from '../../../src/hsm/keys.ts';
import type { KeyStore } from '../key-store.ts';

/** What a command may use: the key store and the emulator's seeded randomness. */
export interface HandlerContext {
  readonly keys: KeyStore;
  readonly random: Random;
  readonly firmware: string;
}

/** One command as the emulator runs it: the codec to read and answer it, and what it does. */
export interface CommandHandler<Request = unknown, Answer = unknown> {
  readonly codec: CommandCodec<Request, Answer>;
  handle(request: Request, context: HandlerContext): Answer;
}

/** Keeps the request/answer types of a handler together while the registry holds it untyped. */
export function handler<Request, Answer>(codec: CommandCodec<Request, Answer>, handle: (request: Request, context: HandlerContext) => Answer): CommandHandler {
  return { codec, handle } as unknown as CommandHandler;
}

/** Refuses (`05`) a key type this command does not take. */
export function requireType(keyType: KeyTypeCode, allowed: readonly KeyTypeCode[], use: string, field = 'key type'): void {
  if (!allowed.includes(keyType)) throw new HsmRefusal('05', field, `a key of type ${keyType} is not allowed for ${use} (only ${allowed.join(', ')})`);
}
