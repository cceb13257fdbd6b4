import type { FieldFormat } from '../profile/types.ts';
import { byteLength } from './text.ts';

/**
 * Checks one field value against its format; returns what is wrong, or undefined when it fits.
 * `separator` is the profile's field separator, which no value may contain. [bank-interface §2, §3]
 */
export function checkValue(format: FieldFormat, value: string, separator: string): string | undefined {
  switch (format.kind) {
    case 'digits':
      return checkRun(value, /^[0-9]*$/, 'digits', format.min, format.max);
    case 'alnum':
      return checkRun(value, /^[A-Za-z0-9]*$/, 'letters and digits', format.min, format.max);
    case 'date':
      return /^\d{8}$/.test(value) && isDate(+value.slice(0, 4), +value.slice(4, 6), +value.slice(6, 8))
        ? undefined
        : 'is not a date YYYYMMDD';
    case 'time':
      return /^([01]\d|2[0-3])[0-5]\d[0-5]\d$/.test(value) ? undefined : 'is not a time HHMMSS';
    case 'month':
      return /^\d{4}(0[1-9]|1[0-2])$/.test(value) ? undefined : 'is not a month YYYYMM';
    case 'amount': {
      // [§2] integers in fen, no sign, no decimal point, 1 to 12 digits
      if (!/^(0|[1-9][0-9]*)$/.test(value)) return 'is not an amount in fen (digits only, no sign, point or leading zero)';
      if (value.length > format.maxDigits) return `has ${value.length} digits, more than ${format.maxDigits}`;
      return BigInt(value) < BigInt(format.min) ? `is below the minimum ${format.min}` : undefined;
    }
    case 'integer': {
      if (!/^(0|[1-9][0-9]{0,15})$/.test(value)) return 'is not a decimal integer without leading zeros';
      const n = Number(value);
      return n < format.min || n > format.max ? `is outside ${format.min}..${format.max}` : undefined;
    }
    case 'text': {
      if (value.includes(separator)) return `contains the separator '${separator}'`;
      if (/[\x00-\x1f\x7f]/.test(value)) return 'contains a control character (CR, LF, ...)';
      const length = byteLength(value, format.encoding);
      if (length === undefined) return `cannot be encoded as ${format.encoding}`;
      if (length < format.min || length > format.max) return `is ${length} bytes, not ${format.min}..${format.max}`;
      return undefined;
    }
    case 'enum':
      return Object.hasOwn(format.values, value) ? undefined : `is not one of ${Object.keys(format.values).join(', ')}`;
    case 'const':
      return value === format.value ? undefined : `is not '${format.value}'`;
  }
}

function checkRun(value: string, pattern: RegExp, what: string, min: number, max: number): string | undefined {
  if (!pattern.test(value)) return `is not ${what} only`;
  if (value.length < min || value.length > max) return `is ${value.length} characters, not ${min}..${max}`;
  return undefined;
}

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** The encoding a field's value travels in: text fields declare one, every other format is ASCII. */
export function fieldEncoding(format: FieldFormat): 'ascii' | 'gbk' | 'utf-8' {
  return format.kind === 'text' ? format.encoding : 'ascii';
}
