/** The BOSS interface's JSON-line logs: service, transactions, batch. */
export * from './types.ts';
export { openBossLogs, type BossLogOptions } from './file-logs.ts';
export { memoryBossLogs, silentBossLogs, type LogLine, type MemoryBossLogs } from './memory-logs.ts';
