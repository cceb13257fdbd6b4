import { expect } from 'chai';
import { concatBytes, parseHex, toCompactHex } from '../../../src/core/hex.ts';
import { diversifyKey, foldTacKey, purseMac, sessionKey } from '../../../src/crypto/index.ts';
import { MemoryJournal, purchase, type PurseTerminal } from '../../../src/purse/index.ts';
import type { ApduChannel } from '../../../src/reader/apdu.ts';
import { PC_TO_RDR } from '../../../src/reader/ccid/constants.ts';
import { exchange } from '../../../src/reader/exchange.ts';
import type { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { PsamPool } from '../../../simulators/psam/index.ts';
import { AID as AID_HEX, CHANGSHA, scripted } from '../../simulators/pboc-purse/support.ts';
import { AID, ASN, ISSUER, MLK, MPK, MTK, PsamCard, TERMINAL } from '../../purse/support.ts';
import { purseCard, readerWith, type Protocol } from './support.ts';

// A PBOC e-purse on an emulated CPU card, in the emulated USB reader, driven from the host side by
// our CcidReader over the in-process transport: every APDU crosses XfrBlock. The ACR39U is a
// TPDU-level reader: under T=0 the host runs the 61xx / GET RESPONSE procedure (exchangeT0); under
// T=1 the answers come back directly. Expected MACs and TACs are computed here from the keys with
// the PBOC formulas of psam_hsm.md §1.3, or are the Changsha metro card's public trace (§1.8 A).

const u32 = (value: number): Uint8Array => parseHex(value.toString(16).padStart(8, '0'));
const EP = 0x02;
const PURCHASE = 0x06;

/** Sends `command` with the T=0 transport handled (src/reader/exchange.ts), expecting 9000; returns the data. */
async function ok(card: ApduChannel, command: string | Uint8Array): Promise<Uint8Array> {
  const answer = await exchange(card, typeof command === 'string' ? parseHex(command) : command);
  expect(answer.sw, `SW of ${typeof command === 'string' ? command : toCompactHex(command)}`).to.equal(0x9000);
  return answer.data;
}

/** The abData of every XfrBlock (PC_to_RDR 6F, CCID 1.1 §6.1.4) the host sends, compact hex, as it is sent. */
function recordXfrBlocks(emulator: ReaderEmulator): string[] {
  const sent: string[] = [];
  const handle = emulator.handle.bind(emulator);
  emulator.handle = (message) => {
    if (message[0] === PC_TO_RDR.XfrBlock) sent.push(toCompactHex(message.subarray(10)));
    return handle(message);
  };
  return sent;
}

const balanceOf = async (card: ApduChannel): Promise<number> => new DataView((await ok(card, '80 5C 00 02 04')).buffer).getUint32(0);

/** INITIALIZE FOR LOAD + CREDIT FOR LOAD, MAC1 checked and MAC2 computed with the load key `dlk`; returns the TAC. */
async function load(card: ApduChannel, dlk: Uint8Array, amount: number, dateTime: string): Promise<{ tac: Uint8Array; init: Uint8Array }> {
  const init = await ok(card, concatBytes(parseHex('80 50 00 02 0B 01'), u32(amount), TERMINAL, parseHex('10')));
  expect(init.length).to.equal(16);
  const balance = init.subarray(0, 4);
  const online = init.subarray(4, 6);
  const random = init.subarray(8, 12);
  // [psam_hsm.md §1.3] SESLK = 3DES(DLK, random ‖ online seq ‖ 80 00); MAC1 over balance ‖ amount ‖ type ‖ terminal.
  const seslk = sessionKey(dlk, concatBytes(random, online, parseHex('8000')));
  expect(toCompactHex(init.subarray(12, 16)), 'the card\'s load MAC1').to.equal(toCompactHex(purseMac(seslk, concatBytes(balance, u32(amount), Uint8Array.of(EP), TERMINAL))));
  const mac2 = purseMac(seslk, concatBytes(u32(amount), Uint8Array.of(EP), TERMINAL, parseHex(dateTime)));
  const tac = await ok(card, concatBytes(parseHex('80 52 00 00 0B'), parseHex(dateTime), mac2, parseHex('04')));
  return { tac, init };
}

for (const protocol of ['T=0', 'T=1'] as const satisfies readonly Protocol[]) {
  describe(`PBOC purse through the emulated reader, ${protocol} [PBOC 2.0 e-purse; CCID 1.1 §6.1.4]`, () => {
    it('reports the card\'s own ATR and the protocol it names in GetParameters', async () => {
      const card = purseCard(protocol);
      const { reader } = await readerWith(card);
      const atr = await reader.powerOn(0);
      expect(toCompactHex(atr), 'the CPU card\'s ATR, not a memory-card wrapper').to.equal(toCompactHex(await purseCard(protocol).powerOn()));
      const parameters = await reader.getParameters(0);
      // T=0: 3B 6k 00 00 → defaults (Fi/Di 11, WI 0A). T=1: 3B 8k 81 31 FE 45 → LRC, BWI/CWI 45, IFSC FE.
      expect({ protocol: parameters.protocol, data: toCompactHex(parameters.data) }).to.deep.equal(
        protocol === 'T=0' ? { protocol: 0, data: '1100000A00' } : { protocol: 1, data: '1110004500FE00' },
      );
      await reader.close();
    });

    it('loads with the Changsha card\'s trace: MAC1 06B1BEF5, MAC2 0641DCD8 from the DLK, TAC ED0F8755 (psam_hsm.md §1.8 A)', async () => {
      const card = purseCard(protocol, CHANGSHA, scripted('CDEF4F20'));
      const { emulator, reader } = await readerWith(card);
      const sent = recordXfrBlocks(emulator);
      await reader.powerOn(0);
      const channel = reader.channel(0);
      await ok(channel, `00 A4 04 00 09 ${AID_HEX}`);
      expect(await balanceOf(channel)).to.equal(0);
      const { init, tac } = await load(channel, CHANGSHA.dlk, 0x1c37, '20140825103100');
      expect(toCompactHex(init)).to.equal('0000000000000100CDEF4F2006B1BEF5');
      expect(toCompactHex(tac)).to.equal('ED0F8755');
      // [ISO/IEC 7816-3 §12.2.5] T=0: the case-4 command goes without Le and its data comes by GET RESPONSE; T=1: with Le, directly.
      const initForLoad = sent.find((block) => block.startsWith('80500002'));
      if (protocol === 'T=0') {
        expect(initForLoad).to.equal('805000020B0100001C37000001000050');
        expect(sent).to.include('00C0000010');
      } else {
        expect(initForLoad).to.equal('805000020B0100001C3700000100005010');
        expect(sent.filter((block) => block.startsWith('00C0'))).to.deep.equal([]);
      }
      expect(await balanceOf(channel)).to.equal(0x1c37);
      await reader.close();
    });

    it('purchases with MAC1 from the DPK; the card\'s MAC2 and TAC are those the keys give, and the balance drops', async () => {
      const card = purseCard(protocol, CHANGSHA);
      const { reader } = await readerWith(card);
      await reader.powerOn(0);
      const channel = reader.channel(0);
      await ok(channel, `00 A4 04 00 09 ${AID_HEX}`);
      await load(channel, CHANGSHA.dlk, 10_000, '20260101090000');
      const amount = 1_234;
      const init = await ok(channel, concatBytes(parseHex('80 50 01 02 0B 01'), u32(amount), TERMINAL, parseHex('0F')));
      expect(init.length).to.equal(15);
      expect(new DataView(init.buffer, init.byteOffset).getUint32(0), 'balance before').to.equal(10_000);
      const offline = init.subarray(4, 6);
      const random = init.subarray(11, 15);
      const terminalSeq = parseHex('00000007');
      const dateTime = parseHex('20260101093000');
      // [psam_hsm.md §1.3] SESPK = 3DES(DPK, random ‖ offline seq ‖ terminal seq low 2); MAC1 over amount ‖ 06 ‖ terminal ‖ date ‖ time.
      const sespk = sessionKey(CHANGSHA.dpk, concatBytes(random, offline, terminalSeq.subarray(2)));
      const mac1 = purseMac(sespk, concatBytes(u32(amount), Uint8Array.of(PURCHASE), TERMINAL, dateTime));
      const debit = await ok(channel, concatBytes(parseHex('80 54 01 00 0F'), terminalSeq, dateTime, mac1, parseHex('08')));
      const tac = purseMac(foldTacKey(CHANGSHA.dtk), concatBytes(u32(amount), Uint8Array.of(PURCHASE), TERMINAL, terminalSeq, dateTime));
      expect(toCompactHex(debit), 'TAC ‖ MAC2').to.equal(toCompactHex(concatBytes(tac, purseMac(sespk, u32(amount)))));
      expect(await balanceOf(channel)).to.equal(10_000 - amount);
      await reader.close();
    });

    it('runs the terminal engine purchase() against the card in the reader, with a PSAM of the issuer', async () => {
      // Card keys dispersed from the issuer's masters with the card's ASN, as the PSAM derives them.
      const keys = { dlk: diversifyKey(MLK, ASN), dpk: diversifyKey(MPK, ASN), dtk: diversifyKey(MTK, ASN) };
      const { reader } = await readerWith(purseCard(protocol, keys));
      await reader.powerOn(0);
      const channel = reader.channel(0);
      await ok(channel, `00 A4 04 00 09 ${AID_HEX}`);
      await load(channel, keys.dlk, 5_000, '20260101090000');
      let id = 0;
      const terminal: PurseTerminal = {
        card: channel,
        psams: new PsamPool({ slots: [{ id: 'S1', issuer: ISSUER, channel: new PsamCard() }], maxLeaseMs: 10_000 }),
        aid: AID,
        kind: 'EP',
        journal: new MemoryJournal(),
        proveSequence: 'used',
        identify: async () => ({ issuer: ISSUER, factors: ASN }),
        newId: () => `P${++id}`,
      };
      const receipt = await purchase(terminal, { amount: 1_500, dateTime: '20260101100000' });
      expect({ before: receipt.balanceBefore, after: receipt.balanceAfter }).to.deep.equal({ before: 5_000, after: 3_500 });
      // The PSAM verified MAC2 (purchase() throws otherwise); the TAC is the one the issuer's TAC key gives.
      const tac = purseMac(foldTacKey(keys.dtk), concatBytes(u32(1_500), Uint8Array.of(PURCHASE), TERMINAL, receipt.terminalSeq, parseHex('20260101100000')));
      expect(toCompactHex(receipt.tac)).to.equal(toCompactHex(tac));
      expect(await balanceOf(channel), 'the card\'s own balance').to.equal(3_500);
      await reader.close();
    });
  });
}
