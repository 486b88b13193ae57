import { describe, expect, it } from 'vitest';
import { checkRoute } from './route-rules.ts';

const creds = [{ name: 'mine', provider: 'openai' }];
const param = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { param?: string }).param;
  }
  return 'no error';
};

describe('checkRoute', () => {
  it('defaults to priority and gives weighted targets a weight', () => {
    expect(checkRoute({ targets: [{ provider: 'openai', model: 'm', credential: 'mine' }] }, creds)).toEqual({ strategy: 'priority', targets: [{ provider: 'openai', model: 'm', credential: 'mine' }] });
    expect(checkRoute({ strategy: 'weighted', targets: [{ provider: 'a', model: 'm' }, { provider: 'b', model: 'm', weight: 2 }] }, [])).toEqual({
      strategy: 'weighted',
      targets: [
        { provider: 'a', model: 'm', weight: 1 },
        { provider: 'b', model: 'm', weight: 2 },
      ],
    });
  });

  it('names the target at fault', () => {
    expect(param(() => checkRoute({ targets: [{ provider: 'a', model: 'm' }, { provider: 'a', model: 'n', weight: 1 }] }, []))).toBe('targets[1].weight');
    expect(param(() => checkRoute({ targets: [{ provider: 'a', model: 'm', credential: 'x' }] }, creds))).toBe('targets[0].credential');
    expect(param(() => checkRoute({ targets: [{ provider: 'groq', model: 'm', credential: 'mine' }] }, creds))).toBe('targets[0].credential');
    expect(param(() => checkRoute({ targets: [{ provider: 'a', model: 'm' }, { provider: 'a', model: 'm' }] }, []))).toBe('targets[1]');
  });
});
