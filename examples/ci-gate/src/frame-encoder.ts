// The revision under test: CI_GATE_REVISION=head loads the pull request's version (see ci-local.mjs).
import { FrameEncoder as BaseEncoder } from './base/frame-encoder.js';
import { FrameEncoder as HeadEncoder } from './head/frame-encoder.js';

export const FrameEncoder = process.env.CI_GATE_REVISION === 'head' ? HeadEncoder : BaseEncoder;
