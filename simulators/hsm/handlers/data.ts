import { decryptData, encryptData, type CipherRequest } from '../../../src/hsm/commands/index.ts';
import { HsmRefusal } from '../../../src/hsm/errors.ts';
import { cipherOf } from '../key-store.ts';
import { handler, requireType, type HandlerContext } from './handler.ts';

function run(request: CipherRequest, { keys }: HandlerContext, decrypt: boolean): Uint8Array {
  requireType(request.keyType, ['00A'], decrypt ? 'decryption' : 'encryption');
  const cipher = cipherOf(request.key.scheme, keys.unwrap(request.keyType, request.key, 'key'));
  if (request.data.length % cipher.blockSize !== 0) throw new HsmRefusal('80', 'data', `${request.data.length} bytes is not a whole number of ${cipher.blockSize}-byte blocks`);
  if (request.mode === 'ECB') return decrypt ? cipher.decryptEcb(request.data) : cipher.encryptEcb(request.data);
  const iv = request.iv!;
  return decrypt ? cipher.decryptCbc(iv, request.data) : cipher.encryptCbc(iv, request.data);
}

export const encryptDataHandler = handler(encryptData, (request, context) => run(request, context, false));
export const decryptDataHandler = handler(decryptData, (request, context) => run(request, context, true));
