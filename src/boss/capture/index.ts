/** BOSS captures: JSON lines written by the server tap and the capture proxy, pcap/pcapng read for replay. */
export type { CapturedFrame, FrameTap } from './types.ts';
export * from './records.ts';
export * from './errors.ts';
export * from './model.ts';
export { openCaptureFile, type CaptureFileWriter, type WithOptionalTime } from './jsonl-writer.ts';
export { readCaptureRecords, parseCaptureLine, type NumberedRecord } from './jsonl-reader.ts';
export { formatCaptureLine } from './jsonl-line.ts';
export { readJsonlCapture } from './jsonl-capture.ts';
export { loadCapture, detectCaptureKind, type CaptureKind } from './load.ts';
export { pairExchanges, FRAMING_ANSWER_TXCODE, type CapturedExchange, type UnpairedReason } from './exchanges.ts';
export { FrameSplitter, type StreamPiece } from './frame-splitter.ts';
export { startCaptureProxy, type CaptureProxy, type CaptureProxyOptions } from './proxy.ts';
export { readPcapCapture, PcapError, type PcapCaptureOptions } from './pcap/index.ts';
