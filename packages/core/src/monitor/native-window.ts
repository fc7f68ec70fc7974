import type { NativeAddon } from '@leakproof/native';
import { readNativeLive } from '../native.js';
import { isMeasurementActive, measurementsStarted } from '../serialize.js';
import { inSharedProcessWorker } from '../shared-process.js';

let owner: MonitorNativeWindow | undefined;

/**
 * The native series of a memory monitor. The tracker has one recording window per process, and every leakproof
 * measurement (toNotLeak, toStayUnder, toAllocateAtMost) starts its own window, which clears the counters. So:
 * - the monitor opens a window when it starts, only if nothing else is recording and no other monitor owns it;
 * - while a measurement holds the measurement lock the monitor records gaps (NaN) and never touches the tracker;
 * - once the measurement has ended (its window stopped), the monitor opens a new window and continues the series
 *   from its last value (offset), so the series reads "native bytes allocated since the monitor started and still
 *   live", joined across the measurements. What was kept during a gap is not counted, and blocks allocated before
 *   a restart and freed after it are not seen freeing (the new window never recorded them): a join can shift the
 *   level up or down; slopes over many samples are what toPlateau reads.
 */
export class MonitorNativeWindow {
  private readonly addon: NativeAddon;
  private generation: number;
  private offset = 0;
  private last = 0;
  private ownsWindow = true;
  private closed = false;
  /** How many times the window was restarted after another measurement. */
  restarts = 0;

  private constructor(addon: NativeAddon) {
    this.addon = addon;
    this.generation = measurementsStarted();
    this.open();
  }

  /** Opens the monitor's window, or says why the monitor cannot sample native memory now. */
  static acquire(addon: NativeAddon): MonitorNativeWindow | string {
    if (owner) return 'another memory monitor is sampling native memory (one native window per process)';
    if (isMeasurementActive()) return 'a leakproof measurement is running';
    if (addon.isRecording()) return 'the native tracker is already recording (a window someone else started)';
    owner = new MonitorNativeWindow(addon);
    return owner;
  }

  /** Native bytes since the monitor started (see class doc), or NaN while another measurement owns the tracker. */
  read(): number {
    if (this.closed) return Number.NaN;
    if (isMeasurementActive()) {
      this.ownsWindow = false;
      return Number.NaN;
    }
    if (!this.ownsWindow || measurementsStarted() !== this.generation || !this.addon.isRecording()) {
      this.offset = this.last;
      this.generation = measurementsStarted();
      this.open();
      this.restarts++;
      return this.last;
    }
    this.last = this.offset + readNativeLive(this.addon);
    return this.last;
  }

  /** Stops the window when it is still the monitor's own; releases ownership either way. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsWindow && measurementsStarted() === this.generation && !isMeasurementActive()) this.addon.stop();
    if (owner === this) owner = undefined;
  }

  private open(): void {
    this.addon.start({ stacks: 'cheap', threads: inSharedProcessWorker() ? 'current' : 'all' });
    this.ownsWindow = true;
  }
}
