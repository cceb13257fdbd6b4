import type { Command } from 'commander';
import { InputError } from '../../src/core/errors.ts';
import { formatHostPort, parseHostPort } from '../../src/core/host-port.ts';
import { openCaptureFile } from '../../src/boss/capture/jsonl-writer.ts';
import { startCaptureProxy, type CaptureProxy } from '../../src/boss/capture/proxy.ts';
import type { CliIo } from '../io.ts';
import { profileOption } from './profile-option.ts';
import { untilStopSignal } from './stop-signal.ts';

export interface BossCaptureOptions {
  readonly listen: string;
  readonly target: string;
  readonly out: string;
  readonly profile?: string;
}

/** A running capture proxy and how to stop it (closing the capture file). */
export interface RunningBossCapture {
  readonly proxy: CaptureProxy;
  stop(): Promise<void>;
}

/**
 * `stbpay boss capture --listen [HOST:]PORT --target HOST:PORT --out FILE`: a recording proxy
 * between banks and a BOSS (ours or anyone's). Registered under the `boss` command.
 * docs/boss/capture.md §2
 */
export function registerBossCaptureCommand(boss: Command, io: CliIo): void {
  boss
    .command('capture')
    .description('record every frame between banks and a BOSS: a TCP proxy writing a JSON-lines capture, until SIGINT/SIGTERM')
    .requiredOption('--listen <[host:]port>', 'where banks connect (host 127.0.0.1 unless given; port 0: any free one)')
    .requiredOption('--target <host:port>', 'the BOSS to forward to')
    .requiredOption('--out <file>', 'the JSON-lines capture to append to')
    .option('--profile <file>', 'bank-interface profile JSON (default boss-bank/1): its framing cuts the frames')
    .action(async (options: BossCaptureOptions) => {
      const running = await startBossCapture(options, io);
      const signal = await untilStopSignal((line) => io.out(`${line}\n`));
      await running.stop();
      io.out(`stopped (${signal}); ${running.proxy.connections} connection(s) recorded in ${options.out}\n`);
    });
}

export async function startBossCapture(options: BossCaptureOptions, io: CliIo): Promise<RunningBossCapture> {
  const listen = parseHostPort(options.listen, '--listen', { defaultHost: '127.0.0.1', allowPortZero: true });
  const target = parseHostPort(options.target, '--target');
  const profile = profileOption(options.profile);
  const writer = openCaptureFile(options.out);
  let proxy: CaptureProxy;
  try {
    proxy = await startCaptureProxy({ listen, target, writer, profile, onEvent: (line) => io.out(`${line}\n`) });
  } catch (error) {
    await writer.close();
    throw new InputError('--listen', `cannot listen on ${formatHostPort(listen.host, listen.port)} (${(error as Error).message})`, { cause: error });
  }
  io.out(`capturing ${formatHostPort(proxy.host, proxy.port)} → ${formatHostPort(target.host, target.port)} into ${options.out} (profile ${profile.profile})\n`);
  return {
    proxy,
    async stop() {
      await proxy.close();
      await writer.close();
    },
  };
}
