import type { Command } from 'commander';
import { systemClock } from '../../src/core/clock.ts';
import { errorMessage, InputError } from '../../src/core/errors.ts';
import { parseHostPort, type HostPort } from '../../src/core/host-port.ts';
import { toHex } from '../../src/core/hex.ts';
import { CARD_DEFINITIONS } from '../../simulators/cards/registry.ts';
import type { EmulatedCard } from '../../simulators/cards/common/emulated-card.ts';
import { saveImageFile } from '../../simulators/cards/common/image.ts';
import { loadCard } from './card-file.ts';
import { cardTypeOption } from './card-type-option.ts';
import { ReaderEmulator } from '../../simulators/reader/reader-emulator.ts';
import { DEFAULT_READER_PROFILE, READER_PROFILES, readerProfile, type ReaderProfile } from '../../simulators/reader/profiles.ts';
import { VPCD_DEFAULT_PORT, vpcdReaderConf, type VpcdBridge } from '../../simulators/reader/vpcd/bridge.ts';
import { connectToVpcd } from '../../simulators/reader/vpcd/connector.ts';
import { listenForVpcd } from '../../simulators/reader/vpcd/listener.ts';
import { CCID_TWIN_DRIVER_PATH, serveReaderOnPty, startPtyPair, type PtyPair, type PtyReader } from '../../simulators/reader/pty.ts';
import type { CliIo } from '../io.ts';
import { integerOption } from './number-option.ts';
import { untilStopSignal } from './stop-signal.ts';

/** The name pcscd gives the reader; it appends " 00 00", " 00 01"... per slot. */
export const SIM_READER_NAME = 'stbpay emulated reader';

/** vpcd always offers pcscd two slots (VPCDSLOTS), whatever the emulator has. */
const VPCD_SLOTS = 2;

/**
 * Cards run with the datasheet's write-cycle timing, on the system clock the reader emulator and
 * its firmware use too, so the firmware waits out each cycle as a real reader does.
 */
const CARD_OPTIONS = { timing: true, clock: systemClock } as const;

/** The libccid serial model the emulator answers as (echoing frames, one slot). */
const SERIAL_MODEL = 'GemPCTwin';

export interface CardChoice {
  readonly card?: string;
  readonly image?: string;
  readonly save: boolean;
}

export interface SimPcscOptions extends CardChoice {
  readonly slots?: number;
  readonly vpcd?: string;
  readonly listen?: number;
  readonly profile?: string;
  readonly trace?: boolean;
}

export interface SimReaderOptions extends CardChoice {
  readonly pty: string;
  readonly profile: string;
}

export function registerSimCommands(program: Command, io: CliIo): void {
  const sim = program.command('sim').description('run the reader emulator behind the real smart-card stack (pcscd)');

  sim
    .command('pcsc')
    .description('an emulated reader with a card, seen by pcscd through vsmartcard vpcd; runs until Ctrl-C')
    .option('--card <type>', 'card in slot 0, factory-fresh: SLE4442 (default), SLE4428, AT88SC1608, AT88SC153, AT88SC102, AT88SC1604')
    .option('--image <file>', 'card in slot 0 from a card image file (saved back on exit unless --no-save)')
    .option('--no-save', 'do not write the card back to its image file on exit')
    .option('--slots <n>', '1 or 2 slots (2 picks the dual-slot profile)', integerOption('--slots', 1, 2))
    .option('--vpcd <host:port>', `connect to vpcd listening there, slot N on port + N (default 127.0.0.1:${VPCD_DEFAULT_PORT})`)
    .option('--listen <port>', 'listen on 127.0.0.1:port (0: any free port) for vpcd to connect to (vpcd DEVICENAME host:port)', integerOption('--listen', 0, 65534))
    .option('--profile <name>', `reader profile: ${Object.keys(READER_PROFILES).join(', ')}`)
    .option('--trace', 'print every vpcd message and answer')
    .action(async (options: SimPcscOptions) => runUntilStopped(await startPcscSimulation(options, io), io));

  sim
    .command('reader')
    .description('the emulated reader as a serial CCID reader (GemPC Twin framing) on a pseudo-terminal, for libccid; runs until Ctrl-C')
    .requiredOption('--pty <path>', 'path of the pseudo-terminal link to create for the host (libccid opens it)')
    .option('--card <type>', 'card in the slot, factory-fresh (default SLE4442)')
    .option('--image <file>', 'card from a card image file (saved back on exit unless --no-save)')
    .option('--no-save', 'do not write the card back to its image file on exit')
    .option('--profile <name>', 'reader profile (one slot; the serial framing is the GemPC Twin\'s)', 'gempc-twin')
    .action(async (options: SimReaderOptions) => runUntilStopped(await startSerialSimulation(options, io), io));
}

/** A running simulation: the emulator with its card, exposed to pcscd until `stop`. */
export interface Simulation {
  readonly emulator: ReaderEmulator;
  readonly card: EmulatedCard;
  /** Closes the bridge (pcscd sees the card removed) and saves an image-file card. */
  stop(): Promise<void>;
}

export interface PcscSimulation extends Simulation {
  readonly bridge: VpcdBridge;
}

/**
 * `sim pcsc` up to the point where it waits: the emulator, its card, the vpcd bridge, and what the
 * user needs to know printed.
 */
export async function startPcscSimulation(options: SimPcscOptions, io: CliIo): Promise<PcscSimulation> {
  const profile = pcscProfile(options);
  if (options.vpcd !== undefined && options.listen !== undefined) throw new InputError('--vpcd/--listen', 'give one of them: connect to vpcd, or let vpcd connect to us');
  const target = options.listen === undefined ? parseVpcdAddress(options.vpcd ?? `127.0.0.1:${VPCD_DEFAULT_PORT}`, profile.slots) : undefined;
  const { emulator, card } = await emulatorWithCard(profile, options, io);
  const say = (line: string): void => io.out(`${line}\n`);
  const events = {
    log: (line: string) => say(`vpcd: ${line}`),
    trace: options.trace ? (direction: '>' | '<', bytes: Uint8Array) => say(`vpcd ${direction} ${toHex(bytes)}`) : undefined,
  };
  const bridge: VpcdBridge = target
    ? connectToVpcd(emulator, { ...target, ...events })
    : await listenForVpcd(emulator, { host: '127.0.0.1', port: options.listen ?? 0, ...events }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EADDRINUSE') throw error;
        throw new InputError('--listen', `port ${options.listen} (or the one after it, for slot 1) is in use`, { cause: error });
      });
  for (const endpoint of bridge.endpoints) {
    say(`slot ${endpoint.slot}: ${bridge.mode === 'connect' ? 'connecting to vpcd at' : 'listening for vpcd on'} ${endpoint.host}:${endpoint.port}`);
  }
  if (bridge.mode === 'listen') {
    say('note: vsmartcard-vpcd 3.3 (Debian 12) aborts pcscd when one of its slots in this mode loses its connection or never had one;');
    say("      use it only with a card in every vpcd slot for pcscd's lifetime, or prefer --vpcd (docs/reader/pcsc-bridge.md)");
  }
  printReaderConf(io, vpcdReaderConf(bridge, SIM_READER_NAME), VPCD_SLOTS);
  return {
    emulator,
    card,
    bridge,
    async stop() {
      await bridge.close();
      await saveCard(card, options, io);
    },
  };
}

/** `sim reader` up to the point where it waits: emulator, card, pty pair, serial front end. */
export async function startSerialSimulation(options: SimReaderOptions, io: CliIo): Promise<Simulation & { readonly pty: PtyPair }> {
  const profile = readerProfile(options.profile);
  if (profile.slots !== 1) throw new InputError('--profile', `the serial reader has one slot (GemPC Twin); profile ${profile.name} has ${profile.slots}`);
  const { emulator, card } = await emulatorWithCard(profile, options, io);
  const pty = await startPtyPair(options.pty);
  let served: PtyReader;
  try {
    served = await serveReaderOnPty(emulator, pty.emulatorPath, {
      model: SERIAL_MODEL,
      onError: (error) => io.err(`stbpay: serial reader: ${errorMessage(error)}\n`),
    });
  } catch (error) {
    await pty.close();
    throw error;
  }
  io.out(`serial reader on ${pty.hostPath} (emulator end ${pty.emulatorPath}), GemPC Twin framing\n`);
  printReaderConf(io, [`FRIENDLYNAME "${SIM_READER_NAME}"`, `DEVICENAME   ${pty.hostPath}:${SERIAL_MODEL}`, `LIBPATH      ${CCID_TWIN_DRIVER_PATH}`, ''].join('\n'), 1);
  return {
    emulator,
    card,
    pty,
    async stop() {
      await served.close();
      await pty.close();
      await saveCard(card, options, io);
    },
  };
}

async function runUntilStopped(simulation: Simulation, io: CliIo): Promise<void> {
  const signal = await untilStopSignal((line) => io.out(`${line}\n`));
  await simulation.stop();
  io.out(`stopped (${signal})\n`);
}

/** --slots picks the dual-slot profile; with --profile both must agree. */
function pcscProfile(options: SimPcscOptions): ReaderProfile {
  if (options.profile !== undefined) {
    const profile = readerProfile(options.profile);
    if (options.slots !== undefined && options.slots !== profile.slots) {
      throw new InputError('--slots', `profile ${profile.name} has ${profile.slots} slot(s), not ${options.slots}`);
    }
    return profile;
  }
  return options.slots === 2 ? readerProfile('dual-slot') : DEFAULT_READER_PROFILE;
}

/** "host:port" of vpcd's slot 0; the other slots are on the ports after it. */
/** `--vpcd HOST:PORT`: slot n talks to PORT + n, so the last slot's port must exist too. */
export function parseVpcdAddress(text: string, slots: number): HostPort {
  const address = parseHostPort(text, '--vpcd');
  if (address.port + slots - 1 > 65535) {
    throw new InputError('--vpcd', `"${text}" is not host:port with a port from 1 to ${65536 - slots}`);
  }
  return address;
}

async function emulatorWithCard(profile: ReaderProfile, choice: CardChoice, io: CliIo): Promise<{ emulator: ReaderEmulator; card: EmulatedCard }> {
  if (choice.card !== undefined && choice.image !== undefined) throw new InputError('--card/--image', 'give one: a factory-fresh card of a type, or a card image file');
  const card = choice.image !== undefined ? await loadCard(choice.image, CARD_OPTIONS) : freshCard(choice.card ?? 'SLE4442', io);
  const emulator = new ReaderEmulator({ profile, clock: systemClock });
  emulator.insert(0, card);
  const atr = await emulator.slots[0]!.powerOn();
  await emulator.slots[0]!.powerOff();
  io.out(`reader: ${profile.label} (profile ${profile.name}), ${profile.slots} slot(s)\n`);
  io.out(`slot 0: ${card.type} ${choice.image !== undefined ? `from ${choice.image}` : 'factory-fresh'}, ATR ${toHex(atr)}\n`);
  return { emulator, card };
}

function freshCard(typeName: string, io: CliIo): EmulatedCard {
  return CARD_DEFINITIONS[cardTypeOption(typeName, io)].create(CARD_OPTIONS);
}

async function saveCard(card: EmulatedCard, choice: CardChoice, io: CliIo): Promise<void> {
  if (choice.image === undefined || !choice.save) return;
  await saveImageFile(choice.image, card.toImage());
  io.out(`${choice.image}: saved\n`);
}

function printReaderConf(io: CliIo, conf: string, slots: number): void {
  io.out('reader.conf for pcscd (e.g. as /etc/reader.conf.d/stbpay, then restart pcscd):\n');
  for (const line of conf.trimEnd().split('\n')) io.out(`    ${line}\n`);
  const names = Array.from({ length: slots }, (_, i) => `"${SIM_READER_NAME} 00 ${String(i).padStart(2, '0')}"`);
  io.out(`PC/SC reader name(s): ${names.join(', ')}\n`);
}
