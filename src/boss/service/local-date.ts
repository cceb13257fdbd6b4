// One home for the BOSS's local dates: src/boss/local-date.ts. [brief: dates]
export { localDate, DEFAULT_UTC_OFFSET_MINUTES } from '../local-date.ts';
