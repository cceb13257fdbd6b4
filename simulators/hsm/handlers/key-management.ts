import type { Random } from '../../../src/core/random.ts';
import { checkValue, exportKey, formKey, generateKey, importKey } from '../../../src/hsm/commands/index.ts';
import { SCHEME_BYTES, type KeyScheme } from '../../../src/hsm/keys.ts';
import { checkKcv, checkScheme, checked, checkValueOf } from '../key-store.ts';
import { withOddParity } from '../parity.ts';
import { handler } from './handler.ts';

/** A random key of a scheme; DES keys get odd parity, as payment HSMs generate them. */
function randomKey(scheme: KeyScheme, random: Random): Uint8Array {
  const bytes = random.bytes(SCHEME_BYTES[scheme]);
  return scheme === 'G' ? bytes : withOddParity(bytes);
}

export const generateKeyHandler = handler(generateKey, (request, { keys, random }) => {
  checkScheme(request.keyType, request.scheme, 'key scheme');
  const clear = randomKey(request.scheme, random);
  const underZmk = request.zmk ? { scheme: request.scheme, cryptogram: keys.zoneCipher(request.zmk).encryptEcb(clear) } : undefined;
  return { underLmk: keys.wrap(request.keyType, request.scheme, clear), ...(underZmk ? { underZmk } : {}), checkValue: checkValueOf(request.scheme, clear) };
});

export const formKeyHandler = handler(formKey, (request, { keys }) => {
  checkScheme(request.keyType, request.scheme, 'key scheme');
  const clear = new Uint8Array(SCHEME_BYTES[request.scheme]);
  for (const component of request.components) component.forEach((byte, i) => (clear[i]! ^= byte));
  checked(request.keyType, request.scheme, clear, 'components');
  return { underLmk: keys.wrap(request.keyType, request.scheme, clear), checkValue: checkValueOf(request.scheme, clear) };
});

export const importKeyHandler = handler(importKey, (request, { keys }) => {
  checkScheme(request.keyType, request.underZmk.scheme, 'key under ZMK scheme');
  const clear = checked(request.keyType, request.underZmk.scheme, keys.zoneCipher(request.zmk).decryptEcb(request.underZmk.cryptogram), 'key under ZMK');
  checkKcv(request.underZmk.scheme, clear, request.checkValue);
  return { underLmk: keys.wrap(request.keyType, request.underZmk.scheme, clear), checkValue: checkValueOf(request.underZmk.scheme, clear) };
});

export const exportKeyHandler = handler(exportKey, (request, { keys }) => {
  const clear = keys.unwrap(request.keyType, request.underLmk, 'key under LMK');
  const zone = keys.zoneCipher(request.zmk);
  return { underZmk: { scheme: request.underLmk.scheme, cryptogram: zone.encryptEcb(clear) }, checkValue: checkValueOf(request.underLmk.scheme, clear) };
});

export const checkValueHandler = handler(checkValue, (request, { keys }) => checkValueOf(request.key.scheme, keys.unwrap(request.keyType, request.key, 'key')));
