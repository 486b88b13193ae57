import { describe, expect, it } from 'vitest';
import { traceparentOf } from './trace-context.ts';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('traceparentOf', () => {
  it('keeps a valid version 00 header as it is', () => {
    expect(traceparentOf(VALID)).toBe(VALID);
    expect(traceparentOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00');
  });

  it('drops what the spec calls invalid', () => {
    for (const bad of [
      undefined,
      '',
      'garbage',
      VALID.toUpperCase(),
      `${VALID}-extra`, // version 00 has exactly four fields
      `ff${VALID.slice(2)}`,
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`,
      '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01', // short trace id
      ` ${VALID}`,
    ]) {
      expect({ bad, got: traceparentOf(bad) }).toEqual({ bad, got: '' });
    }
  });

  it('reads a later version by its version 00 part', () => {
    expect(traceparentOf(`01${VALID.slice(2)}-what-comes-next`)).toBe(`01${VALID.slice(2)}`);
    expect(traceparentOf(`01${VALID.slice(2)}x`)).toBe('');
  });
});
