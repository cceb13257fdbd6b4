import type { Socket } from 'node:net';
import { errorMessage } from '../../core/errors.ts';
import { formatHostPort } from '../../core/host-port.ts';
import type { BossLogs } from '../log/types.ts';
import type { BossService } from '../service/types.ts';
import type { MutableCounters } from './counters.ts';
import { reducePeerAddress } from './peer-address.ts';

export interface Admission {
  readonly service: BossService;
  readonly logs: BossLogs;
  readonly counters: MutableCounters;
  readonly maxConnections: number;
  readonly stopping: boolean;
}

export interface AdmittedPeer {
  /** The reduced IP the allow-list saw. */
  readonly address: string;
  /** `IP:PORT`. */
  readonly endpoint: string;
}

/**
 * Decides on a socket accepted with `pauseOnConnect`, before a byte of it is read: a peer off the
 * allow-list, or one over maxConnections, is destroyed at once with nothing written and one
 * service-log line. [bank-interface §1: disconnected at once, without an answer, and logged]
 */
export function admit(socket: Socket, admission: Admission): AdmittedPeer | undefined {
  // A refused socket can still report the peer's reset; that must not be an unhandled 'error'.
  socket.on('error', () => undefined);
  const { counters, logs } = admission;
  // A socket the peer reset before this accept ran has no remote address any more: it is gone, not
  // refused. Logging it as an allow-list refusal (peer ":0") would report a bank on the list as a
  // stranger. [bank-interface §1: only a peer not on the list is refused and logged so]
  if (socket.remoteAddress === undefined || socket.destroyed) {
    counters.goneBeforeAccept++;
    logs.service.debug({ event: 'goneBeforeAccept' }, 'connection reset by the peer before it was accepted');
    socket.destroy();
    return undefined;
  }
  const address = reducePeerAddress(socket.remoteAddress);
  const endpoint = formatHostPort(address, socket.remotePort ?? 0);
  if (admission.stopping) {
    socket.destroy();
    return undefined;
  }
  if (!allows(admission, address)) {
    counters.refusedPeers++;
    logs.service.warn({ event: 'peerRefused', peer: endpoint }, 'peer not on the allow-list: disconnected without reading');
    socket.destroy();
    return undefined;
  }
  if (counters.openConnections >= admission.maxConnections) {
    counters.overLimit++;
    logs.service.warn({ event: 'overLimit', peer: endpoint, openConnections: counters.openConnections, maxConnections: admission.maxConnections }, 'too many connections: closed at once');
    socket.destroy();
    return undefined;
  }
  return { address, endpoint };
}

function allows(admission: Admission, address: string): boolean {
  try {
    return admission.service.allowsPeer(address);
  } catch (error) {
    // An allow-list that cannot be consulted lets nobody in.
    admission.logs.service.error({ event: 'serviceError', peer: address, error: errorMessage(error) }, 'allowsPeer failed');
    return false;
  }
}
