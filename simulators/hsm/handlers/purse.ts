import { bytesEqual, concatBytes } from '../../../src/core/hex.ts';
import { diversifyKey, foldTacKey, purseMac, sessionKey } from '../../../src/crypto/index.ts';
import { deriveKey, generateTac, purseLoad, sessionKey as sessionKeyCommand, verifyTac, type PurseKey, type TacDataRequest } from '../../../src/hsm/commands/index.ts';
import { HsmRefusal } from '../../../src/hsm/errors.ts';
import { CARD_KEY_OF, type KeyTypeCode } from '../../../src/hsm/keys.ts';
import { checkValueOf } from '../key-store.ts';
import { handler, requireType, type HandlerContext } from './handler.ts';

/** Dispersion, level by level, outermost factor first. [psam_hsm.md §1.3: two-level dispersion repeats the step] */
function disperse(masterKey: Uint8Array, factors: readonly Uint8Array[]): Uint8Array {
  return factors.reduce((key, factor) => diversifyKey(key, factor), masterKey);
}

/**
 * The card's key: a master key (`master` type) dispersed with 1–3 factors, or a card key (`card`
 * type) taken as it is when no factor is given. Anything else is `05`.
 */
function cardKey(request: PurseKey, master: KeyTypeCode, { keys }: HandlerContext, use: string): Uint8Array {
  const card = CARD_KEY_OF[master]!;
  requireType(request.keyType, request.factors.length === 0 ? [card] : [master], `${use} with ${request.factors.length} dispersion levels`);
  return disperse(keys.unwrap(request.keyType, request.key, 'key'), request.factors);
}

export const deriveKeyHandler = handler(deriveKey, (request, context) => {
  requireType(request.keyType, ['401', '402', '403'], 'dispersion');
  const clear = disperse(context.keys.unwrap(request.keyType, request.key, 'key'), request.factors);
  const keyType = CARD_KEY_OF[request.keyType]!;
  return { keyType, underLmk: context.keys.wrap(keyType, 'U', clear), checkValue: checkValueOf('U', clear) };
});

/** Decimal digits packed two to a byte (BCD), as the card takes the host date and time. */
const bcd = (digits: string): Uint8Array => Uint8Array.from(Buffer.from(digits, 'hex'));

/** [psam_hsm.md §1.3 load: SESLK = 3DES(DLK, random ‖ online seq ‖ 8000); MAC1 then MAC2 under SESLK] */
export const purseLoadHandler = handler(purseLoad, (request, context) => {
  const dlk = cardKey(request, '401', context, 'a purse load');
  const seslk = sessionKey(dlk, concatBytes(request.random, request.onlineSeq, Uint8Array.of(0x80, 0x00)));
  const type = Uint8Array.of(request.transactionType);
  const mac1 = purseMac(seslk, concatBytes(request.balance, request.amount, type, request.terminal));
  if (!bytesEqual(mac1, request.mac1)) throw new HsmRefusal('01', 'MAC1', 'the card\'s load MAC1 does not verify');
  return purseMac(seslk, concatBytes(request.amount, type, request.terminal, bcd(request.hostDate), bcd(request.hostTime)));
});

/** A purchase key (402/412) or a load key (401/411) gives the session key its input asks for. */
export const sessionKeyHandler = handler(sessionKeyCommand, (request, context) => {
  const master = request.keyType === '402' || request.keyType === '412' ? '402' : '401';
  const clear = sessionKey(cardKey(request, master, context, 'a session key'), request.input);
  return { underLmk: context.keys.wrap('420', 'Z', clear), checkValue: checkValueOf('Z', clear) };
});

/** [psam_hsm.md §1.3 TAC: the purse MAC under DTK_L ⊕ DTK_R] */
function tacOf(request: TacDataRequest, context: HandlerContext): Uint8Array {
  return purseMac(foldTacKey(cardKey(request, '403', context, 'a TAC')), request.data);
}

export const generateTacHandler = handler(generateTac, tacOf);

export const verifyTacHandler = handler(verifyTac, (request, context) => {
  if (!bytesEqual(tacOf(request, context), request.tac)) throw new HsmRefusal('01', 'TAC', 'the TAC does not verify');
});
