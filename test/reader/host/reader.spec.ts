import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { InputError } from '../../../src/core/errors.ts';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { ICC_STATUS, PC_TO_RDR, RDR_TO_PC } from '../../../src/reader/ccid/constants.ts';
import { encodeCcid } from '../../../src/reader/ccid/message.ts';
import { ReaderCommandError, ReaderLinkError, ReaderProtocolError, ReaderTimeoutError } from '../../../src/reader/errors.ts';
import { CcidReader } from '../../../src/reader/reader.ts';
import { rejection } from '../fixtures/rejection.ts';
import { answerTo, dataBlock, ScriptedPort, TPDU_READER } from './scripted-port.ts';

const ATR = parseHex('3B 04 A2 13 10 91');
/** bStatus 01: card present, inactive; 02: absent (CCID 1.1 §6.2.6). */
const slotStatusAnswer = (status: number) => (command: Parameters<typeof answerTo>[0]) => [answerTo(command, RDR_TO_PC.SlotStatus, { status })];

describe('CcidReader (host side of CCID 1.1)', () => {
  describe('sequence numbers and slots', () => {
    it('counts bSeq from 0 and wraps mod 256 (CCID 1.1 §6.1: bSeq is a one-byte counter)', async () => {
      const port = new ScriptedPort(TPDU_READER, slotStatusAnswer(0x01));
      const reader = await CcidReader.open(port);
      for (let i = 0; i < 258; i += 1) await reader.slotStatus(0);
      expect(port.sent.map((m) => m.seq).slice(254)).to.deep.equal([254, 255, 0, 1]);
      expect(port.sent.every((m) => m.type === PC_TO_RDR.GetSlotStatus && m.slot === 0)).to.equal(true);
    });

    it('takes the slot count from bMaxSlotIndex and refuses other slots before sending anything', async () => {
      const port = new ScriptedPort({ ...TPDU_READER, bMaxSlotIndex: 1 }, slotStatusAnswer(0x01));
      const reader = await CcidReader.open(port);
      expect(reader.slots).to.equal(2);
      await reader.slotStatus(1);
      expect(() => reader.channel(2)).to.throw(InputError, /slot 2 does not exist/);
      expect(await rejection(reader.slotStatus(2))).to.be.instanceOf(InputError).with.property('field', 'slot');
      expect(port.sent).to.have.length(1);
    });
  });

  describe('slot status', () => {
    it('reads bmICCStatus: 00 active, 01 present and inactive, 02 absent (§6.2.6)', async () => {
      const statuses = [0x00, 0x01, 0x02];
      const port = new ScriptedPort(TPDU_READER, (command, i) => [answerTo(command, RDR_TO_PC.SlotStatus, { status: statuses[i]! })]);
      const reader = await CcidReader.open(port);
      const [active, inactive, absent] = [await reader.slotStatus(0), await reader.slotStatus(0), await reader.slotStatus(0)];
      expect(active).to.include({ present: true, active: true, iccStatus: ICC_STATUS.presentActive });
      expect(inactive).to.include({ present: true, active: false });
      expect(absent).to.include({ present: false, active: false, iccStatus: ICC_STATUS.absent });
    });

    it('takes "failed, bError FE (ICC mute)" with the card absent as a state, as libccid CmdGetSlotStatus does', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [answerTo(command, RDR_TO_PC.SlotStatus, { status: 0x42, error: 0xfe })]);
      const reader = await CcidReader.open(port);
      expect(await reader.slotStatus(0)).to.include({ present: false });
    });

    it('still reports any other failure of GetSlotStatus', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [answerTo(command, RDR_TO_PC.SlotStatus, { status: 0x41, error: 0x05 })]);
      const error = await rejection((await CcidReader.open(port)).slotStatus(0));
      expect(error).to.be.instanceOf(ReaderCommandError).and.include({ slotError: 0x05 });
    });
  });

  describe('power', () => {
    it('powers on at 5 V (bPowerSelect 01) on a reader without automatic voltage, like libccid by default', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [dataBlock(command, ATR)]);
      const reader = await CcidReader.open(port);
      expect(toHex(await reader.powerOn(0))).to.equal('3B 04 A2 13 10 91');
      expect(toHex(encodeCcid(port.sent[0]!))).to.equal('62 00 00 00 00 00 00 01 00 00');
    });

    it('sends bPowerSelect 00 when dwFeatures has automatic voltage selection (0x08, CCID 1.1 §5.1)', async () => {
      const port = new ScriptedPort({ ...TPDU_READER, dwFeatures: TPDU_READER.dwFeatures | 0x08 }, (command) => [dataBlock(command, ATR)]);
      await (await CcidReader.open(port)).powerOn(0);
      expect(port.sent[0]!.specific[0]).to.equal(0);
    });

    it('without 5 V starts at 3 V and after a failure tries 5 V, as libccid CmdPowerOn steps up', async () => {
      const port = new ScriptedPort({ ...TPDU_READER, bVoltageSupport: 0x06 }, (command) =>
        command.specific[0] === 1 ? [dataBlock(command, ATR)] : [answerTo(command, RDR_TO_PC.DataBlock, { status: 0x41, error: 0xfe })],
      );
      expect(toHex(await (await CcidReader.open(port)).powerOn(0))).to.equal(toHex(ATR));
      expect(port.sent.map((m) => m.specific[0])).to.deep.equal([2, 1]);
    });

    it('falls back to bPowerSelect 00 (automatic) when bVoltageSupport declares no voltage, as libccid does', async () => {
      const port = new ScriptedPort({ ...TPDU_READER, bVoltageSupport: 0 }, (command) => [dataBlock(command, ATR)]);
      await (await CcidReader.open(port)).powerOn(0);
      expect(port.sent.map((m) => m.specific[0])).to.deep.equal([0]);
    });

    it('sends an explicit voltage once and reports its failure with bError', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [answerTo(command, RDR_TO_PC.DataBlock, { status: 0x42, error: 0xfe })]);
      const error = await rejection((await CcidReader.open(port)).powerOn(0, '1.8V'));
      expect(port.sent.map((m) => m.specific[0])).to.deep.equal([3]);
      expect(error).to.be.instanceOf(ReaderCommandError).and.include({ slotError: 0xfe, iccStatus: ICC_STATUS.absent });
      expect((error as ReaderCommandError).message).to.match(/bError FE iccMute/);
    });

    it('powers off with IccPowerOff and returns the slot state', async () => {
      const port = new ScriptedPort(TPDU_READER, slotStatusAnswer(0x01));
      expect(await (await CcidReader.open(port)).powerOff(0)).to.include({ present: true, active: false });
      expect(port.sent[0]!.type).to.equal(PC_TO_RDR.IccPowerOff);
    });
  });

  describe('answer checks (CCID 1.1 §6.2)', () => {
    it('refuses an answer of the wrong message type, keeping its bytes', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [answerTo(command, RDR_TO_PC.SlotStatus)]);
      const error = await rejection((await CcidReader.open(port)).transmit(0, parseHex('FF B0 00 00 04')));
      expect(error).to.be.instanceOf(ReaderProtocolError);
      expect((error as ReaderProtocolError).message).to.match(/message type 81, CCID 1.1 §6.2 requires 80/);
      expect(toHex((error as ReaderProtocolError).bytes)).to.equal('81 00 00 00 00 00 00 00 00 00');
    });

    it('refuses an answer for another slot', async () => {
      const port = new ScriptedPort({ ...TPDU_READER, bMaxSlotIndex: 1 }, (command) => [answerTo(command, RDR_TO_PC.SlotStatus, { slot: 1 })]);
      const error = await rejection((await CcidReader.open(port)).slotStatus(0));
      expect(error).to.be.instanceOf(ReaderProtocolError);
      expect((error as Error).message).to.match(/bSlot 1 does not echo the command's slot 0/);
    });

    it('refuses a bSeq ahead of the command (no command of ours had it)', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [answerTo(command, RDR_TO_PC.SlotStatus, { seq: command.seq + 5 })]);
      const error = await rejection((await CcidReader.open(port)).slotStatus(0));
      expect(error).to.be.instanceOf(ReaderProtocolError);
      expect((error as Error).message).to.match(/bSeq 05 does not echo the command's 00/);
    });

    it('drops a stale answer (older bSeq, e.g. a late answer after a timeout) and takes the right one, as libccid ReadUSB does', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [
        answerTo(command, RDR_TO_PC.DataBlock, { seq: (command.seq + 255) % 256, data: parseHex('00 00 90 00') }),
        dataBlock(command, parseHex('11 22 90 00')),
      ]);
      const reader = await CcidReader.open(port);
      await reader.slotStatus(0).catch(() => undefined); // bSeq 0; its (wrong-type) answer is consumed
      expect(toHex(await reader.transmit(0, parseHex('FF B0 00 00 02')))).to.equal('11 22 90 00');
    });

    it('gives up after staleAnswerLimit stale answers; with 0 it is strict', async () => {
      const stale = (command: Parameters<typeof answerTo>[0]) => [answerTo(command, RDR_TO_PC.SlotStatus, { seq: (command.seq + 255) % 256 })];
      const strict = await CcidReader.open(new ScriptedPort(TPDU_READER, stale), { staleAnswerLimit: 0 });
      expect(await rejection(strict.slotStatus(0))).to.be.instanceOf(ReaderProtocolError);
      const port = new ScriptedPort(TPDU_READER, (command) => Array.from({ length: 11 }, () => stale(command)[0]!));
      const lenient = await CcidReader.open(port);
      const error = await rejection(lenient.slotStatus(0));
      expect((error as Error).message).to.match(/more than 10 stale answers/);
    });

    it('turns a failed command into ReaderCommandError with bError, bmICCStatus and the answer bytes', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [answerTo(command, RDR_TO_PC.DataBlock, { status: 0x40, error: 0xfd })]);
      const error = await rejection((await CcidReader.open(port)).transmit(0, parseHex('FF B0 00 00 02')));
      expect(error).to.be.instanceOf(ReaderCommandError).and.include({ slotError: 0xfd, iccStatus: 0 });
      expect(toHex((error as ReaderCommandError).bytes)).to.equal('80 00 00 00 00 00 00 40 FD 00');
    });
  });

  describe('time extension and timeouts', () => {
    it('waits again after a time extension, bError times the command timeout (§6.2.6, libccid CCID_Receive)', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [
        answerTo(command, RDR_TO_PC.DataBlock, { status: 0x80, error: 5 }),
        answerTo(command, RDR_TO_PC.DataBlock, { status: 0x80, error: 0 }),
        dataBlock(command, parseHex('90 00')),
      ]);
      const reader = await CcidReader.open(port, { commandTimeoutMs: 1000 });
      expect(toHex(await reader.transmit(0, parseHex('FF D0 00 10 01 AA')))).to.equal('90 00');
      expect(port.receiveTimeouts).to.deep.equal([1000, 5000, 1000]);
    });

    it('stops after timeExtensionLimit time extensions', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) =>
        Array.from({ length: 4 }, () => answerTo(command, RDR_TO_PC.DataBlock, { status: 0x80, error: 1 })),
      );
      const error = await rejection((await CcidReader.open(port, { timeExtensionLimit: 3 })).transmit(0, parseHex('FF B0 00 00 01')));
      expect(error).to.be.instanceOf(ReaderTimeoutError);
      expect((error as Error).message).to.match(/more than 3 time extensions/);
    });

    it('reports no answer as ReaderTimeoutError naming the command, waitedMs = the timeout', async () => {
      const port = new ScriptedPort(TPDU_READER, () => []);
      const error = await rejection((await CcidReader.open(port, { commandTimeoutMs: 250 })).powerOn(0, '5V'));
      expect(error).to.be.instanceOf(ReaderTimeoutError).and.include({ waitedMs: 250 });
      expect((error as Error).message).to.match(/command 62 \(slot 0, bSeq 00\): no answer within 250 ms/);
    });

    it('keeps working after a timeout: the late answer is dropped as stale', async () => {
      let late: Uint8Array | undefined;
      const port = new ScriptedPort(TPDU_READER, (command, i) => {
        if (i === 0) {
          late = dataBlock(command, parseHex('90 00'));
          return [];
        }
        return [late!, answerTo(command, RDR_TO_PC.SlotStatus, { status: 1 })];
      });
      const reader = await CcidReader.open(port);
      expect(await rejection(reader.transmit(0, parseHex('FF B0 00 00 01')))).to.be.instanceOf(ReaderTimeoutError);
      expect(await reader.slotStatus(0)).to.include({ present: true });
    });
  });

  describe('T=0 procedures on a TPDU-level reader (ISO/IEC 7816-3 §12.2, APDU transport by T=0)', () => {
    it('61 xx: sends GET RESPONSE with Le = xx and the command CLA when bClassGetResponse is FF, joining the data', async () => {
      const port = new ScriptedPort(TPDU_READER, (command, i) =>
        [[dataBlock(command, parseHex('61 04'))], [dataBlock(command, parseHex('A1 A2 A3 A4 61 02'))], [dataBlock(command, parseHex('B1 B2 90 00'))]][i]!,
      );
      const response = await (await CcidReader.open(port)).transmit(0, parseHex('80 CA 00 00 08 01 02 03 04 05 06 07 08'));
      expect(toHex(response)).to.equal('A1 A2 A3 A4 B1 B2 90 00');
      expect(port.sent.map((m) => toHex(m.data))).to.deep.equal(['80 CA 00 00 08 01 02 03 04 05 06 07 08', '80 C0 00 00 04', '80 C0 00 00 02']);
    });

    it('61 xx: uses the command CLA even when bClassGetResponse is not FF (CCID 1.1 §5.1: it is for APDU-level readers only)', async () => {
      const port = new ScriptedPort({ ...TPDU_READER, bClassGetResponse: 0x00 }, (command, i) =>
        [[dataBlock(command, parseHex('61 01'))], [dataBlock(command, parseHex('42 90 00'))]][i]!,
      );
      await (await CcidReader.open(port)).transmit(0, parseHex('FF CA 00 00 00'));
      expect(toHex(port.sent[1]!.data)).to.equal('FF C0 00 00 01');
    });

    it('6C xx: resends the command with P3 = xx', async () => {
      const port = new ScriptedPort(TPDU_READER, (command, i) =>
        [[dataBlock(command, parseHex('6C 03'))], [dataBlock(command, parseHex('01 02 03 90 00'))]][i]!,
      );
      expect(toHex(await (await CcidReader.open(port)).transmit(0, parseHex('FF B0 00 00 10')))).to.equal('01 02 03 90 00');
      expect(toHex(port.sent[1]!.data)).to.equal('FF B0 00 00 03');
    });

    it('leaves 61 xx to an APDU-level reader (dwFeatures level short APDU)', async () => {
      const port = new ScriptedPort({ ...TPDU_READER, dwFeatures: 0x000200b2 }, (command) => [dataBlock(command, parseHex('61 04'))]);
      expect(toHex(await (await CcidReader.open(port)).transmit(0, parseHex('00 A4 04 00 00')))).to.equal('61 04');
      expect(port.sent).to.have.length(1);
    });

    it('gives every slot an ApduChannel', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [dataBlock(command, parseHex('90 00'))]);
      const channel = (await CcidReader.open(port)).channel(0);
      expect(toHex(await channel.transmit(parseHex('FF A4 00 00 01 06')))).to.equal('90 00');
      expect(port.sent[0]!.type).to.equal(PC_TO_RDR.XfrBlock);
    });
  });

  describe('escape, parameters, abort', () => {
    it('escape sends PC_to_RDR_Escape and returns the RDR_to_PC_Escape data', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [answerTo(command, RDR_TO_PC.Escape, { data: parseHex('47 65 6D') })]);
      expect(toHex(await (await CcidReader.open(port)).escape(parseHex('02')))).to.equal('47 65 6D');
      expect(toHex(encodeCcid(port.sent[0]!))).to.equal('6B 01 00 00 00 00 00 00 00 00 02');
    });

    it('setParameters puts bProtocolNum in byte 7 and reads bProtocolNum back from byte 9 (§6.1.7, §6.2.3)', async () => {
      const port = new ScriptedPort(TPDU_READER, (command) => [answerTo(command, RDR_TO_PC.Parameters, { third: 0, data: command.data })]);
      const reader = await CcidReader.open(port);
      const parameters = await reader.setParameters(0, 0, parseHex('11 00 00 0A 00'));
      expect(parameters.protocol).to.equal(0);
      expect(toHex(parameters.data)).to.equal('11 00 00 0A 00');
      expect(toHex(encodeCcid(port.sent[0]!))).to.equal('61 05 00 00 00 00 00 00 00 00 11 00 00 0A 00');
      await reader.getParameters(0);
      await reader.resetParameters(0);
      expect(port.sent.map((m) => m.type)).to.deep.equal([PC_TO_RDR.SetParameters, PC_TO_RDR.GetParameters, PC_TO_RDR.ResetParameters]);
    });

    it('abort sends the ABORT class request and then PC_to_RDR_Abort with the same bSlot and bSeq (§5.3.1)', async () => {
      const port = new ScriptedPort(TPDU_READER, slotStatusAnswer(0x01), { controlPipe: true });
      const reader = await CcidReader.open(port);
      await reader.slotStatus(0);
      await reader.abort(0);
      expect(port.aborts).to.deep.equal([{ slot: 0, seq: 1 }]);
      expect(port.sent[1]).to.include({ type: PC_TO_RDR.Abort, slot: 0, seq: 1 });
    });
  });

  describe('waiting for a card', () => {
    it('polls GetSlotStatus every pollIntervalMs on a link without interrupts (virtual clock, no real sleep)', async () => {
      const clock = new VirtualClock();
      const start = clock.now();
      const port = new ScriptedPort(TPDU_READER, (command, i) => [answerTo(command, RDR_TO_PC.SlotStatus, { status: i < 3 ? 0x02 : 0x01 })]);
      const state = await (await CcidReader.open(port, { clock, pollIntervalMs: 400 })).waitForCard(0, { timeoutMs: 10_000 });
      expect(state.present).to.equal(true);
      expect(port.sent).to.have.length(4);
      expect(clock.now() - start).to.equal(1200);
    });

    it('times out by the injected clock', async () => {
      const clock = new VirtualClock();
      const port = new ScriptedPort(TPDU_READER, slotStatusAnswer(0x02));
      const error = await rejection((await CcidReader.open(port, { clock, pollIntervalMs: 400 })).waitForCard(0, { timeoutMs: 1000 }));
      expect(error).to.be.instanceOf(ReaderTimeoutError).and.include({ waitedMs: 1000 });
      expect(port.sent.length).to.equal(4); // at 0, 400, 800 and 1000 ms
    });

    it('listens on the interrupt channel when the link has one, then confirms with GetSlotStatus', async () => {
      const port = new ScriptedPort(TPDU_READER, (command, i) => [answerTo(command, RDR_TO_PC.SlotStatus, { status: i === 0 ? 0x02 : 0x01 })], {
        interrupts: true,
      });
      port.interrupts.push(parseHex('50 03'));
      const state = await (await CcidReader.open(port)).waitForCard(0, { timeoutMs: 5000 });
      expect(state.present).to.equal(true);
      expect(port.interrupts).to.have.length(0);
      expect(port.sent).to.have.length(2);
    });

    it('ignores a NotifySlotChange that only concerns another slot (two bits per slot, §6.3.1)', async () => {
      const port = new ScriptedPort({ ...TPDU_READER, bMaxSlotIndex: 1 }, (command, i) => [answerTo(command, RDR_TO_PC.SlotStatus, { status: i === 0 ? 0x02 : 0x01 })], {
        interrupts: true,
      });
      port.interrupts.push(parseHex('50 0C'), parseHex('50 0E')); // slot 1 changed; then slot 0 changed too
      expect((await (await CcidReader.open(port)).waitForCard(0, { timeoutMs: 5000 })).present).to.equal(true);
      expect(port.sent).to.have.length(2);
      expect(port.interrupts).to.have.length(0);
    });

    it('waits for removal with present: false', async () => {
      const port = new ScriptedPort(TPDU_READER, (command, i) => [answerTo(command, RDR_TO_PC.SlotStatus, { status: i === 0 ? 0x01 : 0x02 })]);
      const state = await (await CcidReader.open(port, { clock: new VirtualClock() })).waitForCard(0, { timeoutMs: 5000, present: false });
      expect(state.present).to.equal(false);
    });
  });

  describe('link', () => {
    it('turns a transport exception into ReaderLinkError (e.g. the device was unplugged)', async () => {
      const port = new ScriptedPort(TPDU_READER, () => []);
      port.send = async () => {
        throw new Error('LIBUSB_ERROR_NO_DEVICE');
      };
      const error = await rejection((await CcidReader.open(port)).slotStatus(0));
      expect(error).to.be.instanceOf(ReaderLinkError);
      expect((error as Error).message).to.match(/LIBUSB_ERROR_NO_DEVICE/);
    });

    it('closes the port once and refuses commands afterwards', async () => {
      const port = new ScriptedPort(TPDU_READER, slotStatusAnswer(0x01));
      const reader = await CcidReader.open(port);
      await reader.close();
      await reader.close();
      expect(port.closed).to.equal(true);
      expect(await rejection(reader.slotStatus(0))).to.be.instanceOf(ReaderLinkError);
    });
  });
});
