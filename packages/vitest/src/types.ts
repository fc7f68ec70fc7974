// The matcher typings are the same for every runner; they live in @leakproof/core.
export type { ByteInput, LeakOptions, LeakproofMatchers, PeakLimit } from '@leakproof/core';
export type { AllocationLimits, MonitorOptions, MonitorThreshold, PlateauOptions } from '@leakproof/core';
