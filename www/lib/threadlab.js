// The name scripts written before PoolClient use (the benchmark harness):
// a PoolClient whose `isolated` and `workloads` are plain properties.
import { defaultThreads, PoolClient } from './client.js';

export class ThreadLab extends PoolClient {
  /**
   * @param {{threads?: number, onRestart?: (why: string, ready: Promise<void>) => void}} [options]
   * @returns {Promise<ThreadLab>}
   */
  static async create({ threads = defaultThreads(), onRestart } = {}) {
    const lab = new ThreadLab(threads);
    if (onRestart) lab.onRestart(onRestart);
    await lab.ready();
    return lab;
  }
  /** Threads are on (the old name: they need cross-origin isolation). */
  get isolated() {
    return this.threaded;
  }
  get workloads() {
    return this.info.workloads;
  }
}
