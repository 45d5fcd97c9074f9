// Types for threadlab-embed.js: the <threadlab-demo> element and connect().
// Request and reply types are generated from the Rust types (www/types/, ts-rs).
import type { RunRequest } from './types/RunRequest';
import type { RunReply } from './types/RunReply';
import type { WorkloadInfo } from './types/WorkloadInfo';
import type { InputError } from './types/InputError';
import type { Answer } from './types/Answer';
import type { DemoInfo } from './types/DemoInfo';
import type { SyncReply } from './types/SyncReply';
import type { StepperView } from './types/StepperView';
import type { StepperReply } from './types/StepperReply';
import type { Stepper } from './types/Stepper';
import type { ModesRequest } from './types/ModesRequest';
import type { ModesSettings } from './types/ModesSettings';
import type { ModesReply } from './types/ModesReply';
import type { SettingsReply } from './types/SettingsReply';

export type { RunRequest, RunReply, WorkloadInfo, InputError, DemoInfo, SyncReply, StepperView, StepperReply, Stepper,
  ModesRequest, ModesSettings, ModesReply, SettingsReply };

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
  /** The frame's wasm memory now, in bytes (0 without a pool). */
  memory_bytes: number;
}

export interface SweepPoint { workers: number; runs: number[]; median_ms: number; }
export type SweepResult =
  | { status: 'done'; points: SweepPoint[]; /** median on 1 worker / median on k, by k */ speedup: number[] }
  | { status: 'invalid' | 'cancelled' | 'failed'; reply: EmbedReply; points: SweepPoint[] };

/** Elapsed ms of one task list each way (null: threads are off). */
export interface ModesTimes { sequential: number | null; threads: number | null; gil: number | null; }
export type ModesMeasure =
  | { status: 'done'; threaded: boolean; cpu: ModesTimes; io: ModesTimes }
  | Exclude<SettingsReply, { status: 'done' }>;

/** The synchronisation demos: race, deadlock, rlock, semaphore, event, barrier, queue; and the stepper. */
export interface SyncApi {
  /** Each demo's title, lesson and fields (names, limits, defaults). */
  demos(): Promise<DemoInfo[]>;
  /** e.g. run('deadlock', { workers: 2 }); missing params take their defaults. */
  run(demo: 'race' | 'deadlock' | 'rlock' | 'semaphore' | 'event' | 'barrier' | 'queue', params?: Record<string, number | string>): Promise<SyncReply>;
  stepperNew(locked: boolean, rounds: number): Promise<StepperView>;
  stepperStep(state: Stepper, thread: number): Promise<StepperReply>;
}

/** Threads vs processes vs the GIL: task lists on threads, with or without the GIL. */
export interface ModesApi {
  run(request: ModesRequest): Promise<ModesReply>;
  check(settings: ModesSettings): Promise<SettingsReply>;
  /** CPU-bound and I/O-bound lists, sequential, on threads, on threads under the GIL. */
  measure(settings?: ModesSettings): Promise<ModesMeasure>;
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
  /** The speedup sweep: `reps` (default 3) runs on 1, 2, … `workers` (default all threads). */
  sweep(request: Omit<RunRequest, 'mode' | 'workers'> & { workers?: number; reps?: number }): Promise<SweepResult>;
  sync: SyncApi;
  modes: ModesApi;
  cancel(): Promise<void>;
}

/** Connects to threadlab through a hidden frame. */
export function connect(): Promise<ThreadlabClient & { close(): void }>;

/** Every demo an element can show (www/demos/registry.js). */
export type DemoId = 'race' | 'sweep' | 'counter-race' | 'stepper' | 'deadlock' | 'rlock' | 'semaphore' | 'event'
  | 'barrier' | 'queue' | 'modes' | 'gil-switch' | 'faults' | 'moving-data';

/**
 * <threadlab-demo demo="race|sweep|deadlock|…" theme="light|dark|auto" autorun loading="lazy|eager" …settings>;
 * `demo` is an id of www/demos/registry.js (default race); every other
 * attribute is that demo's setting, by its page's URL parameter name
 * (README: "Embedding a demo in your article"). After each run the element
 * sets data-runs and data-status and fires `threadlab:ran`.
 */
export class ThreadlabDemo extends HTMLElement {
  /**
   * Resolves when the demo has started in its frame: when the reader comes
   * within a screen of it, or at once after any call (a call loads and
   * starts the frame however far down it is).
   */
  ready: Promise<void>;
  /** Runs the demo shown with its current settings; resolves to its reply. */
  runDemo(): Promise<unknown>;
  /** The reply of the demo's autorun (null without autorun). */
  lastReply(): Promise<unknown>;
  /** The demo's current settings, by attribute name. */
  settings(): Promise<Record<string, string>>;
}
/** The element answers the same calls as connect()'s client. */
export interface ThreadlabDemo extends ThreadlabClient {}

declare global {
  interface HTMLElementTagNameMap { 'threadlab-demo': ThreadlabDemo; }
}
