import { expect } from 'chai';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import { ReaderLinkError } from '../../../src/reader/errors.ts';
import { CcidReader } from '../../../src/reader/reader.ts';
import { frameMessage, GemPcTwinDecoder, type SerialEvent } from '../../../src/reader/serial/gempc-twin.ts';
import { GemPcTwinPort } from '../../../src/reader/transport/serial-port.ts';
import { cardDefinition } from '../../../simulators/cards/registry.ts';
import { sle4442Firmware } from '../../../simulators/reader/firmware/sle4442.ts';
import { READER_PROFILES } from '../../../simulators/reader/profiles.ts';
import { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { attachSerialFrontend } from '../../../simulators/reader/serial-frontend.ts';
import { duplexPair, settle } from './duplex-pair.ts';

function gemPcTwin(): ReaderEmulator {
  return new ReaderEmulator({ profile: READER_PROFILES['gempc-twin']!, firmware: () => sle4442Firmware });
}

/** Everything the emulator's side writes, decoded. */
function hostListener(line: { host: NodeJS.ReadableStream }): SerialEvent[] {
  const decoder = new GemPcTwinDecoder();
  const events: SerialEvent[] = [];
  line.host.on('data', (chunk: Buffer) => events.push(...decoder.push(new Uint8Array(chunk))));
  return events;
}

describe('Serial front end of the reader emulator (GemPC Twin framing, both sides)', () => {
  it('drives an emulated GemPC Twin from CcidReader over the serial framing: card movement, ATR, pseudo-APDUs', async () => {
    const device = gemPcTwin();
    const line = duplexPair();
    const frontend = attachSerialFrontend(device, line.reader);
    const reader = await CcidReader.open(new GemPcTwinPort(line.host));
    expect((await reader.slotStatus(0)).present).to.equal(false);
    const waiting = reader.waitForCard(0, { timeoutMs: 5000 });
    setImmediate(() => device.insert(0, cardDefinition('SLE4442').create()));
    expect((await waiting).present).to.equal(true);
    expect(toHex(await reader.powerOn(0))).to.equal('3B 04 A2 13 10 91');
    expect(toHex(await reader.transmit(0, parseHex('FF A4 00 00 01 06')))).to.equal('90 00');
    expect(toHex(await reader.transmit(0, parseHex('FF B0 00 00 04')))).to.equal('A2 13 10 91 90 00');
    await reader.close();
    frontend.detach();
  });

  it('echoes each host frame before the answer for the GemPC Twin (libccid ccid_serial.c: echo = true)', async () => {
    const line = duplexPair();
    const frontend = attachSerialFrontend(gemPcTwin(), line.reader);
    const events = hostListener(line);
    const command = parseHex('65 00 00 00 00 00 07 00 00 00');
    line.host.write(Buffer.from(frameMessage(command)));
    await settle();
    await frontend.idle();
    const frames = events.flatMap((event) => (event.kind === 'message' ? [toHex(event.message)] : []));
    expect(frames).to.have.length(2);
    expect(frames[0]).to.equal(toHex(command));
    expect(frames[1]!.slice(0, 20)).to.equal('81 00 00 00 00 00 07'); // SlotStatus, bSeq 07
    frontend.detach();
  });

  it('does not echo for a model that does not (GemCorePOSPro)', async () => {
    const line = duplexPair();
    const frontend = attachSerialFrontend(gemPcTwin(), line.reader, { model: 'GemCorePOSPro' });
    const events = hostListener(line);
    line.host.write(Buffer.from(frameMessage(parseHex('65 00 00 00 00 00 01 00 00 00'))));
    await settle();
    await frontend.idle();
    expect(events.filter((event) => event.kind === 'message')).to.have.length(1);
    frontend.detach();
  });

  it('answers a frame with a bad LRC with NAK 03 15 16 and handles nothing', async () => {
    const line = duplexPair();
    const frontend = attachSerialFrontend(gemPcTwin(), line.reader);
    const events = hostListener(line);
    const frame = frameMessage(parseHex('65 00 00 00 00 00 01 00 00 00'));
    frame[frame.length - 1]! ^= 0x55;
    line.host.write(Buffer.from(frame));
    await settle();
    await frontend.idle();
    expect(events.map((event) => event.kind)).to.deep.equal(['nak']);
    frontend.detach();
  });

  it('sends a card movement as 50 03 on insertion and 50 02 on removal (ccid_serial.c CARD_PRESENT / CARD_ABSENT)', async () => {
    const device = gemPcTwin();
    const line = duplexPair();
    const frontend = attachSerialFrontend(device, line.reader);
    const events = hostListener(line);
    device.insert(0, cardDefinition('SLE4442').create());
    device.remove(0);
    await settle();
    await frontend.idle();
    expect(events.map((event) => (event.kind === 'card-movement' ? `50 0${event.state}` : event.kind))).to.deep.equal(['50 03', '50 02']);
    frontend.detach();
  });

  it('resends the command after a NAK from the emulated side, so a host recovers from a line error', async () => {
    const device = gemPcTwin();
    const line = duplexPair();
    const frontend = attachSerialFrontend(device, line.reader);
    const port = new GemPcTwinPort(line.host);
    const reader = await CcidReader.open(port);
    // Corrupt the next host frame once on its way to the reader: the front end NAKs, the port resends.
    const original = line.host.write.bind(line.host);
    let corrupted = false;
    line.host.write = ((chunk: Buffer, ...rest: unknown[]) => {
      if (!corrupted) {
        corrupted = true;
        const damaged = Buffer.from(chunk);
        damaged[damaged.length - 1]! ^= 0xff;
        return (original as (c: Buffer, ...r: unknown[]) => boolean)(damaged, ...rest);
      }
      return (original as (c: Buffer, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof line.host.write;
    expect((await reader.slotStatus(0)).present).to.equal(false);
    expect(corrupted).to.equal(true);
    await reader.close();
    frontend.detach();
  });

  it('reports the line going away as ReaderLinkError on the host', async () => {
    const line = duplexPair();
    const frontend = attachSerialFrontend(gemPcTwin(), line.reader);
    const reader = await CcidReader.open(new GemPcTwinPort(line.host));
    await reader.slotStatus(0);
    line.cut();
    await settle();
    let error: unknown;
    await reader.slotStatus(0).catch((caught: unknown) => (error = caught));
    expect(error).to.be.instanceOf(ReaderLinkError);
    frontend.detach();
  });
});
