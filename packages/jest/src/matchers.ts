import { toNotLeak } from './matchers/to-not-leak.js';
import { toStayUnder } from './matchers/to-stay-under.js';

export { toNotLeak, toStayUnder };

/** Pass to `expect.extend(...)` yourself if you prefer not to use the setup entry. */
export const leakproofMatchers = { toNotLeak, toStayUnder };
