import { ErrorClass } from '@tollgate/proto/events';
import { describe, expect, it } from 'vitest';
import { classifyFault, classifyStatus, failureBody, failureStatus, faultOf, parseRetryAfter, safeMessage } from './classify.ts';

const seen = (status: number, message?: string, retry = 0) => {
  const f = classifyStatus(status, message, retry);
  return { status: failureStatus(f), class: f.errorClass, body: JSON.parse(failureBody(f)).error, retry: f.retryAfterS };
};

describe('classifyStatus', () => {
  it('keeps a short upstream message on a 400 (the client needs it to fix its request)', () => {
    expect(seen(400, "'messages' is a required property")).toMatchObject({ status: 400, class: ErrorClass.BAD_REQUEST, body: { code: 'invalid_request', message: "'messages' is a required property" } });
  });

  it('drops an upstream 400 message that names a URL or a key', () => {
    expect(seen(400, 'see https://internal.example/x').body.message).not.toContain('internal');
    expect(seen(400, 'Incorrect API key provided: sk-abc123456789').body.message).not.toContain('sk-');
    expect(seen(400, 'x'.repeat(1000)).body.message.length).toBeLessThan(100);
  });

  it("maps 401/403 to 502: the gateway's provider credentials were rejected, not the client's", () => {
    for (const s of [401, 403]) expect(seen(s, 'Incorrect API key sk-...')).toMatchObject({ status: 502, class: ErrorClass.AUTH, body: { code: 'upstream_error' } });
    expect(seen(401).body.message).not.toContain('sk-');
  });

  it('maps 404 to model_not_found, 429 to rate_limit_exceeded with the retry delay, 5xx to 502', () => {
    expect(seen(404)).toMatchObject({ status: 404, class: ErrorClass.NOT_FOUND, body: { code: 'model_not_found' } });
    expect(seen(429, undefined, 3)).toMatchObject({ status: 429, class: ErrorClass.RATE_LIMITED, retry: 3, body: { code: 'rate_limit_exceeded', type: 'rate_limit_error' } });
    for (const s of [500, 502, 503, 529]) expect(seen(s, 'boom at 10.1.2.3')).toMatchObject({ status: 502, class: ErrorClass.UPSTREAM, body: { code: 'upstream_error' } });
  });
});

describe('classifyFault / faultOf', () => {
  it('maps a deadline to 504 and a refused or reset connection to 502', () => {
    expect(failureStatus(classifyFault('timeout'))).toBe(504);
    expect(JSON.parse(failureBody(classifyFault('timeout'))).error.code).toBe('upstream_timeout');
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    expect(faultOf(refused, { timedOut: false, cancelled: false })).toBe('connection');
    expect(faultOf({ cause: { code: 'ECONNRESET' } }, { timedOut: false, cancelled: false })).toBe('connection');
    const f = classifyFault('connection');
    expect([failureStatus(f), f.errorClass]).toEqual([502, ErrorClass.CONNECTION]);
    expect(failureBody(f)).not.toContain('10.0.0.1');
  });

  it('trusts who aborted over the error text', () => {
    expect(faultOf(new Error('aborted'), { timedOut: true, cancelled: false })).toBe('timeout');
    expect(faultOf(new Error('aborted'), { timedOut: false, cancelled: true })).toBe('cancelled');
    expect(classifyFault('cancelled').errorClass).toBe(ErrorClass.CANCELLED);
  });

  it('maps malformed and cut answers to 502 UPSTREAM', () => {
    for (const f of ['malformed', 'cut'] as const) expect([failureStatus(classifyFault(f)), classifyFault(f).errorClass]).toEqual([502, ErrorClass.UPSTREAM]);
  });
});

describe('parseRetryAfter / safeMessage', () => {
  it('reads seconds and HTTP dates, 0 when absent or unreadable', () => {
    expect(parseRetryAfter('2', 0)).toBe(2);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60);
    expect(parseRetryAfter(undefined, 0)).toBe(0);
    expect(parseRetryAfter('soon', 0)).toBe(0);
  });

  it('refuses non-strings and messages naming hosts', () => {
    expect(safeMessage({ a: 1 })).toBeUndefined();
    expect(safeMessage('bad host 192.168.1.20')).toBeUndefined();
    expect(safeMessage('Invalid value for temperature')).toBe('Invalid value for temperature');
  });
});
