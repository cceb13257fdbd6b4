/** The BOSS bank interface TCP server. [bank-interface §1] */
export { startBossServer, type RunningBossServer } from './server.ts';
export { DEFAULT_MAX_CONNECTIONS, DEFAULT_TIMEOUTS, type BossServerOptions, type BossTimeouts } from './options.ts';
export type { BossServerCounters } from './counters.ts';
export type { AnswerLine } from './answer-line.ts';
export { BossListenError } from './errors.ts';
export { reducePeerAddress } from './peer-address.ts';
