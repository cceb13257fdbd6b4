/**
 * Runs in a child process (libpcsclite reads PCSCLITE_CSOCK_NAME once per process, and the native
 * binding keeps threads that would hold mocha open): lists the PC/SC readers, opens a PcscChannel to
 * the reader named in argv[2] and sends the APDUs of argv[3..], printing one JSON object.
 */
import { toHex, parseHex } from '../../../src/core/hex.ts';
import { listPcscReaders } from '../../../src/reader/pcsc/pcsc-readers.ts';
import { PcscChannel } from '../../../src/reader/pcsc/pcsc-channel.ts';

const [readerName, ...apdus] = process.argv.slice(2);
const result: { readers: unknown[]; atr?: string; protocol?: number; responses: string[]; error?: string } = { readers: [], responses: [] };
try {
  result.readers = (await listPcscReaders()).map((r) => ({ name: r.name, cardPresent: r.cardPresent, atr: r.atr ? toHex(r.atr) : undefined }));
  if (readerName) {
    const channel = await PcscChannel.open(readerName);
    result.atr = toHex(channel.atr);
    result.protocol = channel.protocol;
    for (const apdu of apdus) result.responses.push(toHex(await channel.transmit(parseHex(apdu))));
    await channel.close();
  }
} catch (error) {
  result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
// The binding's monitoring thread does not always let the process end by itself.
process.exit(0);
