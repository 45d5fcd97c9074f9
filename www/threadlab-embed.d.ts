// Types for threadlab-embed.js: the <threadlab-demo> element and connect().
// Request and reply types are generated from the Rust types (www/types/, ts-rs).
import type { RunRequest } from './types/RunRequest';
import type { RunReply } from './types/RunReply';
import type { WorkloadInfo } from './types/WorkloadInfo';
import type { InputError } from './types/InputError';
import type { Answer } from './types/Answer';

export type { RunRequest, RunReply, WorkloadInfo, InputError };

/** A run's reply as it reaches the page: images arrive as ImageBitmaps. */
export type EmbedReply = RunReply extends infer R
  ? R extends { status: 'done'; answer: Answer }
    ? Omit<R, 'answer'> & { answer: Omit<Answer, 'image' | 'before'> & { image: EmbedImage | null; before: EmbedImage | null } }
    : R
  : never;

export interface EmbedImage { width: number; height: number; bitmap: ImageBitmap; }

export interface RaceResult {
  sequential: EmbedReply;
  /** null when threads are off (the frame is not cross-origin isolated). */
  parallel: EmbedReply | null;
  speedup?: number;
  efficiency?: number;
  agree?: boolean;
}

export interface FrameInfo {
  /** True when the demo frame has a thread pool (the old name of `threaded`). */
  isolated: boolean;
  /** True when the demo frame has a thread pool. */
  threaded: boolean;
  /** Why threads are off, in one sentence; null when they are on. */
  why: string | null;
  /** Threads in the frame's pool (0 when not isolated). */
  threads: number;
  hardwareConcurrency: number;
}

export interface ThreadlabClient {
  info(): Promise<FrameInfo>;
  workloads(): Promise<WorkloadInfo[]>;
  /** Field errors for a request, [] when it is fine. */
  check(request: RunRequest): Promise<InputError[]>;
  /** Runs one request. Never rejects for bad input: see `status`. */
  run(request: RunRequest): Promise<EmbedReply>;
  /** Sequential, then parallel on `workers` (default: all threads). */
  race(request: Omit<RunRequest, 'mode'>): Promise<RaceResult>;
  cancel(): Promise<void>;
}

/** Connects to threadlab through a hidden frame. */
export function connect(): Promise<ThreadlabClient & { close(): void }>;

/**
 * <threadlab-demo demo="race|sweep|…" workload="…" size="…" workers="…" theme="light|dark|auto">;
 * `demo` is an id of www/demos/registry.js (default race); the other
 * attributes are that demo's settings, as in its page's URL.
 */
export class ThreadlabDemo extends HTMLElement {
  /** Resolves when the demo has started in its frame. */
  ready: Promise<void>;
}
/** The element answers the same calls as connect()'s client. */
export interface ThreadlabDemo extends ThreadlabClient {}

declare global {
  interface HTMLElementTagNameMap { 'threadlab-demo': ThreadlabDemo; }
}
