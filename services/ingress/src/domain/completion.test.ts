import { describe, expect, it } from 'vitest';
import { capBody, captureBody } from './completion.ts';

describe('body capture for storage', () => {
  it('keeps the first bytes of a chunked body and says whether more came', () => {
    const c = captureBody(5);
    c.add(Buffer.from('abc'));
    c.add(Buffer.from('defg'));
    c.add(Buffer.from('h'));
    expect(c.result()).toEqual({ bytes: Buffer.from('abcde'), truncated: true });
    const whole = captureBody(5);
    whole.add(Buffer.from('abcde'));
    expect(whole.result()).toEqual({ bytes: Buffer.from('abcde'), truncated: false });
  });

  it('cuts a whole body at the limit', () => {
    expect(capBody(Buffer.from('abcdef'), 4)).toEqual({ bytes: Buffer.from('abcd'), truncated: true });
    expect(capBody(Buffer.from('ab'), 4)).toEqual({ bytes: Buffer.from('ab'), truncated: false });
  });
});
