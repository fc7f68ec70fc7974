import { isMainThread } from 'node:worker_threads';

/**
 * True inside a worker thread: Vitest's `threads` / `vmThreads` pools and Jest's `workerThreads` run several test
 * files in one process, so process-wide counters (native heap, rss) also see the other workers.
 */
export function inSharedProcessWorker(): boolean {
  return !isMainThread;
}

export const SHARED_PROCESS_NATIVE_NOTE =
  'native: only allocations made by this worker thread are counted (shared-process pool: other test files allocate in the same process; ' +
  'allocations on the libuv threadpool are not attributed). Use the forks pool to include the threadpool.';

export const SHARED_PROCESS_RSS_NOTE = 'rss is process-wide: in a shared-process pool it includes the other workers.';
