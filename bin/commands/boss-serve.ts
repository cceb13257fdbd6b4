import { systemClock, type Clock } from '../../src/core/clock.ts';
import { errorMessage, InputError } from '../../src/core/errors.ts';
import { formatHostPort } from '../../src/core/host-port.ts';
import { openCaptureFile } from '../../src/boss/capture/jsonl-writer.ts';
import type { FrameTap } from '../../src/boss/capture/types.ts';
import { loadBossConfig, type BossConfig } from '../../src/boss/config/index.ts';
import { openBossLogs } from '../../src/boss/log/index.ts';
import type { Profile } from '../../src/boss/profile/index.ts';
import { BossListenError, startBossServer, type RunningBossServer } from '../../src/boss/server/index.ts';
import { createBossService } from '../../src/boss/service/index.ts';
import { startPeerRefresh } from '../../src/boss/service/peer-refresh.ts';
import type { StoreCommitError } from '../../src/boss/store/errors.ts';
import { openSqliteStore } from '../../src/boss/store/sqlite/index.ts';
import type { CliIo } from '../io.ts';
import { startBatchService, type RunningBatchService } from './boss-batch-service.ts';
import { openLedger } from './boss-ledger.ts';
import { profileOption } from './profile-option.ts';
import { untilStopSignal } from './stop-signal.ts';

export interface BossServeOptions {
  readonly config?: string;
  readonly db?: string;
  readonly host?: string;
  readonly port?: number;
  readonly profile?: string;
  readonly capture?: string;
  readonly logDir?: string;
  /** Runs the embedded FTP service on this port (0: any free one), whatever `ftp.enabled` says. */
  readonly ftp?: number;
  readonly ftpRoot?: string;
}

/** The config file's keys, then the command line's options over them. */
export function serveConfig(options: BossServeOptions): BossConfig {
  const config = loadBossConfig(options.config);
  return {
    ...config,
    ...(options.db === undefined ? {} : { db: options.db }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.capture === undefined ? {} : { capture: options.capture }),
    ...(options.logDir === undefined ? {} : { logDir: options.logDir }),
    ftp: {
      ...config.ftp,
      ...(options.ftp === undefined ? {} : { enabled: true, port: options.ftp }),
      ...(options.ftpRoot === undefined ? {} : { root: options.ftpRoot }),
    },
  };
}

/** A BOSS bank interface up and listening, with everything it opened. */
export interface RunningBossServe {
  readonly server: RunningBossServer;
  readonly profile: Profile;
  /** The FTP service and inbox passes, when `ftp.enabled` (or `--ftp`). */
  readonly batch: RunningBatchService | undefined;
  /**
   * Settles if the ledger failed a COMMIT (fail-stop, already logged as `storeFailed`): every request
   * is answered 9999 from then on, so the command stops and exits non-zero for a supervisor to restart
   * it; reopening the file recovers it. Never rejects.
   */
  readonly failed: Promise<StoreCommitError>;
  /** Closes the FTP service and waits for its passes, then the server gracefully, the service, the capture, the ledger and the logs. */
  stop(): Promise<void>;
}

/** `boss serve` up to the point where it waits; everything opened is closed again if a later step fails. */
export async function startBossServe(config: BossConfig, io: CliIo, clock: Clock = systemClock): Promise<RunningBossServe> {
  const profile = profileOption(config.profile);
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const logs = openBossLogs(config.logDir, { clock });
    closers.push(() => logs.close());
    const store = openLedger(config.db, () => openSqliteStore(config.db, { clock }));
    closers.push(() => store.close());
    const failed = store.failure.then((error) => {
      logs.service.error({ event: 'storeFailed', error: errorMessage(error) }, 'a COMMIT failed: the ledger stopped, every request is answered 9999; exiting for a restart');
      return error;
    });
    const service = createBossService({
      store,
      profile,
      clock,
      utcOffsetMinutes: config.utcOffsetMinutes,
      onInternalError: (error, context) => logs.service.error({ event: 'internalError', peer: context.peerAddress, error: errorMessage(error) }, 'answered 9999'),
    });
    closers.push(() => service.close());
    await service.ready; // until the allow-list is loaded nobody would be let in
    const peerRefresh = startPeerRefresh(() => service.refreshPeers(), config.allowListRefreshMs, (error) =>
      logs.service.error({ event: 'allowListRefreshFailed', error: errorMessage(error) }, 'the allow-list could not be reloaded; the previous one stays'),
    );
    closers.push(async () => peerRefresh.stop());
    let tap: FrameTap | undefined;
    if (config.capture !== null) {
      const capture = openCaptureFile(config.capture, { clock });
      closers.push(() => capture.close());
      tap = capture;
    }
    const server = await startBossServer({
      service,
      profile,
      host: config.host,
      port: config.port,
      frameTimeoutMs: config.frameTimeoutMs,
      idleTimeoutMs: config.idleTimeoutMs,
      answerTimeoutMs: config.answerTimeoutMs,
      maxConnections: config.maxConnections,
      tap,
      logs,
      clock,
    }).catch((error: unknown) => {
      throw listenInputError(error, config);
    });
    closers.push(() => server.close());
    let batch: RunningBatchService | undefined;
    if (config.ftp.enabled) {
      const started = await startBatchService({ config, store, profile, log: logs.batch, clock });
      closers.push(() => started.close());
      batch = started;
    }
    io.out(`BOSS bank interface: profile ${profile.profile}, ledger ${config.db}, logs in ${config.logDir}${config.capture === null ? '' : `, capture ${config.capture}`}\n`);
    io.out(`listening on ${formatHostPort(config.host, server.port)}\n`);
    if (batch) {
      io.out(`ftp on ${formatHostPort(batch.ftp.host, batch.ftp.port)}\n`);
      io.out(`daily files: bank homes in ${config.ftp.root}, reports in ${batch.dirs.reportsDir}, archive in ${batch.dirs.archiveDir}\n`);
    }
    return { server, profile, batch, failed, stop: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * The command's action: serve until SIGINT or SIGTERM, then stop gracefully and exit 0; or until the
 * ledger fails a COMMIT (fail-stop), then stop and throw the StoreCommitError (exit 1) so that a
 * supervisor restarts the process and the reopened file recovers.
 */
export async function bossServeAction(options: BossServeOptions, io: CliIo): Promise<void> {
  const running = await startBossServe(serveConfig(options), io);
  const failed = running.failed.then((error) => ({ failed: error }));
  const first = await Promise.race([untilStopSignal((line) => io.out(`${line}\n`), failed).then((signal) => ({ signal })), failed]);
  if ('failed' in first) {
    io.out('stopping (ledger failed)\n');
    await running.stop();
    throw first.failed;
  }
  io.out(`stopping (${first.signal})\n`);
  await running.stop();
  io.out(`stopped (${first.signal})\n`);
}

/** A port in use or an address not on this machine is the user's input: exit 2 naming the option. */
function listenInputError(error: unknown, config: BossConfig): unknown {
  if (!(error instanceof BossListenError)) return error;
  if (error.systemCode === 'EADDRINUSE') return new InputError('--port', `port ${config.port} on ${config.host} is in use`, { cause: error });
  if (error.systemCode === 'EADDRNOTAVAIL' || error.systemCode === 'ENOTFOUND') {
    return new InputError('--host', `${config.host} is not an address of this machine`, { cause: error });
  }
  if (error.systemCode === 'EACCES') return new InputError('--port', `port ${config.port} needs privileges`, { cause: error });
  return error;
}
