/** The host-side view of a CPU card: the device interface and the status words. */
export type { CpuCard, TransmissionProtocol } from './cpu-card.ts';
export { SW } from './status-words.ts';
