import { leakproof, track } from '@leakproof/jest';
import { callSessionSuite } from '../call-session.suite.js';

callSessionSuite(track, leakproof);
