import { createServer, type AddressInfo, type Server } from 'node:net';
import { systemClock } from '../../core/clock.ts';
import { silentBossLogs } from '../log/memory-logs.ts';
import { admit } from './admission.ts';
import { BossConnection, type ConnectionShared } from './connection.ts';
import { newCounters, type BossServerCounters } from './counters.ts';
import { BossListenError } from './errors.ts';
import { FrameRecorder } from './frame-recorder.ts';
import { serverLimits, type BossServerOptions } from './options.ts';

export interface RunningBossServer {
  /** The address listened on, as given (127.0.0.1 by default). */
  readonly host: string;
  /** The port actually taken (the one chosen when 0 was asked). */
  readonly port: number;
  /** A snapshot of the counters. */
  readonly counters: BossServerCounters;
  /**
   * Stops accepting, lets requests already received be answered (bounded by closeTimeoutMs), ends idle
   * connections, and resolves when every connection is closed. Safe to call more than once.
   */
  close(): Promise<void>;
}

/** The BOSS bank interface TCP server: framing, timers, allow-list and limits around a BossService. [bank-interface §1] */
export async function startBossServer(options: BossServerOptions): Promise<RunningBossServer> {
  const limits = serverLimits(options);
  const logs = options.logs ?? silentBossLogs();
  const clock = options.clock ?? systemClock;
  const counters = newCounters();
  const shared: ConnectionShared = {
    service: options.service,
    framing: options.profile.framing,
    limits,
    clock,
    logs,
    recorder: new FrameRecorder(options.tap, clock, logs.service),
    counters,
  };
  const connections = new Set<BossConnection>();
  let nextId = 1;
  let stopping: Promise<void> | undefined;

  // [§1] pauseOnConnect: nothing is read before the allow-list has seen the peer
  const server = createServer({ pauseOnConnect: true, allowHalfOpen: true }, (socket) => {
    const peer = admit(socket, { service: options.service, logs, counters, maxConnections: limits.maxConnections, stopping: stopping !== undefined });
    if (peer === undefined) return;
    const connection = new BossConnection(socket, nextId++, peer, shared);
    connections.add(connection);
    counters.openConnections++;
    counters.acceptedConnections++;
    logs.service.info({ event: 'connected', connection: connection.id, peer: peer.endpoint, openConnections: counters.openConnections });
    void connection.closed.then(() => connections.delete(connection));
    connection.start();
  });
  const port = await listen(server, limits.host, limits.port);
  server.on('error', (error) => logs.service.error({ event: 'serverError', error: error.message }));
  logs.service.info({
    event: 'listening',
    host: limits.host,
    port,
    maxConnections: limits.maxConnections,
    frameTimeoutMs: limits.frameTimeoutMs,
    idleTimeoutMs: limits.idleTimeoutMs,
    answerTimeoutMs: limits.answerTimeoutMs,
  });

  const close = async (): Promise<void> => {
    logs.service.info({ event: 'stopping', openConnections: counters.openConnections });
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const connection of connections) connection.shutdown();
    const bound = setTimeout(() => {
      for (const connection of connections) connection.destroy('close timeout');
    }, limits.closeTimeoutMs);
    // server.close() calls back when Node has let go of the sockets; the connections' own 'close' may come after.
    await Promise.all([stopped, ...[...connections].map((connection) => connection.closed)]);
    clearTimeout(bound);
    logs.service.info({ event: 'stopped', ...counters });
  };

  return {
    host: limits.host,
    port,
    get counters() {
      return { ...counters };
    },
    close: () => (stopping ??= close()),
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => reject(new BossListenError(host, port, error));
    server.once('error', failed);
    server.listen({ host, port }, () => {
      server.off('error', failed);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
