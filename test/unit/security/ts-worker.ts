// Starts a TypeScript module in a worker thread (tsx registered inside it): the security tests
// run the code under test there, so that a synchronous hang can be detected and terminated.
import { Worker } from 'node:worker_threads';

/** Heap of a test worker: running out of it ends the worker (ERR_WORKER_OUT_OF_MEMORY), not the test process. */
const HEAP_MB = 1024;

export function startTsWorker(module: URL, workerData?: unknown): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(code, { eval: true, workerData, resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
}

/** A worker's message of `type`, or its error / exit, whichever comes first. */
export function nextMessage<T>(worker: Worker, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string }): void => {
      if (message.type !== type) return;
      cleanup();
      resolve(message as T);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`worker exited (${code}) before sending ${type}`));
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
  });
}
