import { checkBytes, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import { commandApdu, splitResponse } from '../../../src/reader/apdu.ts';
import { applicationP2, INS, initializeData, parseLoadInit } from '../apdus.ts';
import { loadMac1 } from '../crypto.ts';
import { SUITE_TERMINAL, withPurse } from '../session.ts';
import { PURSE_CAPABILITY, type PurseTarget } from '../target.ts';

const swText = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');

export const transportCases: ConformanceCase<PurseTarget>[] = [
  {
    id: 'PURSE-T0-001',
    clause: 'ISO/IEC 7816-3 §10.3.4, ISO/IEC 7816-4 §5.1.3 (T=0: 61xx, GET RESPONSE, 6Cxx)',
    title: 'under T=0: INITIALIZE FOR LOAD answers 61 10, GET RESPONSE with Le 10 gives the 16 bytes (MAC1 right) and 9000; GET BALANCE with Le 00 answers 6C 04',
    tags: ['transport', 'T=0'],
    requires: [PURSE_CAPABILITY.t0],
    async run(context) {
      await withPurse(context, async (session) => {
        const amount = context.random.int(1, 1_000);
        const command = commandApdu(0x80, INS.initialize, 0x00, applicationP2(session.keys), initializeData(session.keys.loadKeyIndex, amount, SUITE_TERMINAL));
        const first = splitResponse(await session.channel.transmit(command));
        checkEqual(swText(first.sw), '6110', 'INITIALIZE FOR LOAD under T=0: status word');
        const rest = splitResponse(await session.channel.transmit(Uint8Array.of(0x00, 0xc0, 0x00, 0x00, 0x10)));
        checkEqual(swText(rest.sw), '9000', 'GET RESPONSE: status word');
        checkEqual(rest.data.length, 16, 'GET RESPONSE: bytes');
        const init = parseLoadInit(rest.data);
        checkBytes(init.mac1, loadMac1(session.keys, init, session.loadTerms(amount)), 'MAC1 fetched by GET RESPONSE');
        const wrongLe = splitResponse(await session.channel.transmit(commandApdu(0x80, INS.getBalance, 0x00, applicationP2(session.keys), undefined, 0x00)));
        checkEqual(swText(wrongLe.sw), '6C04', 'GET BALANCE with Le 00 under T=0');
      });
    },
  },
  {
    id: 'PURSE-T1-001',
    clause: 'ISO/IEC 7816-3 §11 (T=1), ISO/IEC 7816-4 §5.1 (case 4 with Le)',
    title: 'under T=1: INITIALIZE FOR LOAD with Le 00 answers its 16 bytes (MAC1 right) and 9000 at once',
    tags: ['transport', 'T=1'],
    requires: [PURSE_CAPABILITY.t1],
    async run(context) {
      await withPurse(context, async (session) => {
        const amount = context.random.int(1, 1_000);
        const command = commandApdu(0x80, INS.initialize, 0x00, applicationP2(session.keys), initializeData(session.keys.loadKeyIndex, amount, SUITE_TERMINAL), 0x00);
        const answer = splitResponse(await session.channel.transmit(command));
        checkEqual(swText(answer.sw), '9000', 'INITIALIZE FOR LOAD under T=1: status word');
        checkEqual(answer.data.length, 16, 'INITIALIZE FOR LOAD under T=1: bytes');
        const init = parseLoadInit(answer.data);
        checkBytes(init.mac1, loadMac1(session.keys, init, session.loadTerms(amount)), 'MAC1');
      });
    },
  },
];
