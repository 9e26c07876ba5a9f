import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchOtherWriters } from '../../electron/core/rpc/other-writers.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A store whose count the test sets, and what the watcher announced. */
function setUp() {
  vi.useFakeTimers();
  const state = { stored: 10, failing: false };
  const announced: number[] = [];
  const logged: string[] = [];
  const watch = watchOtherWriters({
    count: async () => {
      if (state.failing) throw new Error('connection refused');
      return state.stored;
    },
    announce: (n) => announced.push(n),
    log: (m) => logged.push(m),
    intervalMs: 1000,
  });
  const tick = async () => {
    await vi.advanceTimersByTimeAsync(1000);
  };
  return { state, announced, logged, watch, tick };
}

describe('events other processes store', () => {
  it('announces what another process added, and nothing while nobody writes', async () => {
    const { state, announced, watch, tick } = setUp();
    await tick();
    expect(announced).toEqual([]);
    state.stored += 250;
    await tick();
    expect(announced).toEqual([250]);
    await tick();
    expect(announced).toEqual([250]);
    watch.stop();
  });

  it('does not announce again what this process stored and announced itself', async () => {
    const { state, announced, watch, tick } = setUp();
    await tick();
    state.stored += 5;
    watch.ownAdded(5);
    await tick();
    expect(announced).toEqual([]);
    // Ours and someone else's in the same second: only theirs.
    state.stored += 7;
    watch.ownAdded(3);
    await tick();
    expect(announced).toEqual([4]);
    watch.stop();
  });

  it('says when events were removed elsewhere, so views ask again', async () => {
    const { state, announced, watch, tick } = setUp();
    await tick();
    state.stored -= 10;
    await tick();
    expect(announced).toEqual([0]);
    watch.stop();
  });

  it('logs a store that went away once, and goes on when it is back', async () => {
    const { state, announced, logged, watch, tick } = setUp();
    await tick();
    state.failing = true;
    await tick();
    await tick();
    expect(logged).toEqual(['watching for other writers: connection refused']);
    state.failing = false;
    state.stored += 1;
    await tick();
    expect(announced).toEqual([1]);
    watch.stop();
    state.stored += 1;
    await tick();
    expect(announced).toEqual([1]);
  });
});
