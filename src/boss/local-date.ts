import { InputError } from '../core/errors.ts';

/**
 * The BOSS's dates and times: its local calendar in a fixed UTC offset, the same for the BOSS, the
 * bank emulator and the conformance suite. [bank-interface §2 dates and times]
 */

/** The default UTC offset: +08:00. [issue 4 fixed decisions: `utcOffsetMinutes: 480`] */
export const DEFAULT_UTC_OFFSET_MINUTES = 480;

/** YYYYMMDD of `atMs` at the UTC offset. [bank-interface §2] */
export function localDate(atMs: number, utcOffsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): string {
  const d = atOffset(atMs, utcOffsetMinutes);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

/** HHMMSS of `atMs` at the UTC offset. [bank-interface §2] */
export function localTime(atMs: number, utcOffsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): string {
  const d = atOffset(atMs, utcOffsetMinutes);
  return `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** The calendar date `days` after `date` (YYYYMMDD; before it when `days` is negative). */
export function addDays(date: string, days: number): string {
  return localDate(Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8)) + days * 86_400_000, 0);
}

/** A YYYYMMDD date given by a user, checked to be a real calendar date; `field` names the option or setting. */
export function checkDate(date: string, field: string): string {
  if (!/^\d{8}$/.test(date) || addDays(date, 0) !== date) throw new InputError(field, `"${date}" is not a date YYYYMMDD`);
  return date;
}

function atOffset(atMs: number, utcOffsetMinutes: number): Date {
  return new Date(Math.floor(atMs) + utcOffsetMinutes * 60_000);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
