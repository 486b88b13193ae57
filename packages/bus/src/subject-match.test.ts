import { describe, expect, it } from 'vitest';
import { subjectMatches, subjectsOverlap } from './subject-match.ts';

describe('subjectMatches', () => {
  it('matches literals, * as one token and > as one or more trailing tokens', () => {
    expect(subjectMatches('tg.events.request.p1', 'tg.events.request.p1')).toBe(true);
    expect(subjectMatches('tg.events.*.p1', 'tg.events.request.p1')).toBe(true);
    expect(subjectMatches('tg.events.>', 'tg.events.request.p1')).toBe(true);
    expect(subjectMatches('tg.events.>', 'tg.events')).toBe(false);
    expect(subjectMatches('tg.events.*', 'tg.events.request.p1')).toBe(false);
    expect(subjectMatches('tg.events.request', 'tg.events.request.p1')).toBe(false);
    expect(subjectMatches('tg.alerts.>', 'tg.events.request.p1')).toBe(false);
  });

  it('compares whole tokens, never prefixes, and counts tokens exactly', () => {
    expect(subjectMatches('tg.event.>', 'tg.events.x')).toBe(false);
    expect(subjectMatches('tg.events.>', 'tg.event.x')).toBe(false);
    expect(subjectMatches('tg.events.x', 'tg.events.xy')).toBe(false);
    expect(subjectMatches('tg.events.xy', 'tg.events.x')).toBe(false);
    expect(subjectMatches('*', 'tg')).toBe(true);
    expect(subjectMatches('*', 'tg.events')).toBe(false);
    expect(subjectMatches('tg.*', 'tg')).toBe(false);
    expect(subjectMatches('>', 'tg.events.x')).toBe(true);
    expect(subjectMatches('tg.>.x', 'tg.a.x')).toBe(false); // '>' is a wildcard only as the last token
    expect(subjectMatches('tg.*.*', 'tg.a.b')).toBe(true);
    expect(subjectMatches('tg.*.*', 'tg.a.b.c')).toBe(false);
  });
});

describe('subjectsOverlap', () => {
  it('finds the stream whose subjects can hold a consumer filter', () => {
    expect(subjectsOverlap('tg.events.>', 'tg.events.request.>')).toBe(true);
    expect(subjectsOverlap('tg.events.request.*', 'tg.events.>')).toBe(true);
    expect(subjectsOverlap('tg.*.request.x', 'tg.events.*.x')).toBe(true);
    expect(subjectsOverlap('tg.events.>', 'tg.alerts.>')).toBe(false);
    expect(subjectsOverlap('tg.events.*', 'tg.events.a.b')).toBe(false);
    expect(subjectsOverlap('tg.events', 'tg.events.>')).toBe(false);
  });
});
