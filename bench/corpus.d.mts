// Types of the pure part of bench/corpus.mjs for its unit test (test/bench/bench-lib.test.ts).

export const SERVICES: readonly string[];
export function copyName(k: number): string;
export function fileName(service: string): string;
export function copyLines(text: string, k: number, maxBytes?: number): Generator<string>;
