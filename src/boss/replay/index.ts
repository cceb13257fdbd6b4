/** Replaying a capture against a BOSS and comparing the answers. docs/boss/capture.md §4 */
export * from './types.ts';
export { compareAnswers, responseFieldNames, type Comparison } from './compare.ts';
export { AssignedValues, BOSS_ASSIGNED_FIELDS } from './assigned-values.ts';
export { planReplay, type ConnectionPlan, type ConnectionEnd, type ReplayStep } from './plan.ts';
export { ConnectionPlayer, type ReplayTiming, type ConnectionReplayOptions } from './connection.ts';
export {
  replayCapture,
  DEFAULT_ANSWER_TIMEOUT_MS,
  DEFAULT_CLOSE_MARGIN_MS,
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_SETTLE_MS,
  type ReplayOptions,
} from './replay.ts';
export { renderReplayReport, REPLAY_REPORT_FORMATS, type ReplayReportFormat } from './report/index.ts';
