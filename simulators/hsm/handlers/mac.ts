import { bytesEqual } from '../../../src/core/hex.ts';
import { macAlgorithm1, macAlgorithm3 } from '../../../src/crypto/index.ts';
import { generateMac, verifyMac, type MacRequest } from '../../../src/hsm/commands/index.ts';
import { HsmRefusal } from '../../../src/hsm/errors.ts';
import { schemeBlockBytes } from '../../../src/hsm/keys.ts';
import { cipherOf } from '../key-store.ts';
import { handler, requireType, type HandlerContext } from './handler.ts';

/** The MAC of ISO/IEC 9797-1 algorithm 1 or 3, padding 1 or 2, the left `macLength` bytes. */
function computeMac(request: MacRequest, { keys }: HandlerContext): Uint8Array {
  requireType(request.keyType, ['008', '420'], 'a MAC');
  const block = schemeBlockBytes(request.key.scheme);
  if (request.macLength < 4 || request.macLength > block) throw new HsmRefusal('15', 'MAC length', `${request.macLength} is not 4 to ${block} bytes`);
  if (request.algorithm === 3 && request.key.scheme !== 'U') throw new HsmRefusal('12', 'key scheme', 'MAC algorithm 3 needs a two-key (U) DES key');
  const clear = keys.unwrap(request.keyType, request.key, 'key');
  const options = { padding: request.padding, iv: request.iv };
  const mac = request.algorithm === 3 ? macAlgorithm3(clear, request.data, options) : macAlgorithm1(cipherOf(request.key.scheme, clear), request.data, options);
  return mac.slice(0, request.macLength);
}

export const generateMacHandler = handler(generateMac, computeMac);

export const verifyMacHandler = handler(verifyMac, (request, context) => {
  if (!bytesEqual(computeMac(request, context), request.mac)) throw new HsmRefusal('01', 'MAC', 'the MAC does not verify');
});
