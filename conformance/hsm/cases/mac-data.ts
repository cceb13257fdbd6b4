import { checkBytes, type ConformanceCase } from '../../framework/case.ts';
import { concatBytes } from '../../../src/core/hex.ts';
import { macAlgorithm1, macAlgorithm3, sm4, tdes } from '../../../src/crypto/index.ts';
import * as commands from '../../../src/hsm/commands/index.ts';
import { keyTokenField } from '../../../src/hsm/codec/key-fields.ts';
import { withHsm } from '../session.ts';
import type { HsmTarget } from '../target.ts';
import { flipped, SM4_EXAMPLE_CIPHERTEXT, TEST_KEY } from '../vectors.ts';
import { formClear } from './keys.ts';

const ZERO_IV = new Uint8Array(8);

export const macDataCases: ConformanceCase<HsmTarget>[] = [
  {
    id: 'HSM-MAC-M6-001',
    clause: 'docs/hsm.md §6 M6; ISO/IEC 9797-1:2011 MAC algorithms 1 and 3, padding methods 1 and 2',
    title: 'M6 with a formed 3DES MAC key gives the MACs the suite computes: algorithm 3 padding 2 (8 bytes), algorithm 1 padding 1 (4 bytes), over random data 0–40 bytes',
    tags: ['mac', 'M6'],
    async run(context) {
      await withHsm(context, async (session) => {
        const key = await formClear(session, '008', 'U', TEST_KEY, 'the test MAC key');
        for (let i = 0; i < 4; i++) {
          const data = context.random.bytes(context.random.int(0, 40));
          const retail = await session.ok(commands.generateMac, { algorithm: 3, padding: 2, macLength: 8, keyType: '008', key, iv: ZERO_IV, data }, `M6 algorithm 3 over ${data.length} bytes`);
          checkBytes(retail, macAlgorithm3(TEST_KEY, data, { padding: 2 }).slice(0, 8), `M6 algorithm 3, padding 2, ${data.length} bytes`);
          const cbc = await session.ok(commands.generateMac, { algorithm: 1, padding: 1, macLength: 4, keyType: '008', key, iv: ZERO_IV, data }, `M6 algorithm 1 over ${data.length} bytes`);
          checkBytes(cbc, macAlgorithm1(tdes(TEST_KEY), data, { padding: 1 }).slice(0, 4), `M6 algorithm 1, padding 1, ${data.length} bytes`);
        }
      });
    },
  },
  {
    id: 'HSM-MAC-M8-001',
    clause: 'docs/hsm.md §6 M8; §4 01',
    title: 'M8 verifies the MAC M6 made; the same MAC with any one data byte changed, or any MAC byte changed, is refused (01 MAC)',
    tags: ['mac', 'M8', 'error-code'],
    async run(context) {
      await withHsm(context, async (session) => {
        const key = await formClear(session, '008', 'U', TEST_KEY, 'the test MAC key');
        const data = context.random.bytes(16);
        const request = { algorithm: 3, padding: 2, macLength: 8, keyType: '008', key, iv: ZERO_IV, data } as const;
        const mac = await session.ok(commands.generateMac, request, 'M6');
        await session.ok(commands.verifyMac, { ...request, mac }, 'M8 of the MAC M6 made');
        for (let i = 0; i < data.length; i++) await session.refusedRequest(commands.verifyMac, { ...request, data: flipped(data, i), mac }, '01', 'MAC', `M8 with data byte ${i} changed`);
        for (let i = 0; i < mac.length; i++) await session.refusedRequest(commands.verifyMac, { ...request, mac: flipped(mac, i) }, '01', 'MAC', `M8 with MAC byte ${i} changed`);
      });
    },
  },
  {
    id: 'HSM-MAC-M6-002',
    clause: 'docs/hsm.md §6 M6 errors; §4 05, 12, 15',
    title: 'M6 refuses a data key (05 key type), MAC length 03 (15 MAC length) and algorithm 3 with a single-DES key (12)',
    tags: ['mac', 'M6', 'error-code'],
    async run(context) {
      await withHsm(context, async (session) => {
        const dataKey = await formClear(session, '00A', 'U', TEST_KEY, 'a data key');
        const singleMac = await formClear(session, '008', 'Z', TEST_KEY.slice(0, 8), 'a single-DES MAC key');
        const macKey = await formClear(session, '008', 'U', TEST_KEY, 'the test MAC key');
        const data = Uint8Array.of(1, 2, 3, 4);
        await session.refusedRequest(commands.generateMac, { algorithm: 1, padding: 2, macLength: 8, keyType: '00A', key: dataKey, iv: ZERO_IV, data }, '05', 'key type', 'M6 with a data key');
        await session.refused('M6', `1203008${keyTokenField(macKey)}${'0'.repeat(16)}000401020304`, '15', 'MAC length', 'M6 with MAC length 03');
        await session.refusedRequest(commands.generateMac, { algorithm: 3, padding: 2, macLength: 8, keyType: '008', key: singleMac, iv: ZERO_IV, data }, '12', undefined, 'M6 algorithm 3 with a Z key');
      });
    },
  },
  {
    id: 'HSM-DATA-M0-001',
    clause: 'docs/hsm.md §6 M0, M2; GB/T 32907-2016 Appendix A',
    title: 'M0 encrypts as the suite computes (SM4 example of GB/T 32907, 3DES CBC with a random IV) and M2 gives the data back',
    tags: ['data', 'M0', 'M2'],
    async run(context) {
      await withHsm(context, async (session) => {
        const sm4Key = await formClear(session, '00A', 'G', TEST_KEY, 'the SM4 data key');
        const sm4Request = { mode: 'CBC', keyType: '00A', key: sm4Key, iv: new Uint8Array(16), data: TEST_KEY } as const;
        const sm4Out = await session.ok(commands.encryptData, sm4Request, 'M0 SM4 CBC of the GB/T 32907 example');
        checkBytes(sm4Out, SM4_EXAMPLE_CIPHERTEXT, 'M0 SM4 of the GB/T 32907-2016 example');
        checkBytes(sm4Out, sm4(TEST_KEY).encryptEcb(TEST_KEY), 'M0 SM4 against src/crypto');
        checkBytes(await session.ok(commands.decryptData, { ...sm4Request, data: sm4Out }, 'M2 SM4 CBC back'), TEST_KEY, 'M2 SM4');
        const tdesKey = await formClear(session, '00A', 'U', TEST_KEY, 'the 3DES data key');
        const iv = context.random.bytes(8);
        const data = concatBytes(context.random.bytes(16), context.random.bytes(8));
        const request = { mode: 'CBC', keyType: '00A', key: tdesKey, iv, data } as const;
        const out = await session.ok(commands.encryptData, request, 'M0 3DES CBC of 3 random blocks');
        checkBytes(out, tdes(TEST_KEY).encryptCbc(iv, data), 'M0 3DES CBC');
        checkBytes(await session.ok(commands.decryptData, { ...request, data: out }, 'M2 3DES CBC back'), data, 'M2 3DES CBC');
      });
    },
  },
  {
    id: 'HSM-DATA-M0-002',
    clause: 'docs/hsm.md §6 M0 errors, "Errors on the wire"; §4 05, 80',
    title: 'M0 refuses data that is not a whole number of blocks (80 data) and a MAC key (05 key type)',
    tags: ['data', 'M0', 'error-code'],
    async run(context) {
      await withHsm(context, async (session) => {
        const dataKey = await formClear(session, '00A', 'U', TEST_KEY, 'the 3DES data key');
        const macKey = await formClear(session, '008', 'U', TEST_KEY, 'the test MAC key');
        await session.refusedRequest(commands.encryptData, { mode: 'ECB', keyType: '00A', key: dataKey, data: new Uint8Array(7) }, '80', 'data', 'M0 of 7 bytes');
        await session.refusedRequest(commands.encryptData, { mode: 'ECB', keyType: '008', key: macKey, data: new Uint8Array(8) }, '05', 'key type', 'M0 with a MAC key');
      });
    },
  },
];
