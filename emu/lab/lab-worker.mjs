// A lab's worker thread when sun3lab runs from its sources (tests, tsx):
// compile the TypeScript as it is imported. The command's bundle has its own
// lab-worker.mjs, built from lab-worker.ts, beside its other files.
import { register } from 'tsx/esm/api';

register();
await import('./lab-worker.ts');
