/// <reference types="vitest/globals" />
/// <reference types="@leakproof/vitest" />
