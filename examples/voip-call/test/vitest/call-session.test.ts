import { leakproof, track } from '@leakproof/vitest';
import { callSessionSuite } from '../call-session.suite.js';

callSessionSuite(track, leakproof);
