import { isIP } from 'node:net';
import { InputError } from './errors.ts';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** What a caller accepts beyond `HOST:PORT` and `[IPv6]:PORT` with a port from 1 to 65535. */
export interface HostPortRules {
  /** A bare `PORT` means this host (e.g. `--listen 9101`). */
  readonly defaultHost?: string;
  /** Port 0 (any free port) is allowed: for a side that listens, never for one that connects. */
  readonly allowPortZero?: boolean;
}

// An IPv6 address must be bracketed: in `::1:9100` the port cannot be told from the address.
const BRACKETED = /^\[([^\]]+)\]:(\d{1,5})$/;
const PLAIN = /^([^\s:[\]]+):(\d{1,5})$/;
const PORT_ONLY = /^(\d{1,5})$/;

/**
 * `HOST:PORT` or `[IPv6]:PORT` as typed on a command line, and a bare `PORT` where `rules` give a
 * default host. Anything else is an InputError naming `option`.
 */
export function parseHostPort(text: string, option: string, rules: HostPortRules = {}): HostPort {
  const lowest = rules.allowPortZero ? 0 : 1;
  const parts = split(text.trim(), rules.defaultHost);
  const port = Number(parts?.port);
  if (parts === undefined || parts.host === '' || !(port >= lowest && port <= 65_535)) {
    const shape = rules.defaultHost !== undefined ? '[HOST:]PORT' : 'HOST:PORT';
    throw new InputError(option, `"${text}" is not ${shape} (IPv6 as [::1]:PORT, port ${lowest}..65535)`);
  }
  return { host: parts.host, port };
}

function split(text: string, defaultHost: string | undefined): { host: string; port: string } | undefined {
  const bracketed = BRACKETED.exec(text);
  if (bracketed) return isIP(bracketed[1]!) === 6 ? { host: bracketed[1]!, port: bracketed[2]! } : undefined;
  const plain = PLAIN.exec(text);
  if (plain) return { host: plain[1]!, port: plain[2]! };
  const portOnly = defaultHost === undefined ? null : PORT_ONLY.exec(text);
  return portOnly ? { host: defaultHost!, port: portOnly[1]! } : undefined;
}

/**
 * `HOST:PORT` for people and logs: an IPv6 address in brackets (`[::1]:9100`), an IPv4-mapped IPv6
 * address (`::ffff:127.0.0.1`, what a dual-stack socket reports) as plain IPv4.
 */
export function formatHostPort(host: string, port: number): string {
  const plain = unmapIpv4(host);
  return plain.includes(':') ? `[${plain}]:${port}` : `${plain}:${port}`;
}

/** `::ffff:a.b.c.d` → `a.b.c.d`; any other address as it is. */
export function unmapIpv4(address: string): string {
  const mapped = /^::ffff:(.+)$/i.exec(address);
  return mapped && isIP(mapped[1]!) === 4 ? mapped[1]! : address;
}
