import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { LeakproofUsageError } from '../errors.js';
import type { MeasurementSummary } from '../host.js';
import { fullGc } from '../gc.js';
import { nativeTracker } from '../native.js';
import { formatBytes } from '../units.js';
import { MONITOR_METRICS, resolveMonitorOptions, type MonitorLimitMetric, type MonitorMetric, type ResolvedMonitorOptions } from './monitor-options.js';
import { MonitorNativeWindow } from './native-window.js';
import { CONSOLE_BINDING, type MonitorTestBinding } from './test-binding.js';
import { describeCrossing, newCrossings, type ThresholdCrossing, type ThresholdLevel } from './threshold-crossing.js';
import { MonitorTimeline } from './timeline.js';

/** Marks monitor objects across module copies (Jest loads core once per test file's vm context). */
export const MONITOR_BRAND = Symbol.for('leakproof.monitor');

export type MonitorSample = Record<MonitorMetric, number>;

/** A monitor went over its `critical` limit: the test it belongs to fails with this error. */
export class MemoryCriticalError extends Error {
  override name = 'MemoryCriticalError';
  readonly crossings: readonly ThresholdCrossing[];
  readonly timeline: MonitorTimeline;

  constructor(message: string, crossings: readonly ThresholdCrossing[], timeline: MonitorTimeline) {
    super(message);
    this.crossings = crossings;
    this.timeline = timeline;
  }
}

/**
 * `leakproof.monitor(options)`: samples used heap (live + garbage: samples never force a GC; one full GC runs when
 * the monitor starts), external, native (tracker window, see MonitorNativeWindow) and rss on an unref'd timer, from
 * creation until stop() or the end of the test. The timer only fires when the event loop is free: a synchronous loop calls `monitor.sample()`.
 */
export class MemoryMonitor {
  readonly [MONITOR_BRAND] = true;
  readonly options: ResolvedMonitorOptions;
  readonly timeline: MonitorTimeline;
  readonly crossings: ThresholdCrossing[] = [];
  /** Why a metric is not sampled or how to read it (native gaps, no end-of-test hook). */
  readonly notes: string[] = [];
  readonly testName: string | undefined;
  private readonly binding: MonitorTestBinding;
  private readonly nativeWindow: MonitorNativeWindow | undefined;
  private readonly crossed: Record<ThresholdLevel, Set<MonitorLimitMetric>> = { warn: new Set(), critical: new Set() };
  private readonly startedAt = performance.now();
  private lastSampleAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setInterval> | undefined;
  private stoppedAt: number | undefined;
  private criticalReported = false;

  constructor(options: unknown, binding: MonitorTestBinding = CONSOLE_BINDING) {
    const tracker = nativeTracker();
    this.options = resolveMonitorOptions(options, tracker.ok ? undefined : tracker.reason);
    this.binding = binding;
    this.testName = binding.testName;
    let sampled: readonly MonitorMetric[] = MONITOR_METRICS.filter((metric) => metric !== 'native');
    if (this.options.native && tracker.ok) {
      const window = MonitorNativeWindow.acquire(tracker.addon);
      if (typeof window === 'string') {
        if (this.options.warn.native !== undefined || this.options.critical.native !== undefined) {
          throw new LeakproofUsageError(`leakproof.monitor: option 'warn.native' / 'critical.native' cannot be checked: ${window}`);
        }
        this.notes.push(`native not sampled: ${window}.`);
      } else {
        this.nativeWindow = window;
        sampled = MONITOR_METRICS;
      }
    }
    this.timeline = new MonitorTimeline(this.options.intervalMs, sampled);
    if (!binding.onTestEnd(() => this.endOfTest())) {
      this.notes.push('no end-of-test hook here: call monitor.stop() to end sampling and to fail on a critical crossing.');
    }
    // One full GC before the first sample: the garbage left by what ran before (a runner's transforms, earlier
    // tests) would otherwise sit in the floors toPlateau compares against. Samples never force a GC.
    fullGc();
    this.sampleNow();
    this.timer = setInterval(() => this.sampleNow(), this.options.intervalMs);
    this.timer.unref();
  }

  get running(): boolean {
    return this.stoppedAt === undefined;
  }

  get intervalMs(): number {
    return this.timeline.intervalMs;
  }

  /** Takes a sample if at least one interval has passed since the last one: call it from synchronous loops. */
  sample(): void {
    if (this.running && performance.now() - this.lastSampleAt >= this.options.intervalMs) this.sampleNow();
  }

  /** The current values, not recorded (toPlateau's confirmation after a full GC). */
  read(): MonitorSample {
    const usage = process.memoryUsage();
    return {
      heap: usage.heapUsed,
      external: usage.external,
      native: this.nativeWindow ? this.nativeWindow.read() : Number.NaN,
      rss: usage.rss,
    };
  }

  /**
   * Ends sampling and returns the timeline. Throws MemoryCriticalError when a `critical` limit was crossed (the test
   * fails; the timeline is on the error). Calling it again returns the same timeline.
   */
  stop(): MonitorTimeline {
    this.finish();
    const error = this.criticalError();
    if (error) throw error;
    return this.timeline;
  }

  private sampleNow(): void {
    const now = performance.now();
    this.lastSampleAt = now;
    const atMs = now - this.startedAt;
    const sample = this.read();
    this.timeline.push(atMs, sample);
    for (const level of ['critical', 'warn'] as const) {
      const limits = level === 'warn' ? this.options.warn : this.options.critical;
      for (const crossing of newCrossings(level, limits, sample, atMs, this.crossed[level])) {
        this.crossed[level].add(crossing.metric);
        this.crossings.push(crossing);
        const consequence = level === 'critical' ? 'the test will fail' : 'warning';
        this.binding.warn(`leakproof ${this.options.label}: ${describeCrossing(crossing, this.options.unitFamily)} (${consequence})`, level);
      }
    }
  }

  private finish(): void {
    if (this.stoppedAt !== undefined) return;
    this.sampleNow();
    this.stoppedAt = performance.now();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.nativeWindow) {
      if (this.nativeWindow.restarts > 0) {
        this.notes.push(
          `native: other leakproof measurements ran meanwhile (${this.nativeWindow.restarts}); the series has gaps there and is joined after each (a join can shift its level).`,
        );
      }
      this.nativeWindow.close();
    }
    this.binding.record(this.summary());
  }

  private endOfTest(): Error | undefined {
    this.finish();
    return this.criticalError();
  }

  private criticalError(): MemoryCriticalError | undefined {
    if (this.criticalReported) return undefined;
    const critical = this.crossings.filter((crossing) => crossing.level === 'critical');
    if (critical.length === 0) return undefined;
    this.criticalReported = true;
    const family = this.options.unitFamily;
    const lines = [
      `leakproof ${this.options.label}: memory went over the critical limit`,
      '',
      ...critical.map((crossing) => `  ${describeCrossing(crossing, family)}`),
      '',
      `  ${this.describeMaxima()}`,
    ];
    return new MemoryCriticalError(lines.join('\n'), critical, this.timeline);
  }

  /** `heap max 41.2 MB, external max 1.3 MB, rss max 120 MB over 3.1 s (62 samples every 50ms)` */
  describeMaxima(): string {
    const family = this.options.unitFamily;
    const parts = this.timeline.metrics.map((metric) => {
      let max = Number.NEGATIVE_INFINITY;
      for (const value of this.timeline.values(metric)) if (value > max) max = value;
      return `${metric} max ${Number.isFinite(max) ? formatBytes(max, family) : 'n/a'}`;
    });
    const lastMs = this.timeline.timesMs.at(-1) ?? 0;
    return `${parts.join(', ')} over ${(lastMs / 1000).toFixed(2)} s (${this.timeline.length} samples every ${this.timeline.intervalMs}ms)`;
  }

  private summary(): MeasurementSummary {
    const family = this.options.unitFamily;
    const critical = this.crossings.some((crossing) => crossing.level === 'critical');
    return {
      matcher: 'monitor',
      pass: !critical,
      fullGcs: 0,
      durationMs: (this.stoppedAt ?? performance.now()) - this.startedAt,
      headline: this.describeMaxima(),
      detail: [...this.crossings.map((crossing) => describeCrossing(crossing, family)), ...this.notes].join(' '),
      timeline: this.timeline.toSummary(),
    };
  }
}

export function isMemoryMonitor(value: unknown): value is MemoryMonitor {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MONITOR_BRAND] === true;
}
