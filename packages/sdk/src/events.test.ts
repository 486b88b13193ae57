import { describe, expect, it } from 'vitest';
import { parseBatchResult } from './batch-result.ts';
import { agentStep, completeEvent, error, promptCall, toolCall } from './events.ts';
import { uuidv7 } from './uuid.ts';

describe('events', () => {
  it('helpers set the event type and keep every other field', () => {
    expect(promptCall({ model: 'm', tokens_input: 1, custom: 'x' })).toEqual({ event_type: 'prompt_call', model: 'm', tokens_input: 1, custom: 'x' });
    expect(toolCall({ tool_name: 'search', tool_input: { q: 'a' } })).toEqual({ event_type: 'tool_call', tool_name: 'search', tool_input: { q: 'a' } });
    expect(agentStep({ run_id: 'r', step: 2 })).toEqual({ event_type: 'agent_step', run_id: 'r', step: 2 });
  });

  it('error() takes an Error or any value', () => {
    expect(error(new RangeError('bad'), { run_id: 'r' })).toEqual({ event_type: 'error', status: 'error', run_id: 'r', error_message: 'bad', metadata: { error_name: 'RangeError' } });
    expect(error('oops')).toEqual({ event_type: 'error', status: 'error', error_message: 'oops' });
  });

  it('completeEvent fills id and millisecond timestamp only when absent', () => {
    const now = Date.parse('2026-03-04T05:06:07.089Z');
    const e = completeEvent({ event_type: 'custom' }, now);
    expect(e.timestamp).toBe('2026-03-04T05:06:07.089Z');
    expect(e.event_id?.slice(0, 13)).toBe(uuidv7(now).slice(0, 13));
    expect(completeEvent({ event_type: 'c', event_id: 'a', timestamp: 't' }, now)).toEqual({ event_type: 'c', event_id: 'a', timestamp: 't' });
  });

  it('uuidv7 encodes the time, version and variant', () => {
    expect(uuidv7(0, new Uint8Array(10))).toBe('00000000-0000-7000-8000-000000000000');
    expect(uuidv7(1, new Uint8Array(10).fill(255))).toBe('00000000-0001-7fff-bfff-ffffffffffff');
  });
});

describe('parseBatchResult', () => {
  it('reads the 207 errors list and strips the events[i] prefix from the field', () => {
    const body = { accepted: 2, duplicates: 1, rejected: 2, errors: [{ index: 1, event_id: 'e', param: 'events[1].tokens_input', message: 'm' }, { index: 3, event_id: null, param: 'events[3]', message: 'not an object' }] };
    expect(parseBatchResult(body, 5)).toEqual({
      accepted: 2,
      duplicates: 1,
      rejected: [
        { index: 1, event_id: 'e', reason: 'm', field: 'tokens_input' },
        { index: 3, event_id: undefined, reason: 'not an object', field: undefined },
      ],
      raw: body,
    });
    expect(parseBatchResult({ accepted: 3, duplicates: 0, rejected: 0 }, 3)).toMatchObject({ accepted: 3, rejected: [] });
    expect(parseBatchResult(undefined, 4)).toMatchObject({ accepted: 4, duplicates: 0, rejected: [] });
  });
});
