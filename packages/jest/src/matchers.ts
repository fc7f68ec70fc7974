import { toNotLeak } from './matchers/to-not-leak.js';
import { toStayUnder } from './matchers/to-stay-under.js';
import { toBeCollected } from './matchers/to-be-collected.js';

export { toNotLeak, toStayUnder, toBeCollected };

/** Pass to `expect.extend(...)` yourself if you prefer not to use the setup entry. */
export const leakproofMatchers = { toNotLeak, toStayUnder, toBeCollected };
