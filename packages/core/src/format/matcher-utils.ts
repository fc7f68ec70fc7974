/** The part of Jest's / Vitest's `this.utils` that leakproof's messages use. */
export interface MatcherUtilsLike {
  matcherHint(matcherName: string, received?: string, expected?: string, options?: { isNot?: boolean; promise?: string }): string;
  printReceived(value: unknown): string;
  printExpected(value: unknown): string;
  RECEIVED_COLOR(text: string): string;
  EXPECTED_COLOR(text: string): string;
  DIM_COLOR?(text: string): string;
}

const identity = (text: string): string => text;

/** Fills what a runner did not provide with plain-text equivalents. */
export function completeUtils(utils: Partial<MatcherUtilsLike> | undefined): MatcherUtilsLike {
  return {
    matcherHint:
      utils?.matcherHint?.bind(utils) ??
      ((name, received = 'received', expected = '', options) =>
        `expect(${received})${options?.isNot ? '.not' : ''}.${name}(${expected})`),
    printReceived: utils?.printReceived?.bind(utils) ?? ((value) => String(value)),
    printExpected: utils?.printExpected?.bind(utils) ?? ((value) => String(value)),
    RECEIVED_COLOR: utils?.RECEIVED_COLOR ?? identity,
    EXPECTED_COLOR: utils?.EXPECTED_COLOR ?? identity,
    DIM_COLOR: utils?.DIM_COLOR ?? identity,
  };
}
