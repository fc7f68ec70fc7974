import { toNotLeak } from './matchers/to-not-leak.js';
import { toStayUnder } from './matchers/to-stay-under.js';
import { toBeCollected } from './matchers/to-be-collected.js';
import { toPlateau } from './matchers/to-plateau.js';
import { toAllocateAtMost } from './matchers/to-allocate-at-most.js';

export { toNotLeak, toStayUnder, toBeCollected, toPlateau, toAllocateAtMost };

/** Pass to `expect.extend(...)` yourself if you prefer not to import the side-effect entry. */
export const leakproofMatchers = { toNotLeak, toStayUnder, toBeCollected, toPlateau, toAllocateAtMost };
