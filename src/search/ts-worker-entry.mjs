// Entry of every TypeScript worker (see ts-worker.ts): registers tsx in this thread, then loads the module.
// `execArgv: ['--import', 'tsx']` is not enough on Node 20: the worker's entry loads before those hooks apply.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.tsModule);
