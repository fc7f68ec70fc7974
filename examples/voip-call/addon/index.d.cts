declare const loader: {
  /** build/Release/voip_call.node */
  binaryPath: string;
  /** The C++ sources (for tests that look up a line). */
  sourceDir: string;
  /** require()s the addon binary. */
  load(): unknown;
};
export = loader;
