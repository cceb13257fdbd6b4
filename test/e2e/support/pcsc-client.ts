/**
 * Runs in a child process (libpcsclite reads PCSCLITE_CSOCK_NAME once per process, and the native
 * binding keeps threads that would hold mocha open): lists the PC/SC readers (unless --no-list),
 * says `opening` on stderr, opens a PcscChannel to the reader named in argv and runs the steps after
 * it, printing one JSON object. Arguments: `[--no-list] [--timeout-ms=N] READER STEP...`; a step is
 * a command APDU in hex (its response is recorded) or `reconnect:reset` / `reconnect:unpower`
 * (recorded as `ATR <hex>`).
 */
import { toHex, parseHex } from '../../../src/core/hex.ts';
import { listPcscReaders } from '../../../src/reader/pcsc/pcsc-readers.ts';
import { PcscChannel } from '../../../src/reader/pcsc/pcsc-channel.ts';

const args = process.argv.slice(2);
const list = args[0] === '--no-list' ? (args.shift(), false) : true;
const timeoutOption = args[0]?.startsWith('--timeout-ms=') ? Number(args.shift()!.slice('--timeout-ms='.length)) : undefined;
const [readerName, ...steps] = args;
const result: { readers: unknown[]; atr?: string; protocol?: number; responses: string[]; error?: string } = { readers: [], responses: [] };
try {
  if (list) result.readers = (await listPcscReaders()).map((r) => ({ name: r.name, cardPresent: r.cardPresent, atr: r.atr ? toHex(r.atr) : undefined }));
  if (readerName) {
    process.stderr.write('opening\n');
    const channel = await PcscChannel.open(readerName, { timeoutMs: timeoutOption });
    result.atr = toHex(channel.atr);
    result.protocol = channel.protocol;
    for (const step of steps) {
      if (step === 'reconnect:reset' || step === 'reconnect:unpower') {
        result.responses.push(`ATR ${toHex(await channel.reconnect(step === 'reconnect:reset' ? 'reset' : 'unpower'))}`);
      } else {
        result.responses.push(toHex(await channel.transmit(parseHex(step))));
      }
    }
    await channel.close();
  }
} catch (error) {
  result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
// The binding's monitoring thread does not always let the process end by itself.
process.exit(0);
