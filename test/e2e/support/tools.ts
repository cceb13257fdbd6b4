import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/**
 * The programs and drivers the end-to-end tests drive, with the Debian package that provides each:
 * a missing one fails the test with the install command (never a silent skip). `.ci/run` installs
 * all of them.
 */
export const E2E_REQUIREMENTS = {
  pcscd: { kind: 'program', name: 'pcscd', debian: 'pcscd' },
  unshare: { kind: 'program', name: 'unshare', debian: 'util-linux' },
  pcscScan: { kind: 'program', name: 'pcsc_scan', debian: 'pcsc-tools' },
  scriptor: { kind: 'program', name: 'scriptor', debian: 'pcsc-tools' },
  openscTool: { kind: 'program', name: 'opensc-tool', debian: 'opensc' },
  socat: { kind: 'program', name: 'socat', debian: 'socat' },
  vpcd: { kind: 'file', name: '/usr/lib/pcsc/drivers/serial/libifdvpcd.so', debian: 'vsmartcard-vpcd' },
  ccidTwin: { kind: 'file', name: '/usr/lib/pcsc/drivers/serial/libccidtwin.so', debian: 'libccid' },
} as const;

export interface Requirement {
  readonly kind: 'program' | 'file';
  readonly name: string;
  readonly debian: string;
}

/** Throws, naming the Debian package, unless every requirement is on this machine. */
export async function requireTools(...requirements: readonly Requirement[]): Promise<void> {
  const missing: Requirement[] = [];
  for (const requirement of requirements) if (!(await present(requirement))) missing.push(requirement);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((r) => r.debian))];
    const what = missing.map((r) => `${r.name} (Debian package ${r.debian})`).join(', ');
    throw new Error(`missing ${what}: run apt-get install ${packages.join(' ')} (or .ci/run, which installs them)`);
  }
}

async function present(requirement: Requirement): Promise<boolean> {
  const candidates =
    requirement.kind === 'file'
      ? [requirement.name]
      : [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'].filter(Boolean).map((dir) => join(dir, requirement.name));
  for (const candidate of candidates) {
    try {
      await access(candidate, requirement.kind === 'file' ? constants.R_OK : constants.X_OK);
      return true;
    } catch {
      // try the next place
    }
  }
  return false;
}
