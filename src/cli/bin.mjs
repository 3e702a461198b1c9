#!/usr/bin/env node
// Runs paperboy's TypeScript directly (no build step): registers tsx, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
