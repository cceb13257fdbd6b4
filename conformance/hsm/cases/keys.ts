import { check, checkBytes, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { toCompactHex } from '../../../src/core/hex.ts';
import { diversifyKey, keyCheckValue, tdes } from '../../../src/crypto/index.ts';
import * as commands from '../../../src/hsm/commands/index.ts';
import { keyTokenField } from '../../../src/hsm/codec/key-fields.ts';
import type { KeyToken, KeyTypeCode } from '../../../src/hsm/keys.ts';
import { withHsm, type HsmSession } from '../session.ts';
import type { HsmTarget } from '../target.ts';
import { CHANGSHA_CARD, TEST_KEY, underZmk, ZMK_CLEAR, ZMK_COMPONENTS } from '../vectors.ts';

/** The check value the suite expects of a clear 3DES key: left 3 bytes of 3DES(key, zeros). [docs/hsm.md §5.4] */
export const kcvOf = (clear: Uint8Array): Uint8Array => keyCheckValue(tdes(clear));

/** Forms the suite's ZMK in the HSM from its two components and checks its KCV; returns it under the LMK. */
export async function formZmk(session: HsmSession): Promise<KeyToken> {
  const answer = await session.ok(commands.formKey, { keyType: '000', scheme: 'U', components: [...ZMK_COMPONENTS] }, 'A4 form the ZMK from two components');
  checkBytes(answer.checkValue, kcvOf(ZMK_CLEAR), 'KCV of the formed ZMK');
  return answer.underLmk;
}

/** Forms a key of a type from one clear component and checks its KCV. */
export async function formClear(session: HsmSession, keyType: KeyTypeCode, scheme: KeyToken['scheme'], clear: Uint8Array, what: string): Promise<KeyToken> {
  const answer = await session.ok(commands.formKey, { keyType, scheme, components: [clear] }, `A4 form ${what}`);
  return answer.underLmk;
}

function hasOddParity(key: Uint8Array): boolean {
  return key.every((byte) => {
    let bits = 0;
    for (let b = byte; b !== 0; b >>= 1) bits += b & 1;
    return bits % 2 === 1;
  });
}

/** A clear 16-byte key with byte 0 of even parity: a parity-checked type must refuse it. */
const EVEN_PARITY_KEY = Uint8Array.from(TEST_KEY, (b, i) => (i === 0 ? b ^ 0x01 : b));

export const keyCases: ConformanceCase<HsmTarget>[] = [
  {
    id: 'HSM-KEY-A4-001',
    clause: 'docs/hsm.md §6 A4, BU; §5.4 (KCV); §2 (hex in either case, answers upper case)',
    title: 'A4 forms the ZMK from two components with the KCV the suite computes; BU of the token gives it again; lower-case components form the same key',
    tags: ['key', 'A4', 'BU'],
    async run(context) {
      await withHsm(context, async (session) => {
        const zmk = await formZmk(session);
        checkBytes(await session.ok(commands.checkValue, { keyType: '000', key: zmk }, 'BU of the ZMK'), kcvOf(ZMK_CLEAR), 'BU check value of the ZMK');
        const lower = `000U2${ZMK_COMPONENTS.map((c) => toCompactHex(c).toLowerCase()).join('')}`;
        const answer = await session.send('A4', lower, 'A4 with lower-case components');
        checkEqual(answer.errorCode, '00', 'A4 with lower-case components: error code');
        check(answer.body === answer.body.toUpperCase(), `A4 answer ${answer.body} is not upper case`);
        checkEqual(answer.body.slice(-6), toCompactHex(kcvOf(ZMK_CLEAR)), 'KCV of the key formed from lower-case components');
      });
    },
  },
  {
    id: 'HSM-KEY-A4-002',
    clause: 'docs/hsm.md §6 A4 errors; §4 04, 10, 12, 15, 80; §5.1, §5.3 (odd parity of 000/008/00A)',
    title: 'A4 refuses an unknown key type (04), a scheme the type does not allow (12), an even-parity MAC key (10), a component count of 4 (15), a short component (80)',
    tags: ['key', 'A4', 'error-code'],
    async run(context) {
      await withHsm(context, async (session) => {
        const key = toCompactHex(TEST_KEY);
        await session.refused('A4', `0XXU1${key}`, '04', 'key type', 'A4 key type 0XX');
        await session.refused('A4', `000Z1${key.slice(0, 16)}`, '12', undefined, 'A4 a ZMK of scheme Z');
        await session.refused('A4', `008U1${toCompactHex(EVEN_PARITY_KEY)}`, '10', 'components', 'A4 a MAC key with an even-parity byte');
        await session.refused('A4', `008U4${key}`, '15', 'component count', 'A4 with 4 components');
        await session.refused('A4', `008U1${key.slice(0, 30)}`, '80', undefined, 'A4 with a component 2 digits short');
      });
    },
  },
  {
    id: 'HSM-KEY-A0-001',
    clause: 'docs/hsm.md §6 A0, BU, M0; §5.3 (generated DES keys have odd parity), §5.4',
    title: 'A0 generates a MAC key under LMK and ZMK: the clear key (from under the ZMK) has odd parity and the KCV; BU agrees; a generated DES data key encrypts zeros to its KCV',
    tags: ['key', 'A0', 'BU'],
    async run(context) {
      await withHsm(context, async (session) => {
        const zmk = await formZmk(session);
        const made = await session.ok(commands.generateKey, { keyType: '008', scheme: 'U', zmk }, 'A0 mode 1: a MAC key, also under the ZMK');
        check(made.underZmk !== undefined, 'A0 mode 1 answered no key under the ZMK');
        const clear = tdes(ZMK_CLEAR).decryptEcb(made.underZmk.cryptogram);
        check(hasOddParity(clear), `the generated MAC key ${toCompactHex(clear)} does not have odd parity in every byte`);
        checkBytes(made.checkValue, kcvOf(clear), 'A0 KCV against the clear key under the ZMK');
        checkBytes(await session.ok(commands.checkValue, { keyType: '008', key: made.underLmk }, 'BU of the generated key'), made.checkValue, 'BU check value of the generated key');
        const again = await session.ok(commands.generateKey, { keyType: '008', scheme: 'U', zmk }, 'A0 mode 1 again');
        check(toCompactHex(again.underZmk!.cryptogram) !== toCompactHex(made.underZmk.cryptogram), 'A0 generated the same key twice');
        const dataKey = await session.ok(commands.generateKey, { keyType: '00A', scheme: 'Z' }, 'A0 mode 0: a single-DES data key');
        const zeros = await session.ok(commands.encryptData, { mode: 'ECB', keyType: '00A', key: dataKey.underLmk, data: new Uint8Array(8) }, 'M0 ECB of 8 zero bytes under it');
        checkBytes(zeros.slice(0, 3), dataKey.checkValue, 'the data key\'s encryption of zeros, left 3 bytes, against its KCV');
      });
    },
  },
  {
    id: 'HSM-KEY-A6-001',
    clause: 'docs/hsm.md §6 A6, A8, BU; §4 11',
    title: 'A6 imports the real card\'s DLK from under the ZMK with its KCV; A8 exports exactly the cryptogram that was sent; BU agrees; a wrong KCV is refused (11 KCV)',
    tags: ['key', 'A6', 'A8', 'BU'],
    async run(context) {
      await withHsm(context, async (session) => {
        const zmk = await formZmk(session);
        const sent = underZmk('U', CHANGSHA_CARD.dlk);
        const kcv = kcvOf(CHANGSHA_CARD.dlk);
        const imported = await session.ok(commands.importKey, { keyType: '411', zmk, underZmk: sent, checkValue: kcv }, 'A6 import the DLK');
        checkBytes(imported.checkValue, kcv, 'A6 KCV');
        const exported = await session.ok(commands.exportKey, { keyType: '411', zmk, underLmk: imported.underLmk }, 'A8 export it again');
        checkEqual(keyTokenField(exported.underZmk), keyTokenField(sent), 'A8 token under the ZMK against the one A6 took');
        checkBytes(exported.checkValue, kcv, 'A8 KCV');
        checkBytes(await session.ok(commands.checkValue, { keyType: '411', key: imported.underLmk }, 'BU of the imported DLK'), kcv, 'BU KCV');
        await session.refusedRequest(commands.importKey, { keyType: '411', zmk, underZmk: sent, checkValue: new Uint8Array(3) }, '11', 'KCV', 'A6 with KCV 000000');
      });
    },
  },
  {
    id: 'HSM-KEY-A6-002',
    clause: 'docs/hsm.md §6 A6 errors; §4 10, 12; §5.1 (schemes per type), §5.3',
    title: 'A6 refuses an even-parity key as a MAC key (10 "key under ZMK") and a single-DES key as a card load key (12)',
    tags: ['key', 'A6', 'error-code'],
    async run(context) {
      await withHsm(context, async (session) => {
        const zmk = await formZmk(session);
        await session.refusedRequest(commands.importKey, { keyType: '008', zmk, underZmk: underZmk('U', EVEN_PARITY_KEY), checkValue: kcvOf(EVEN_PARITY_KEY) }, '10', 'key under ZMK', 'A6 an even-parity MAC key');
        const single = TEST_KEY.slice(0, 8);
        await session.refusedRequest(commands.importKey, { keyType: '411', zmk, underZmk: underZmk('Z', single), checkValue: keyCheckValue(tdes(TEST_KEY)) }, '12', undefined, 'A6 a Z key as type 411');
      });
    },
  },
  {
    id: 'HSM-KEY-BU-001',
    clause: 'docs/hsm.md §6 "Errors on the wire"; §4 04, 15, 80',
    title: 'BU refuses a key that is not hex (15 key), a key cut short (80 key) and key type 0XX (04 key type)',
    tags: ['key', 'BU', 'error-code'],
    async run(context) {
      await withHsm(context, async (session) => {
        await session.refused('BU', '008ZXX11223344556677', '15', 'key', 'BU of a key that is not hex');
        await session.refused('BU', '008U0011', '80', 'key', 'BU of a key 28 digits short');
        await session.refused('BU', '0XXZ0011223344556677', '04', 'key type', 'BU key type 0XX');
      });
    },
  },
  {
    id: 'HSM-KEY-KD-001',
    clause: 'docs/hsm.md §6 KD; psam_hsm.md §1.3 (dispersion); §4 05, 15',
    title: 'KD disperses master keys 401/402/403 over two levels into card keys 411/412/413 with the KCV the suite computes; a card key (05) and 0 levels (15) are refused',
    tags: ['key', 'KD', 'error-code'],
    async run(context) {
      await withHsm(context, async (session) => {
        const factors = [context.random.bytes(8), context.random.bytes(8)];
        for (const [master, card] of [['401', '411'], ['402', '412'], ['403', '413']] as const) {
          const clear = context.random.bytes(16);
          const key = await formClear(session, master, 'U', clear, `a master key of type ${master}`);
          const derived = await session.ok(commands.deriveKey, { keyType: master, key, factors }, `KD ${master} over two levels`);
          checkEqual(derived.keyType, card, `KD ${master}: card key type`);
          checkBytes(derived.checkValue, kcvOf(diversifyKey(diversifyKey(clear, factors[0]!), factors[1]!)), `KD ${master}: KCV of the card key`);
        }
        const cardKey = await formClear(session, '411', 'U', CHANGSHA_CARD.dlk, 'the real card\'s DLK');
        await session.refusedRequest(commands.deriveKey, { keyType: '411', key: cardKey, factors }, '05', 'key type', 'KD of a card key');
        await session.refused('KD', `401${keyTokenField(cardKey)}0`, '15', undefined, 'KD with 0 levels');
      });
    },
  },
];
