#!/usr/bin/env node
// The CLI is TypeScript run through tsx (no build step): register its loader, then start.
import { register } from 'tsx/esm/api';

register();
const { main, processIo } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2), processIo);
